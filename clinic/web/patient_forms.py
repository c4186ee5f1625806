"""The patient form: only what a handout needs, nothing more."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from clinic.i18n import LANGUAGES

# SelectChoice rather than tuples: WTForms 3.4 drops tuple choices. The languages
# are the ones with handout text (clinic.i18n), so adding one there adds it here.
HANDOUT_LANGUAGES = [SelectChoice(code, name) for code, name in LANGUAGES.items()]
PAPER_SIZES = [SelectChoice("A4", "A4"), SelectChoice("Letter", _l("US Letter"))]


class PatientForm(FlaskForm):
    display_name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the patient's name.")),
                    Length(max=200, message=_l("Keep the name under 200 characters."))],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    date_of_birth = DateField(
        _l("Date of birth (optional)"),
        validators=[Optional()],
        invalid_value_message=_l("Enter the date as year-month-day, for example 1950-03-21."),
    )
    reference = StringField(
        _l("Reference (optional)"),
        validators=[Optional(), Length(max=100, message=_l("Keep the reference under 100 characters."))],
        filters=[lambda value: value.strip() or None if isinstance(value, str) else value],
    )
    language = SelectField(_l("Handout language"), choices=HANDOUT_LANGUAGES, default="en")
    large_print = BooleanField(_l("Large print handouts"))
    paper_size = SelectField(_l("Paper size"), choices=PAPER_SIZES, default="A4")

    def validate_date_of_birth(self, field: DateField) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("The date of birth cannot be in the future."))
        if field.data and field.data.year < 1900:
            raise ValidationError(_l("Check the year: it is before 1900."))
