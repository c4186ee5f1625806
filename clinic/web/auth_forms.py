"""Forms for signing in, first-run setup and changing a password."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from clinic.services.accounts import MIN_PASSWORD_LENGTH

# A light check (something@something.tld); the email_validator package would be a
# dependency for little gain, since nobody is mailed from here.
EMAIL_SHAPE = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an email address like name@example.org."))

NEW_PASSWORD_RULES = [
    DataRequired(_l("Enter a new password.")),
    Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH)),
]


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(_l("Enter your current password."))])
    new_password = PasswordField(_l("New password"), validators=NEW_PASSWORD_RULES)
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[DataRequired(_l("Type the new password again.")),
                    EqualTo("new_password", _l("The two new passwords are not the same."))],
    )


class SetupForm(FlaskForm):
    clinic_name = StringField(_l("Clinic name"),
                              validators=[DataRequired(_l("Enter the clinic's name.")), Length(max=200)])
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Enter your name.")), Length(max=200)])
    email = EmailField(_l("Your email"), validators=[DataRequired(_l("Enter your email.")),
                                                 EMAIL_SHAPE,
                                                 Length(max=254)])
    password = PasswordField(_l("Password"), validators=NEW_PASSWORD_RULES)
    confirm_password = PasswordField(
        _l("Password again"),
        validators=[DataRequired(_l("Type the password again.")),
                    EqualTo("password", _l("The two passwords are not the same."))],
    )
