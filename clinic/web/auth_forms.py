"""Forms for signing in, first-run setup and changing a password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from clinic.services.accounts import MIN_PASSWORD_LENGTH

# A light check (something@something.tld); the email_validator package would be a
# dependency for little gain, since nobody is mailed from here.
EMAIL_SHAPE = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address like name@example.org.")

NEW_PASSWORD_RULES = [
    DataRequired("Enter a new password."),
    Length(min=MIN_PASSWORD_LENGTH, max=200, message=f"Use at least {MIN_PASSWORD_LENGTH} characters."),
]


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Enter your email.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired("Enter your current password.")])
    new_password = PasswordField("New password", validators=NEW_PASSWORD_RULES)
    confirm_password = PasswordField(
        "New password again",
        validators=[DataRequired("Type the new password again."),
                    EqualTo("new_password", "The two new passwords are not the same.")],
    )


class SetupForm(FlaskForm):
    clinic_name = StringField("Clinic name", validators=[DataRequired("Enter the clinic's name."), Length(max=200)])
    name = StringField("Your name", validators=[DataRequired("Enter your name."), Length(max=200)])
    email = EmailField("Your email", validators=[DataRequired("Enter your email."),
                                                 EMAIL_SHAPE,
                                                 Length(max=254)])
    password = PasswordField("Password", validators=NEW_PASSWORD_RULES)
    confirm_password = PasswordField(
        "Password again",
        validators=[DataRequired("Type the password again."),
                    EqualTo("password", "The two passwords are not the same.")],
    )
