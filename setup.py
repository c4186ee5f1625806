"""The two build steps pyproject.toml cannot express, so a built wheel is complete on its own.

The repository keeps the page and handout templates at its top level
(``templates/``) and only the translations' ``.po`` sources in git. A wheel
installed elsewhere has neither the checkout nor ``make i18n-compile``, so the
build copies the templates into the package (``clinic/templates``) and compiles
each ``.po`` into the ``.mo`` that gettext reads. An editable install skips
both: it runs from the checkout, which has them already.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def copy_templates(target: Path) -> None:
    shutil.copytree(HERE / "templates", target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def compile_catalogues(translations: Path) -> None:
    """Like ``pybabel compile``: fuzzy entries are left out, as a half-checked translation should be."""
    for po in translations.glob("*/LC_MESSAGES/*.po"):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)


class BuildPyWithAssets(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "clinic"
        copy_templates(package / "templates")
        compile_catalogues(package / "translations")


setup(cmdclass={"build_py": BuildPyWithAssets})
