"""Patient links: make, find, retire and revoke the web address printed on a handout.

The token is the patient's only credential, so the database never holds it.
A link row keeps a random ``nonce`` and the sha256 of the token; the token
itself is an HMAC of the app's secret key and that nonce. The app can derive
it again to reprint the same URL, while a copy of the database (a backup, an
export) gives no way to open any patient's page. See docs/decisions.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request

from clinic.db import db
from clinic.models import Clinic, IssuedHandout, PatientLink, Programme
from clinic.models.common import utcnow

TOKEN_CHARACTERS = 28
"""Base32 letters in a token: 140 bits, typed as seven groups of four."""
GROUP = 4
_PURPOSE = b"clinic.patient-link\x00"
_TOKEN_SHAPE = re.compile(rf"^[a-z2-7]{{{TOKEN_CHARACTERS}}}$")
# Hashed in place of a token that has the wrong shape, so a bad address costs what a good one does.
_NOT_A_TOKEN = "a" * TOKEN_CHARACTERS
MIN_DAYS, MAX_DAYS = 1, 730


def derive_token(nonce: str, secret_key: str | None = None) -> str:
    """The token of a link with this nonce: lower-case base32 of HMAC-SHA256(secret key, nonce)."""
    key = (secret_key or current_app.config["SECRET_KEY"]).encode("utf-8")
    digest = hmac.new(key, _PURPOSE + nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:TOKEN_CHARACTERS]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def normalise(typed: str) -> str:
    """A token as typed from paper: dashes, spaces and capitals do not matter."""
    return re.sub(r"[\s-]", "", typed).lower()


def spaced(token: str) -> str:
    """``abcd-efgh-...``: how the token prints, in groups a person can copy."""
    return "-".join(token[i:i + GROUP] for i in range(0, len(token), GROUP))


@dataclass(frozen=True)
class PrintedLink:
    """What a handout prints for its link: the full URL and the same as words to type."""

    url: str
    typed: str


def printed_link(link: PatientLink) -> PrintedLink | None:
    """The URL printed for a link, or None when the secret key changed since it was made.

    The page still opens for anyone holding the old paper (it is found by the
    hash of what they type), but a reprint cannot say the old URL, so it prints
    none rather than one that does not work.
    """
    token = derive_token(link.nonce)
    if not hmac.compare_digest(token_hash(token), link.token_hash):
        current_app.logger.warning("patient link %s: the secret key changed, its URL cannot be printed", link.id)
        return None
    path = f"/p/{spaced(token)}"
    return PrintedLink(url=link.base_url.rstrip("/") + path, typed=_without_scheme(link.base_url) + path)


def _without_scheme(base_url: str) -> str:
    return re.sub(r"^https?://", "", base_url.rstrip("/"))


def link_base_url() -> str | None:
    """Where printed links point: ``PATIENT_LINK_BASE_URL``, else the address this request came to.

    Outside a request (the command line) with no setting there is no address
    to print, and the handout goes out without a link.
    """
    configured = str(current_app.config.get("PATIENT_LINK_BASE_URL") or "").strip()
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return None


def link_days(clinic: Clinic) -> int:
    days = clinic.patient_link_days or 90
    return min(max(days, MIN_DAYS), MAX_DAYS)


def new_link(programme: Programme, base_url: str, now: datetime | None = None) -> PatientLink:
    """A fresh link for the programme's next handout; earlier live links of the programme are retired.

    Re-issuing a handout is the therapist's way of saying "this replaces the
    last one", so the old paper's link stops working at once. The caller commits.
    """
    return keep_link(draft_link(programme, base_url, now))


def draft_link(programme: Programme, base_url: str, now: datetime | None = None) -> PatientLink:
    """A new link not yet written: its token can be printed before anything is saved.

    A handout is laid out (seconds of CPU) between choosing its link and
    recording it; writing nothing until then keeps SQLite's single write lock
    free for the builder's edits during the render.
    """
    now = now or utcnow()
    nonce = secrets.token_hex(16)
    return PatientLink(
        clinic_id=programme.clinic_id, patient_id=programme.patient_id, programme_id=programme.id,
        nonce=nonce, token_hash=token_hash(derive_token(nonce)), base_url=base_url[:200],
        created_at=now, expires_at=now + timedelta(days=link_days(programme.clinic)),
    )


def keep_link(link: PatientLink) -> PatientLink:
    """Save a drafted link, retiring the programme's earlier live links; the caller commits."""
    retire_links(link.programme_id, link.created_at)
    db.session.add(link)
    db.session.flush()
    return link


def retire_links(programme_id: int, now: datetime | None = None) -> None:
    """Revoke every live link of a programme."""
    now = now or utcnow()
    db.session.execute(
        db.update(PatientLink)
        .where(PatientLink.programme_id == programme_id, PatientLink.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def find_live_link(typed: str) -> PatientLink | None:
    """The live link a typed or scanned token names, or None; the same work whatever the answer.

    Every path hashes one token, runs one indexed query and compares one
    digest, so the time taken does not tell a near miss, an expired link or a
    revoked one from a token that never existed.
    """
    candidate = normalise(typed)
    shaped = bool(_TOKEN_SHAPE.match(candidate))
    wanted = token_hash(candidate if shaped else _NOT_A_TOKEN)
    link = db.session.execute(
        db.select(PatientLink).where(PatientLink.token_hash == wanted)).scalar_one_or_none()
    stored = link.token_hash if link is not None else "0" * 64
    matches = hmac.compare_digest(stored, wanted)
    if not (shaped and matches and link is not None and link.is_live()):
        return None
    return link


def handout_of(link: PatientLink) -> IssuedHandout | None:
    """The issued handout a link was printed on (its re-exports print the same snapshot)."""
    return db.session.execute(
        db.select(IssuedHandout).where(IssuedHandout.patient_link_id == link.id)
        .order_by(IssuedHandout.id).limit(1)).scalar_one_or_none()


def revoke(link: PatientLink, now: datetime | None = None) -> None:
    """Stop a link working now; the caller audits and commits."""
    if link.revoked_at is None:
        link.revoked_at = now or utcnow()
