"""Configuration layers: defaults, then instance/config.py, then environment, then tests."""

from __future__ import annotations

from pathlib import Path

from clinic import create_app


def test_instance_file_overrides_defaults_and_environment_overrides_both(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "MAX_EXERCISES_PER_HANDOUT = 12\nHANDOUT_CACHE_SIZE = 5\nDEFAULT_LANGUAGE = 'es'\n"
    )
    monkeypatch.setenv("CLINIC_HANDOUT_CACHE_SIZE", "7")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    app = create_app(instance_path=str(instance))
    assert app.config["MAX_EXERCISES_PER_HANDOUT"] == 12  # instance file beats default
    assert app.config["HANDOUT_CACHE_SIZE"] == 7  # environment beats instance file
    assert app.config["DEFAULT_LANGUAGE"] == "es"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")

    tested = create_app({"HANDOUT_CACHE_SIZE": 9}, instance_path=str(instance))
    assert tested.config["HANDOUT_CACHE_SIZE"] == 9  # test config beats everything


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app(instance_path=str(tmp_path / "inst"))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'inst' / 'clinic.sqlite'}"


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CLINIC_SECRET_KEY", raising=False)
    instance = tmp_path / "inst"
    first = create_app(instance_path=str(instance)).config["SECRET_KEY"]
    second = create_app(instance_path=str(instance)).config["SECRET_KEY"]
    key_file = Path(instance / "secret_key")
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 64
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert create_app(instance_path=str(tmp_path / "other")).config["SECRET_KEY"] != first
