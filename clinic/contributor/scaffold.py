"""Write a new plugin folder from the template files in ``clinic/scaffold/plugin``.

The templates are plain files so a contributor (or reviewer) can read exactly
what a new plugin starts with; ``string.Template`` fills in the names because
``$`` never appears in TOML, Python or SVG that we ship, unlike ``{}``.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from clinic.hookspecs import PLUGIN_API

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent / "scaffold" / "plugin"
TEMPLATE_SUFFIX = ".tmpl"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
DEFAULT_VERSION = "0.1.0"


class ScaffoldError(Exception):
    """A reason the scaffold was not written, in words a contributor can act on."""


@dataclass(frozen=True)
class PluginNames:
    """Every name derived from the plugin name, so they cannot drift apart."""

    plugin_name: str
    version: str = DEFAULT_VERSION

    @property
    def package(self) -> str:
        """The import name when installed: prefixed so it cannot shadow another package."""
        return f"clinic_{self.plugin_name}"

    @property
    def distribution(self) -> str:
        return self.package.replace("_", "-")

    @property
    def title(self) -> str:
        return self.plugin_name.replace("_", " ").capitalize()

    def substitutions(self, check_path: str) -> dict[str, str]:
        return {
            "plugin_name": self.plugin_name,
            "version": self.version,
            "plugin_api": PLUGIN_API,
            "package": self.package,
            "distribution": self.distribution,
            "title": self.title,
            "check_path": check_path,
        }


def validate_name(name: str) -> str:
    """Refuse names that would break ids, imports or entry points; say what is allowed."""
    if not NAME_PATTERN.match(name):
        raise ScaffoldError(
            f"'{name}' cannot be a plugin name. Use 2 to 40 small letters, numbers and _, "
            "starting with a letter, for example: runners_knee"
        )
    if keyword.iskeyword(name):
        raise ScaffoldError(f"'{name}' is a Python keyword; choose another plugin name")
    return name


def template_files() -> list[Path]:
    """Every template, relative to the template root, in a stable order."""
    return sorted(p.relative_to(TEMPLATE_ROOT) for p in TEMPLATE_ROOT.rglob(f"*{TEMPLATE_SUFFIX}"))


def render(names: PluginNames, check_path: str) -> dict[Path, str]:
    """The scaffold as {relative path: text}, without touching the disk (tests compare it)."""
    values = names.substitutions(check_path)
    rendered = {}
    for relative in template_files():
        text = (TEMPLATE_ROOT / relative).read_text(encoding="utf-8")
        target = relative.with_name(relative.name.removesuffix(TEMPLATE_SUFFIX))
        rendered[target] = Template(text).substitute(values)
    return rendered


def create_plugin(name: str, parent: Path, version: str = DEFAULT_VERSION) -> Path:
    """Write ``parent/name`` and return it; refuse to touch an existing folder."""
    names = PluginNames(validate_name(name), version)
    folder = parent / name
    if folder.exists():
        raise ScaffoldError(
            f"{folder} already exists. Choose another name, or delete that folder first."
        )
    files = render(names, check_path=str(folder))
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
