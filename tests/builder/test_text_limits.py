"""Issue 14 finding 10: a note or title over its limit is refused with the limit, never cut short."""

from __future__ import annotations

from clinic.db import db
from clinic.models import Programme


def test_an_overlong_note_is_refused_with_the_limit_and_the_old_note_kept(signed_in, programme) -> None:
    item = programme.items[0]
    kept = item.note
    response = signed_in.post(f"/programmes/{programme.id}/items/{item.id}/note",
                              data={"note": "x" * 100_000, "version": programme.version},
                              headers={"HX-Request": "true"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "keep it to 2,000 characters (this one has 100,000)" in text
    db.session.refresh(item)
    assert item.note == kept
    exactly = signed_in.post(f"/programmes/{programme.id}/items/{item.id}/note",
                             data={"note": "y" * 2000, "version": programme.version})
    assert exactly.status_code == 200
    db.session.refresh(item)
    assert item.note == "y" * 2000


def test_an_overlong_title_is_refused_in_the_settings(signed_in, programme) -> None:
    form = {"title": "T" * 300, "goal": "Walk", "pain_ceiling": "", "pain_wording": "",
            "referral_tier": [r["tier"] for r in programme.referrals] or ["therapist"],
            "referral_text": [r["text"] for r in programme.referrals] or [""],
            "schedule": "", "progression_rules": "", "version": programme.version}
    response = signed_in.post(f"/programmes/{programme.id}/settings", data=form)
    assert response.status_code == 422
    assert "keep it to 200 characters (this one has 300)" in response.get_data(as_text=True)
    db.session.refresh(programme)
    assert programme.title != "T" * 300 and not programme.title.startswith("TTT")


def test_an_overlong_template_title_is_refused(signed_in, programme) -> None:
    response = signed_in.post(f"/programmes/{programme.id}/template", data={"title": "T" * 201},
                              follow_redirects=True)
    assert "keep it to 200 characters (this one has 201)" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Programme).filter_by(is_template=True)).first() is None
