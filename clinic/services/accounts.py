"""Clinics, users and passwords: one place for the rules, shared by pages and commands.

Sign-in locks an account for 15 minutes after 5 wrong passwords in a row. The
rate limiter slows one address; the lock-out protects one account from many.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import cache

from flask_babel import gettext
from sqlalchemy import func, update
from werkzeug.security import check_password_hash, generate_password_hash

from clinic.db import db
from clinic.models import Clinic, User
from clinic.models.common import utcnow
from clinic.services.audit import record

MAX_FAILED_LOGINS = 5
LOCK_OUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
ROLES = ("therapist", "admin", "contributor")


@cache
def _unknown_user_hash() -> str:
    """Checked when the email is unknown, so a wrong email costs as long as a wrong
    password and the response time does not tell which emails exist.

    Made on the first sign-in of a process, whatever the email, rather than at
    import: one scrypt run was a tenth of every ``flask`` command's start-up.
    """
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


class AccountError(ValueError):
    """A rule was broken; the message is fit to show to the person."""


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    query = db.select(User).where(func.lower(User.email) == normalise_email(email))
    return db.session.execute(query).scalar_one_or_none()


def any_user_exists() -> bool:
    return db.session.execute(db.select(User.id).limit(1)).first() is not None


def authenticate(email: str, password: str) -> User | None:
    """The user if the password is right and the account usable; otherwise None.

    Callers show one message for every failure, so nobody learns whether an
    email exists or an account is locked. The caller commits.
    """
    unknown_user_hash = _unknown_user_hash()  # before the lookup: the first call costs the same either way
    user = find_user(email)
    if user is None:
        check_password_hash(unknown_user_hash, password)
        return None
    now = utcnow()
    password_matches = check_password_hash(user.password_hash, password)  # the same work for a locked account
    if user.locked_until is not None and user.locked_until > now:
        return None
    if password_matches:
        if not user.active:
            return None
        user.failed_logins = 0
        user.locked_until = None
        return user
    # Count in SQL so that two workers failing at once both count.
    db.session.execute(
        update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1)
    )
    db.session.refresh(user)
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.locked_until = now + LOCK_OUT
        user.failed_logins = 0
        # The admin sees it in the audit log (a lock can be someone guessing).
        record("lock_out", clinic_id=user.clinic_id, object_type="user", object_id=user.id)
    return None


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(gettext("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH))


def set_password(user: User, password: str) -> None:
    """Set a new password, end the user's sessions and lift any lock-out (an admin reset is also an unlock)."""
    check_new_password(password)
    user.password_hash = hash_password(password)
    end_sessions(user)
    user.failed_logins = 0
    user.locked_until = None


def end_sessions(user: User) -> None:
    """End every session of ``user``, in every browser and on every worker; the caller commits.

    Sessions record the generation they began in (``clinic.web.sessions``).
    """
    user.session_generation = (user.session_generation or 0) + 1


def set_active(user: User, active: bool) -> None:
    """Deactivating ends the user's sessions, so re-activating later does not revive an old cookie."""
    if not active and user.active:
        end_sessions(user)
    user.active = active


def set_role(user: User, role: str) -> None:
    """Give ``user`` another role; a role this app does not know is refused, not stored."""
    if role not in ROLES:
        raise AccountError(gettext("Role must be one of: %(roles)s.", roles=", ".join(ROLES)))
    if role != user.role:
        end_sessions(user)  # the pages open in their browser were for the old role
    user.role = role


def create_clinic(name: str, phone: str = "", address: str = "") -> Clinic:
    if not name.strip():
        raise AccountError(gettext("The clinic needs a name."))
    clinic = Clinic(name=name.strip(), phone=phone.strip(), address=address.strip())
    db.session.add(clinic)
    db.session.flush()
    return clinic


def create_user(clinic: Clinic, *, email: str, name: str, password: str, role: str = "therapist") -> User:
    """Add a user to the session; the caller commits."""
    if role not in ROLES:
        raise AccountError(gettext("Role must be one of: %(roles)s.", roles=", ".join(ROLES)))
    if not name.strip():
        raise AccountError(gettext("The user needs a name."))
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError(gettext("Enter an email address like name@example.org."))
    if find_user(email) is not None:
        # Emails are unique across clinics: say so without saying someone (elsewhere) has it.
        raise AccountError(gettext("That email address cannot be used for a new account here. Use another one."))
    check_new_password(password)
    user = User(clinic_id=clinic.id, email=email, name=name.strip(), role=role,
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    return user


def temporary_password() -> str:
    """A password an admin reads out or hands over once; easy to type, hard to guess."""
    return secrets.token_urlsafe(12)
