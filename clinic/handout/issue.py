"""Issue a handout: freeze the programme into a snapshot, render it, record who gave what.

The snapshot is the whole handout as plain data, so a reprint never consults
plugins; the content key (sha256 of snapshot and options) lets an unchanged
programme be re-exported from the cache without rendering.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import date

from flask import current_app
from flask_babel import gettext

from clinic.catalogue import Catalogue, handout_sections
from clinic.db import db
from clinic.exercise_data.snapshot import Changes, HandoutSnapshot, read_snapshot
from clinic.handout import memo
from clinic.handout.changes import compare_snapshots, with_adherence
from clinic.handout.language import handout_languages, language_name
from clinic.handout.options import HandoutOptions
from clinic.handout.part_render import part_cache_on, print_in_parts
from clinic.handout.render import render_html, render_pdf
from clinic.handout.render_version import render_version
from clinic.handout.resolve import resolve_programme
from clinic.i18n import has_catalogue
from clinic.models import IssuedHandout, PatientLink, Programme, User
from clinic.pdf_cache import HandoutCache, pdf_key
from clinic.pdf_cache import content_key as cache_content_key
from clinic.services import audit
from clinic.services.patient_links import PrintedLink, draft_link, keep_link, link_base_url, new_link, printed_link
from clinic.state import catalogue, clinic_state

log = logging.getLogger(__name__)


class HandoutRefused(ValueError):
    """A handout that must not be printed as it stands; the message is shown to the therapist."""


class HandoutTooLarge(HandoutRefused):
    """More exercises than one handout may hold."""


def check_complete(snapshot: HandoutSnapshot) -> None:
    """Refuse rather than silently leave out an exercise whose plugin is gone or disabled."""
    missing = snapshot.missing_exercises
    if missing:
        raise HandoutRefused(gettext(
            "These exercises are no longer in the library: %(names)s. "
            "Remove them from the programme, or ask your admin to turn their plugin back on.",
            names=", ".join(missing)))


class NoTextInLanguage(HandoutRefused):
    """A language nothing in the handout is written in: it would print in English, laid out for another script."""


def check_language_has_text(programme: Programme, language: str) -> None:
    """Refuse a language with no words for this handout: neither clinic's nor the programme's content.

    A language has text when clinic's own words are translated into it (a
    gettext catalogue), or when the programme's protocol or one of its exercises
    is. Otherwise every word would print in English, and for a right-to-left
    language in a mirrored layout, which no patient asked for.
    """
    cat = catalogue()
    if language == "en" or has_catalogue(language) or _programme_has(programme, cat, language):
        return
    offered = ", ".join(name for code, name in handout_languages(cat)
                        if code == "en" or has_catalogue(code) or _programme_has(programme, cat, code))
    raise NoTextInLanguage(gettext(
        "Nothing in this handout is written in %(name)s ('%(code)s'): it would print in English. "
        "Choose a language the handout has text for: %(offered)s.",
        name=language_name(language), code=language[:10], offered=offered,
    ))


def _programme_has(programme: Programme, cat: Catalogue, language: str) -> bool:
    protocol = cat.protocols.get(programme.protocol_id or "")
    if protocol is not None and language in protocol.translations:
        return True
    return any(language in cat.exercises[i.exercise_id].translations
               for i in programme.items if i.exercise_id in cat.exercises)


def check_size(programme: Programme) -> None:
    limit = int(current_app.config["MAX_EXERCISES_PER_HANDOUT"])
    count = len(programme.items)
    if count > limit:
        raise HandoutTooLarge(gettext(
            "This programme has %(count)d exercises, but a handout can hold at most %(limit)d. "
            "Remove some exercises, or split them into two programmes.", count=count, limit=limit))


def content_key(snapshot: HandoutSnapshot, options: HandoutOptions) -> str:
    return cache_content_key(snapshot.stored(), options.as_dict())


def download_name(patient_name: str, day: str) -> str:
    """``Lopez-programme-2026-11-25.pdf``: the last name, kept to letters, digits and dashes."""
    words = patient_name.split()
    last = re.sub(r"[^\w-]", "", words[-1] if words else "", flags=re.UNICODE)[:40] or "patient"
    return f"{last}-programme-{day}.pdf"


def issued_download_name(handout: IssuedHandout) -> str:
    """The file name of a handout already given: the patient's name and day as its snapshot printed them."""
    return download_name(handout.snapshot["patient"]["name"], handout.snapshot.get("date") or date.today().isoformat())


# clinic.handout.memo relies on this keeping the latest handout's box for the same exercises.
def changes_since_last(programme: Programme, snapshot: HandoutSnapshot) -> Changes | None:
    """What changed since the latest earlier handout of this programme.

    When that handout printed the same exercises in the same language (a
    re-export), its own "What changed" box is kept, so an unchanged programme
    keeps the same content key and only one earlier snapshot is ever loaded. Snapshots are
    compared rather than versions: item edits do not always raise the version.
    """
    stored = db.session.execute(IssuedHandout.latest_of(programme.id, IssuedHandout.snapshot)).scalar_one_or_none()
    if stored is None:
        return None
    latest = read_snapshot(stored)
    changes = compare_snapshots(latest, snapshot)
    if changes is None and latest.language == snapshot.language:
        return latest.changes  # a re-export keeps its box; in another language its words would not fit
    # Only a changed programme counts sessions: an unchanged re-export must keep its content key (and link).
    return with_adherence(changes, programme, date.fromisoformat(snapshot.date)) if changes else changes


def build_snapshot(
    programme: Programme, therapist: User | None, options: HandoutOptions, today: date | None = None
) -> HandoutSnapshot:
    """Resolve the programme, then add plugin sections and the changes since last time."""
    check_size(programme)
    check_language_has_text(programme, options.language)
    patient, clinic = programme.patient, programme.clinic
    if patient is None:
        raise ValueError("only a patient's programme can be printed, not a template")
    therapist = therapist or programme.therapist
    snapshot = resolve_programme(programme, patient, clinic, therapist, catalogue(), options.language, today)

    def skip(plugin: str, problem: str) -> None:
        log.error("handout section of plugin %s skipped: %s", plugin, problem)

    sections = handout_sections(clinic_state().pm, snapshot, options.language, skip)
    snapshot = snapshot.model_copy(update={"handout_sections": tuple(sections)})
    return snapshot.model_copy(update={"changes": changes_since_last(programme, snapshot)})


def _checked(cached: bytes | None, trusted: frozenset[str] | None, clinic_id: int, key: str) -> bytes | None:
    """A cached PDF only when it is a file this clinic recorded for this content; anything else is rendered again.

    The cache is a folder on disk; what the database says was printed is the
    authority, so a replaced or damaged file is never handed to a patient.
    ``trusted`` is None when nothing was ever recorded for the key (the file is
    the only copy there is) and empty for an imported handout (no file here is
    known to be it).
    """
    if cached is None or trusted is None:
        return cached
    if not trusted:
        return None
    if hashlib.sha256(cached).hexdigest() in trusted:
        return cached
    log.warning("cached handout %s of clinic %s does not match its recorded checksum; rendered again",
                key, clinic_id)
    return None


def pdf_for(clinic_id: int, snapshot: HandoutSnapshot, options: HandoutOptions, key: str,
            trusted: frozenset[str] | None, issuing: bool, link: PatientLink | None = None) -> tuple[bytes, bool]:
    """The PDF from this clinic's cache, or rendered and cached; the flag says it was a cache hit.

    Files are looked up by content key, patient link *and* render version, so
    after a change of template, stylesheet or library the snapshot is laid out
    again. Such a render may differ from every checksum recorded for the key;
    it is cached only when ``issuing`` (the caller records its checksum) or
    when it is one of the ``trusted`` checksums, so a file the cache serves is
    always one the database vouches for. ``link`` is the patient link the PDF
    prints; it is added at render time, never to the snapshot.
    """
    printed = printed_link(link) if link is not None else None
    file_key = pdf_key(key, link.token_hash if printed is not None and link is not None else None)
    cache = HandoutCache.for_app(render_version())
    cached = _checked(cache.get(clinic_id, file_key), trusted, clinic_id, file_key)
    if cached is not None:
        return cached, True
    pdf = _render(clinic_id, snapshot, options, printed)
    if issuing or trusted is None or hashlib.sha256(pdf).hexdigest() in trusted:
        cache.put(clinic_id, file_key, pdf)
    return pdf, False


def _render(clinic_id: int, snapshot: HandoutSnapshot, options: HandoutOptions,
            link: PrintedLink | None) -> bytes:
    """Lay the snapshot out whole, or from this clinic's cached parts when ``HANDOUT_PART_CACHE`` is on."""
    if part_cache_on():
        return print_in_parts(clinic_id, render_html(snapshot, options, link=link), options).pdf
    return render_pdf(snapshot, options, link=link)


def _recorded_sha256s(clinic_id: int, key: str, link: PatientLink | None) -> frozenset[str] | None:
    """The checksums of every handout this clinic printed with this content key and link (None: never printed).

    More than one when the content was printed again after the render version
    changed; each is a file this app rendered for this very content and link.
    """
    if link is not None and link.id is None:
        return None  # a link not yet saved has printed nothing
    link_is = IssuedHandout.patient_link_id.is_(None) if link is None else IssuedHandout.patient_link_id == link.id
    found = frozenset(db.session.execute(
        db.select(IssuedHandout.pdf_sha256)
        .where(IssuedHandout.clinic_id == clinic_id, IssuedHandout.content_key == key,
               IssuedHandout.pdf_sha256 != "", link_is)
    ).scalars())
    return found or None


def _link_for(programme: Programme, key: str, base_url: str | None) -> PatientLink | None:
    """The patient link the new handout prints, not yet saved when it is a new one (``keep_link`` saves it).

    An export that prints exactly what the programme's latest handout printed
    is the same handout again: it keeps that handout's live link, so both
    papers work and the cached PDF is served. Anything else gets a new link,
    and the programme's older links stop working once it is recorded. With no
    address to print (the command line without ``PATIENT_LINK_BASE_URL``) the
    handout has none.
    """
    if base_url is None:
        return None
    # Two columns, not the row: loading the row would read and parse its whole snapshot.
    latest = db.session.execute(IssuedHandout.latest_of(
        programme.id, IssuedHandout.content_key, IssuedHandout.patient_link_id)).one_or_none()
    if latest is not None and latest.content_key == key and latest.patient_link_id is not None:
        link = db.session.get(PatientLink, latest.patient_link_id)
        if link is not None and link.is_live():
            return link
    return draft_link(programme, base_url)


def prepare_issue(
    programme: Programme, issuer: User | None, options: HandoutOptions, today: date | None = None,
) -> tuple[HandoutSnapshot, str]:
    """Freeze the programme into the snapshot a handout prints, with its content key; nothing is written.

    The export form calls this in the request, so what the therapist clicked on
    is what prints even when a render worker lays it out later; a refusal
    (``HandoutRefused``) reaches the therapist before anything is queued.
    """
    check_language_has_text(programme, options.language)  # a remembered snapshot skips build_snapshot
    inputs = memo.fingerprint(programme, issuer, options, today)
    remembered = memo.recall(inputs, programme)  # an unchanged programme: skip resolving it again
    if remembered is not None:
        return remembered
    snapshot = build_snapshot(programme, issuer, options, today)
    check_complete(snapshot)
    key = content_key(snapshot, options)
    memo.remember(inputs, key, snapshot)
    return snapshot, key


def record_issue(
    programme: Programme, issuer: User | None, options: HandoutOptions, snapshot: HandoutSnapshot, key: str,
    base_url: str | None = None, programme_version: int | None = None,
) -> tuple[IssuedHandout, bytes]:
    """Render (or take from the cache) a prepared snapshot, then record and audit it; the caller commits.

    ``base_url`` is where the patient link points; by default the configured
    ``PATIENT_LINK_BASE_URL``, else the address of the request being served.
    ``programme_version`` is the version the snapshot was taken at, when that
    was earlier than now (a queued render job).
    """
    link = _link_for(programme, key, base_url or link_base_url())
    # Laid out before anything is written: the render holds no database lock (see draft_link).
    pdf, cached = pdf_for(programme.clinic_id, snapshot, options, key,
                          _recorded_sha256s(programme.clinic_id, key, link), issuing=True, link=link)
    if link is not None and link.id is None:
        keep_link(link)
    version = programme.version if programme_version is None else programme_version
    handout = IssuedHandout(
        clinic_id=programme.clinic_id,
        patient_id=programme.patient_id,
        programme_id=programme.id,
        programme_version=version,
        issued_by_id=issuer.id if issuer else None,
        language=options.language,
        options=options.as_dict(),
        snapshot=snapshot.stored(),
        plugin_versions=snapshot.plugin_versions,
        content_key=key,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        patient_link_id=link.id if link is not None else None,
    )
    db.session.add(handout)
    db.session.flush()
    audit.record(
        "export", clinic_id=programme.clinic_id, patient_id=programme.patient_id,
        object_type="issued_handout", object_id=handout.id,
        programme_id=programme.id, programme_version=version,
        content_key=key, from_cache=cached, options=options.as_dict(), render_version=render_version(),
        patient_link=link.id if link is not None else None,
    )
    return handout, pdf


def issue_handout(
    programme: Programme, issuer: User | None, options: HandoutOptions, today: date | None = None,
    base_url: str | None = None,
) -> tuple[IssuedHandout, bytes]:
    """Prepare, render, record and audit a handout with its patient link, in this process; the caller commits."""
    snapshot, key = prepare_issue(programme, issuer, options, today)
    return record_issue(programme, issuer, options, snapshot, key, base_url)


def reprint(handout: IssuedHandout) -> bytes:
    """Render an issued handout again from its snapshot alone, or serve a cached file recorded for its content.

    After a render-version change the reprint is laid out anew: the same
    snapshot, so the same words, but its checksum may differ from the stored
    ``pdf_sha256``, which keeps naming the file first given to the patient.
    An imported handout (empty checksum) is always rendered from its snapshot.
    """
    link = db.session.get(PatientLink, handout.patient_link_id) if handout.patient_link_id else None
    if not handout.pdf_sha256:
        trusted: frozenset[str] = frozenset()
    else:
        recorded = _recorded_sha256s(handout.clinic_id, handout.content_key, link) or frozenset()
        trusted = recorded | {handout.pdf_sha256}
    pdf, _ = pdf_for(handout.clinic_id, read_snapshot(handout.snapshot), HandoutOptions.from_dict(handout.options),
                     handout.content_key, trusted, issuing=False, link=link)
    return pdf


def renew_link(handout: IssuedHandout, issuer: User | None, base_url: str | None = None) -> tuple[IssuedHandout, bytes]:
    """Give the patient a new link to the same handout: issue it again from its snapshot with a fresh link.

    Each issued handout keeps the PDF it was recorded with, so a new link
    means a new handout row (same snapshot, same content key, the new link);
    the programme's older links stop working. The caller commits.
    """
    programme = db.session.get(Programme, handout.programme_id)
    assert programme is not None  # the handout row goes with its programme
    link = new_link(programme, base_url or link_base_url() or "")
    snapshot = read_snapshot(handout.snapshot)
    options = HandoutOptions.from_dict(handout.options)
    pdf, _ = pdf_for(handout.clinic_id, snapshot, options, handout.content_key, None, issuing=True, link=link)
    renewed = IssuedHandout(
        clinic_id=handout.clinic_id, patient_id=handout.patient_id, programme_id=handout.programme_id,
        programme_version=handout.programme_version, issued_by_id=issuer.id if issuer else None,
        language=handout.language, options=handout.options, snapshot=handout.snapshot,
        plugin_versions=handout.plugin_versions, content_key=handout.content_key,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(), patient_link_id=link.id,
    )
    db.session.add(renewed)
    db.session.flush()
    audit.record("patient_link.renew", clinic_id=handout.clinic_id, patient_id=handout.patient_id,
                 object_type="issued_handout", object_id=renewed.id, renewed_from=handout.id,
                 patient_link=link.id)
    return renewed, pdf
