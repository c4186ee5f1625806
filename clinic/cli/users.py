"""``flask create-clinic`` and ``flask create-user``: accounts from the command line.

Passwords are never taken as an argument (it would sit in the shell history and
the process list): they are typed at a hidden, confirmed prompt, or read from
standard input with ``--password-stdin`` for scripts.
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from clinic.db import db
from clinic.models import Clinic
from clinic.services import accounts


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-clinic")
@click.option("--name", required=True, help="The clinic's name, printed on handouts.")
@click.option("--phone", default="", help="Phone number printed on handouts.")
@click.option("--address", default="", help="Address printed on handouts.")
@with_appcontext
def create_clinic_command(name: str, phone: str, address: str) -> None:
    """Create a clinic and print its id (for create-user --clinic-id)."""
    try:
        clinic = accounts.create_clinic(name, phone, address)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created clinic {clinic.id}: {clinic.name}")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(accounts.ROLES), default="therapist", show_default=True)
@click.option("--clinic-id", type=int, required=True, help="See create-clinic.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_appcontext
def create_user_command(email: str, name: str, role: str, clinic_id: int, password_stdin: bool) -> None:
    """Create a therapist or an admin in an existing clinic."""
    clinic = db.session.get(Clinic, clinic_id)
    if clinic is None:
        raise click.ClickException(f"There is no clinic with id {clinic_id}. Create one with create-clinic.")
    password = _read_password(password_stdin)
    try:
        user = accounts.create_user(clinic, email=email, name=name, password=password, role=role)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} in clinic {clinic.id} ({clinic.name}).")


def register(app: Flask) -> None:
    """Add this module's commands to the app."""
    app.cli.add_command(create_clinic_command)
    app.cli.add_command(create_user_command)
