"""Forms for the clinic admin: the clinic's details and its therapists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from clinic.services.emergency import COUNTRY_NUMBERS, country_choices, valid_number
from clinic.services.patient_links import MAX_DAYS, MIN_DAYS
from clinic.web.auth_forms import EMAIL_SHAPE, NEW_PASSWORD_RULES

LOGO_MAX_BYTES = 512 * 1024


class ClinicForm(FlaskForm):
    name = StringField(_l("Clinic name"),
                       validators=[DataRequired(_l("Enter the clinic's name.")),
                                   Length(max=200, message=_l("Keep the name under 200 characters."))])
    phone = StringField(_l("Phone"),
                        validators=[Length(max=50, message=_l("Keep the phone number under 50 characters."))])
    country = SelectField(_l("Country"), choices=[], validate_choice=False,
                          description=_l("Gives the emergency number printed on every handout."))
    emergency_number = StringField(
        _l("Emergency number"),
        validators=[Optional(), Length(max=10, message=_l("Keep the emergency number under 10 digits."))],
        description=_l("Leave it empty to use your country's number. Type one to print another."),
    )
    address = TextAreaField(_l("Address"),
                            validators=[Length(max=500, message=_l("Keep the address under 500 characters."))])
    patient_link_days = IntegerField(
        _l("Patient links work for (days)"),
        validators=[Optional(), NumberRange(min=MIN_DAYS, max=MAX_DAYS,
                                message=_l("Enter a whole number of days from %(min)s to %(max)s."))],
        description=_l("The link and QR code on each new handout open the patient's exercises on a phone "
                       "for this many days. Links already printed keep their date."),
    )
    patient_page_initials = BooleanField(
        _l("Greet patients by their initials on their link's page"),
        description=_l("The page a handout's link opens says \"Your home exercises, M. L.\" instead of the first "
                       "name, for patients who share a phone or show the page to others."),
    )
    # Not called "logo": ClinicForm(obj=clinic) would fill it with the stored bytes.
    logo_file = FileField(_l("Logo (PNG or JPEG, up to 512 KB)"))
    remove_logo = BooleanField(_l("Remove the current logo"))

    def set_country_choices(self, language: str) -> None:
        """Countries named in the page language; called before validating or showing the form."""
        self.country.choices = [("", _l("Choose the clinic's country")), *country_choices(language)]

    def validate_country(self, field: SelectField) -> None:
        if field.data and field.data not in COUNTRY_NUMBERS:
            raise ValidationError(_l("Choose a country from the list, or leave it empty and type the number."))

    def validate_emergency_number(self, field: StringField) -> None:
        if field.data and not valid_number(field.data):
            raise ValidationError(_l("Type only the digits a patient dials, such as 911, 112 or 999."))


class NewUserForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the therapist's name.")), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter an email.")), EMAIL_SHAPE, Length(max=254)])
    role = SelectField(_l("Role"), choices=[SelectChoice("therapist", _l("Therapist")),
                                            SelectChoice("admin", _l("Admin (can change clinic settings)")),
                                            SelectChoice("contributor",
                                                         _l("Contributor (writes plugins in the studio, sees no "
                                                            "patients)"))],
                       default="therapist")
    password = StringField(
        _l("First password"), validators=NEW_PASSWORD_RULES,
        description=_l("Give it to them in person; they can change it under Account."),
    )
