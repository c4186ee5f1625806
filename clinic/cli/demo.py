"""``flask demo-data``: a demo clinic, a therapist, two patients and a programme, once."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.security import generate_password_hash

from clinic.db import db
from clinic.files import write_private_text
from clinic.models import Clinic, Patient, User
from clinic.services.programmes import create_programme
from clinic.state import catalogue

DEMO_EMAIL = "therapist@demo.clinic"
DEMO_ADMIN_EMAIL = "admin@demo.clinic"


def _login_file() -> Path:
    return Path(current_app.instance_path) / "demo_login.txt"


def create_demo_data() -> str:
    """Create the demo records and return the therapists' shared demo password."""
    password = secrets.token_urlsafe(9)
    clinic = Clinic(name="Riverside Physio (demo)", phone="555-0100", address="1 River Road", country="US")
    db.session.add(clinic)
    db.session.flush()
    hashed = generate_password_hash(password)
    therapist = User(clinic_id=clinic.id, email=DEMO_EMAIL, name="Sam Rivera", password_hash=hashed)
    admin = User(clinic_id=clinic.id, email=DEMO_ADMIN_EMAIL, name="Alex Admin",
                 password_hash=hashed, role="admin")
    db.session.add_all([therapist, admin])
    patients = [
        Patient(clinic_id=clinic.id, display_name="Maria Lopez", reference="DEMO-001"),
        Patient(clinic_id=clinic.id, display_name="John Okafor", reference="DEMO-002",
                large_print=True, paper_size="Letter"),
    ]
    db.session.add_all(patients)
    db.session.flush()
    protocols = list(catalogue().protocols.values())
    if protocols:
        programme = create_programme(patients[0], therapist, protocols[0])
        programme.status = "active"
    db.session.commit()
    return password


@click.command("demo-data")
@click.option("--url", default="http://127.0.0.1:5000", show_default=True,
              help="The address to print for signing in (make run passes the port it serves on).")
@with_appcontext
def demo_data_command(url: str) -> None:
    """Load demo data unless it is there already, and print the demo sign-in."""
    exists = db.session.execute(db.select(User).filter_by(email=DEMO_EMAIL)).scalar_one_or_none()
    if exists is None:
        password = create_demo_data()
        write_private_text(_login_file(), password)  # a password: owner only
        click.echo("Demo data created.")
    else:
        password = _login_file().read_text().strip() if _login_file().exists() else "(unknown)"
    click.echo("")
    click.echo(f"  Sign in at {url}")
    click.echo(f"  therapist: {DEMO_EMAIL}  password: {password}")
    click.echo(f"  admin:     {DEMO_ADMIN_EMAIL}  password: {password}")
    click.echo("")


def register(app: Flask) -> None:
    app.cli.add_command(demo_data_command)
