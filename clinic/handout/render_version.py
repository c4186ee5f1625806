"""What a cached PDF was laid out by: the handout's templates, stylesheet, code and libraries.

The content key (``clinic.pdf_cache.content_key``) says *what* a handout
prints; this says *how* it was printed. A cached file made before a template,
the stylesheet, WeasyPrint, pikepdf or clinic itself changed is the right
content in an old layout, so the cache looks files up by both. Computed once
per app (the inputs only change with a deploy, which restarts the workers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from flask import Flask, current_app

from clinic.handout.render import STYLESHEET

EXTENSION_KEY = "clinic.handout.render_version"
LENGTH = 16  # hex digits: plenty to tell deploys apart, short in a file name
HANDOUT_CODE = Path(__file__).resolve().parent
LIBRARIES = ("weasyprint", "pikepdf", "pydyf", "fonttools", "clinic")  # fonttools joins font subsets


def _version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def render_inputs(app: Flask) -> list[tuple[str, bytes]]:
    """(name, content) of everything besides the snapshot and options that a render depends on.

    Templates are read through the app's own loader, so a checkout and an
    installed wheel (templates inside the package) are hashed the same way.
    The handout package's code is included whole: it turns the snapshot into
    HTML (context, routine, bidi) and finishes the PDF (pdf_tags).
    """
    loader = app.jinja_env.loader
    assert loader is not None
    inputs: list[tuple[str, bytes]] = []
    for name in sorted(t for t in loader.list_templates() if t.startswith("handout/")):
        source, _, _ = loader.get_source(app.jinja_env, name)
        inputs.append((f"template:{name}", source.encode("utf-8")))
    stylesheet = Path(app.static_folder or "") / STYLESHEET
    inputs.append((f"static:{STYLESHEET.as_posix()}", stylesheet.read_bytes()))
    for module in sorted(HANDOUT_CODE.glob("*.py")):
        inputs.append((f"code:{module.name}", module.read_bytes()))
    for library in LIBRARIES:
        inputs.append((f"version:{library}", _version_of(library).encode()))
    # Printed from parts, each part starts a page: another layout of the same snapshot.
    inputs.append(("config:HANDOUT_PART_CACHE", b"on" if app.config.get("HANDOUT_PART_CACHE") else b"off"))
    return inputs


def fingerprint(inputs: Iterable[tuple[str, bytes]]) -> str:
    """A short digest of named inputs; each name and length is hashed too, so no two lists collide."""
    digest = hashlib.sha256()
    for name, content in inputs:
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:LENGTH]


def render_version(app: Flask | None = None) -> str:
    """This app's render version, worked out on first use."""
    app = app or current_app
    version = app.extensions.get(EXTENSION_KEY)
    if version is None:
        version = app.extensions[EXTENSION_KEY] = fingerprint(render_inputs(app))
    return version
