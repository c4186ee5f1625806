"""The built wheel is complete: installed into a fresh venv, away from the checkout, it prints a handout.

An editable install hides what the wheel lacks (the templates live at the
repository's top level, the .mo files are compiled by ``make``), so this test
builds the wheel from a copy of the sources without any compiled catalogue,
installs it into a new venv, and prints a Spanish handout from a folder outside
the source tree. The venv borrows the already-installed dependencies through a
``.pth`` file (added after the install, so pip never sees them), which keeps the
test offline and quick.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from packaging.version import Version

from clinic.config import PROJECT_ROOT
from tests.handout_support import page_texts

pytestmark = pytest.mark.wheel

SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "clinic", "templates")
NOT_SOURCES = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.egg-info", "build")


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        origin = PROJECT_ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=NOT_SOURCES)
        else:
            shutil.copy2(origin, source / name)
    # With setuptools new enough to write wheels itself, build in this venv; else pip fetches a build env.
    isolation = ["--no-build-isolation"] if Version(importlib.metadata.version("setuptools")) >= Version("70.1") else []
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "--quiet", *isolation,
        "-w", tmp_path / "dist", source, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("clinic-*.whl")
    return wheel


def fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--disable-pip-version-check", "--quiet", wheel, cwd=tmp_path)
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).strip())
    ours = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (purelib / "_borrowed_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


def test_wheel_ships_templates_translations_and_py_typed_and_prints_a_handout(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("clinic/py.typed", "clinic/templates/handout/handout.html", "clinic/templates/base.html",
                     "clinic/translations/es/LC_MESSAGES/messages.po",
                     "clinic/translations/es/LC_MESSAGES/messages.mo"):
        assert expected in names, f"the wheel lacks {expected}"

    python = fresh_venv(tmp_path, wheel)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(PROJECT_ROOT / "plugins", elsewhere / "plugins", ignore=NOT_SOURCES)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "CLINIC_", "FLASK_"))}
    env |= {"DATABASE_URL": f"sqlite:///{elsewhere / 'clinic.sqlite'}",
            "CLINIC_PLUGIN_DIRS": json.dumps([str(elsewhere / "plugins")])}

    package_file = run(python, "-c", "import clinic; print(clinic.__file__)", cwd=elsewhere, env=env).strip()
    assert Path(package_file).is_relative_to(tmp_path / "venv"), package_file

    flask = (python, "-m", "flask", "--app", "clinic")
    run(*flask, "db", "upgrade", cwd=elsewhere, env=env)
    run(*flask, "demo-data", cwd=elsewhere, env=env)
    run(*flask, "handout", "1", "--language", "es", "-o", elsewhere / "handout.pdf", cwd=elsewhere, env=env)
    text = " ".join(page_texts((elsewhere / "handout.pdf").read_bytes()))
    assert "Maria Lopez" in text
    # Headings from the compiled Spanish catalogue, laid out by the packaged templates.
    assert "Qué debe sentir:" in text and "Página 1 de" in text
    assert "What you should feel" not in text
