"""Clinic admin: admins only, the clinic's details and logo, therapists, the audit log."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from werkzeug.security import check_password_hash

from clinic.db import db
from clinic.models import AuditEvent, Clinic, User
from clinic.models.common import utcnow
from tests.conftest import TEST_PASSWORD, make_clinic

ADMIN_PAGES = ["/admin/clinic", "/admin/users", "/admin/audit"]


@pytest.fixture
def admin(therapist):
    therapist.role = "admin"
    db.session.commit()
    return therapist


def sign_in(client, user):
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    return client


def picture(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format=kind)
    return buffer.getvalue()


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_therapists_get_403_on_admin_pages(client, therapist, path):
    sign_in(client, therapist)
    response = client.get(path)
    assert response.status_code == 403
    assert b"Only a clinic admin" in response.data


def test_admin_sees_admin_pages_and_nav(client, admin):
    sign_in(client, admin)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 200, path
    nav = client.get("/patients").data
    assert b'href="/admin/clinic"' in nav and b'href="/admin/audit"' in nav


def test_therapist_nav_has_no_admin_links(client, therapist):
    nav = sign_in(client, therapist).get("/patients").data
    assert b'href="/admin/clinic"' not in nav and b"Sign out" in nav


def test_admin_edits_clinic_details_and_uploads_a_png_logo(client, admin):
    sign_in(client, admin)
    response = client.post("/admin/clinic", data={"name": "Harbour Physio", "phone": "555-0123", "address": "3 Quay",
                                                  "logo_file": (io.BytesIO(picture("PNG")), "logo.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    clinic = db.session.get(Clinic, admin.clinic_id)
    db.session.refresh(clinic)
    assert (clinic.name, clinic.phone, clinic.address) == ("Harbour Physio", "555-0123", "3 Quay")
    assert clinic.logo_mimetype == "image/png" and clinic.logo.startswith(b"\x89PNG")
    logo = client.get("/admin/clinic/logo")
    assert logo.status_code == 200 and logo.mimetype == "image/png" and logo.data == clinic.logo
    assert b"Harbour Physio" in client.get("/patients").data  # header shows the clinic's name

    client.post("/admin/clinic", data={"name": "Harbour Physio", "phone": "", "address": "", "remove_logo": "y"})
    db.session.refresh(clinic)
    assert clinic.logo is None


def test_country_gives_the_emergency_number_and_the_clinics_own_number_wins(client, admin):
    sign_in(client, admin)
    page = client.get("/admin/clinic").get_data(as_text=True)
    assert '<option value="GB">United Kingdom (999)</option>' in page and "No emergency number yet" in page
    response = client.post("/admin/clinic", data={"name": "Harbour Physio", "country": "GB"})
    assert response.status_code == 302
    clinic = db.session.get(Clinic, admin.clinic_id)
    db.session.refresh(clinic)
    assert (clinic.country, clinic.emergency_number) == ("GB", "")
    assert "Handouts print this emergency number: 999." in client.get("/admin/clinic").get_data(as_text=True)
    client.post("/admin/clinic", data={"name": "Harbour Physio", "country": "GB", "emergency_number": " 112 "})
    db.session.refresh(clinic)
    assert clinic.emergency_number == "112"
    assert "Handouts print this emergency number: 112." in client.get("/admin/clinic").get_data(as_text=True)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"emergency_number": "call 911"}, "emergency_number", "Type only the digits a patient dials"),
    ({"emergency_number": "1"}, "emergency_number", "Type only the digits a patient dials"),
    ({"country": "ZZ"}, "country", "Choose a country from the list"),
])
def test_a_bad_country_or_number_is_explained_and_the_form_keeps_what_was_typed(client, admin, data, field, message):
    sign_in(client, admin)
    response = client.post("/admin/clinic", data={"name": "Typed Name", "phone": "555-0777", **data})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page and f'id="{field}-error"' in page
    assert "Typed Name" in page and "555-0777" in page
    clinic = db.session.get(Clinic, admin.clinic_id)
    db.session.refresh(clinic)
    assert (clinic.name, clinic.country, clinic.emergency_number) == ("Test clinic", "", "")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"GIF89a not what we accept", b"is not a PNG or JPEG picture"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"is not a PNG or JPEG picture"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"looks damaged"),  # right signature, broken body
    ],
)
def test_logo_that_is_not_really_a_png_or_jpeg_is_refused(client, admin, payload, message):
    sign_in(client, admin)
    response = client.post("/admin/clinic", data={"name": "Kept Name", "logo_file": (io.BytesIO(payload), "logo.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert message in response.data
    assert b'id="logo_file-error"' in response.data
    assert b"Kept Name" in response.data
    clinic = db.session.get(Clinic, admin.clinic_id)
    db.session.refresh(clinic)
    assert clinic.logo is None and clinic.name == "Test clinic"


def test_jpeg_logo_is_accepted_and_oversized_logo_refused(client, admin):
    sign_in(client, admin)
    client.post("/admin/clinic", data={"name": "X", "logo_file": (io.BytesIO(picture("JPEG")), "l.jpg")},
                content_type="multipart/form-data")
    clinic = db.session.get(Clinic, admin.clinic_id)
    db.session.refresh(clinic)
    assert clinic.logo_mimetype == "image/jpeg"

    big = picture("PNG") + b"\x00" * (600 * 1024)
    response = client.post("/admin/clinic", data={"name": "X", "logo_file": (io.BytesIO(big), "big.png")},
                           content_type="multipart/form-data")
    assert b"too large" in response.data


def test_admin_adds_deactivates_and_resets_a_therapist(client, admin):
    sign_in(client, admin)
    bad = client.post("/admin/users", data={"name": "Dee", "email": "t@example.org", "role": "therapist",
                                            "password": "first password"})
    assert b"cannot be used for a new account" in bad.data

    client.post("/admin/users", data={"name": "Dee", "email": "dee@example.org", "role": "therapist",
                                      "password": "first password"})
    dee = db.session.execute(db.select(User).filter_by(email="dee@example.org")).scalar_one()
    assert dee.clinic_id == admin.clinic_id and dee.role == "therapist"

    client.post(f"/admin/users/{dee.id}/active", data={"active": "0"})
    db.session.refresh(dee)
    assert dee.active is False

    dee.locked_until = utcnow()
    db.session.commit()
    reset = client.post(f"/admin/users/{dee.id}/reset-password")
    db.session.refresh(dee)
    shown = reset.data.split(b'<span class="secret">')[1].split(b"</span>")[0].decode()
    assert check_password_hash(dee.password_hash, shown)
    assert dee.locked_until is None

    # An admin cannot lock themselves out, nor reset their own password here (it would end their session).
    client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    own = client.post(f"/admin/users/{admin.id}/reset-password")
    db.session.refresh(admin)
    assert admin.active is True
    assert own.status_code == 302 and check_password_hash(admin.password_hash, TEST_PASSWORD)

    logged = db.session.execute(db.select(AuditEvent.action)).scalars().all()
    assert {"create_user", "deactivate_user", "reset_password"} <= set(logged)
    assert b"reset password" in client.get("/admin/audit").data


def test_admin_cannot_touch_another_clinics_users(client, admin):
    _, stranger = make_clinic("Far clinic", "far@example.org")
    sign_in(client, admin)
    assert client.post(f"/admin/users/{stranger.id}/active", data={"active": "0"}).status_code == 404
    assert client.post(f"/admin/users/{stranger.id}/reset-password").status_code == 404
    assert b"far@example.org" not in client.get("/admin/users").data
    db.session.refresh(stranger)
    assert stranger.active is True and check_password_hash(stranger.password_hash, TEST_PASSWORD)


def test_another_clinics_email_is_refused_without_saying_it_is_taken(client, admin):
    """Issue 14 finding 10: "already exists" told another clinic's admin that an email has an account."""
    make_clinic("Far clinic", "far@example.org")
    sign_in(client, admin)
    taken = client.post("/admin/users", data={"name": "Far", "email": "FAR@example.org", "role": "therapist",
                                              "password": "first password"}).get_data(as_text=True)
    assert "cannot be used for a new account here" in taken
    assert "exists" not in taken.split("<main", 1)[-1] and "already" not in taken.split("<main", 1)[-1]
    assert db.session.execute(db.select(User).filter_by(clinic_id=admin.clinic_id)).scalars().all() == [admin]


def _png_with_valid_checksums_and_corrupt_pixels() -> bytes:
    """A real PNG whose compressed pixel data is damaged, with its chunk CRC recomputed to match."""
    import struct
    import zlib

    data = bytearray(picture("PNG"))
    at = data.index(b"IDAT") - 4
    length = struct.unpack(">I", data[at:at + 4])[0]
    start = at + 8
    data[start + 2:start + length] = bytes((b ^ 0x5A) for b in data[start + 2:start + length])
    data[start + length:start + length + 4] = struct.pack(">I", zlib.crc32(bytes(data[at + 4:start + length])))
    return bytes(data)


@pytest.mark.parametrize("after_a_render", [False, True])
def test_a_png_whose_pixels_do_not_decode_is_refused_at_upload(client, admin, monkeypatch, after_a_render):
    """Issue 14 finding 10: it passed verify() (checksums), then handouts printed without the logo.

    WeasyPrint makes Pillow lenient process-wide when imported, as in any worker that has printed.
    """
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", after_a_render)
    corrupt = _png_with_valid_checksums_and_corrupt_pixels()
    with Image.open(io.BytesIO(corrupt)) as image:
        image.verify()  # the checksums really are valid
    sign_in(client, admin)
    response = client.post("/admin/clinic", data={"name": "Kept Name", "logo_file": (io.BytesIO(corrupt), "logo.png")},
                           content_type="multipart/form-data")
    assert b"looks damaged" in response.data
    assert db.session.get(Clinic, admin.clinic_id).logo is None
    assert ImageFile.LOAD_TRUNCATED_IMAGES is after_a_render  # put back for the renderer


def test_the_admin_sets_how_long_patient_links_work_and_a_bad_number_is_refused(client, admin):
    sign_in(client, admin)
    assert client.post("/admin/clinic", data={"name": "Harbour Physio", "patient_link_days": "30"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Clinic, admin.clinic_id).patient_link_days == 30
    for bad in ("0", "731", "ninety"):
        response = client.post("/admin/clinic", data={"name": "Harbour Physio", "patient_link_days": bad})
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "whole number of days from 1 to 730" in page or "Not a valid integer value" in page
        db.session.expire_all()
        assert db.session.get(Clinic, admin.clinic_id).patient_link_days == 30
