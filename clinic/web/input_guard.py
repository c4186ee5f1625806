"""Refuse a NUL character anywhere in a request's path, form or query before a view sees it.

No keyboard types one, so it only arrives in a crafted or corrupted request;
PostgreSQL cannot store it in a text column and would fail the request with a
500 after the view had done its work. One check here covers every form.
"""

from __future__ import annotations

from itertools import chain

from flask import Flask, abort, request


def _refuse_nul() -> None:
    if "\x00" in request.path:  # a file path with NUL makes the operating system call fail
        abort(404)
    pairs = chain(request.args.items(multi=True), request.form.items(multi=True))
    if any("\x00" in key or "\x00" in value for key, value in pairs):
        abort(400)


def init_input_guard(app: Flask) -> None:
    app.before_request(_refuse_nul)
