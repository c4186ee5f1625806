"""Forms for the clinic admin: the clinic's details and its therapists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from clinic.web.auth_forms import EMAIL_SHAPE, NEW_PASSWORD_RULES

LOGO_MAX_BYTES = 512 * 1024


class ClinicForm(FlaskForm):
    name = StringField(_l("Clinic name"),
                       validators=[DataRequired(_l("Enter the clinic's name.")),
                                   Length(max=200, message=_l("Keep the name under 200 characters."))])
    phone = StringField(_l("Phone"),
                        validators=[Length(max=50, message=_l("Keep the phone number under 50 characters."))])
    address = TextAreaField(_l("Address"),
                            validators=[Length(max=500, message=_l("Keep the address under 500 characters."))])
    # Not called "logo": ClinicForm(obj=clinic) would fill it with the stored bytes.
    logo_file = FileField(_l("Logo (PNG or JPEG, up to 512 KB)"))
    remove_logo = BooleanField(_l("Remove the current logo"))


class NewUserForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the therapist's name.")), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter an email.")), EMAIL_SHAPE, Length(max=254)])
    role = SelectField(_l("Role"), choices=[SelectChoice("therapist", _l("Therapist")),
                                            SelectChoice("admin", _l("Admin (can change clinic settings)"))],
                       default="therapist")
    password = StringField(
        _l("First password"), validators=NEW_PASSWORD_RULES,
        description=_l("Give it to them in person; they can change it under Account."),
    )
