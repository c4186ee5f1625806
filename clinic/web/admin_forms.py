"""Forms for the clinic admin: the clinic's details and its therapists."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from clinic.web.auth_forms import EMAIL_SHAPE, NEW_PASSWORD_RULES

LOGO_MAX_BYTES = 512 * 1024


class ClinicForm(FlaskForm):
    name = StringField("Clinic name", validators=[DataRequired("Enter the clinic's name."),
                                                  Length(max=200, message="Keep the name under 200 characters.")])
    phone = StringField("Phone", validators=[Length(max=50, message="Keep the phone number under 50 characters.")])
    address = TextAreaField("Address", validators=[Length(max=500, message="Keep the address under 500 characters.")])
    # Not called "logo": ClinicForm(obj=clinic) would fill it with the stored bytes.
    logo_file = FileField("Logo (PNG or JPEG, up to 512 KB)")
    remove_logo = BooleanField("Remove the current logo")


class NewUserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the therapist's name."), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired("Enter an email."), EMAIL_SHAPE, Length(max=254)])
    role = SelectField("Role", choices=[SelectChoice("therapist", "Therapist"),
                                        SelectChoice("admin", "Admin (can change clinic settings)")],
                       default="therapist")
    password = StringField(
        "First password", validators=NEW_PASSWORD_RULES,
        description="Give it to them in person; they can change it under Account.",
    )
