"""Keep patient-link tokens out of request log lines.

A token in ``/p/<token>`` is the patient's credential: whoever reads a log
line with it could open their page and check in as them. The development
server (logger ``werkzeug``) and gunicorn's access log (``gunicorn.access``,
when it is switched on) write the request line; this filter rewrites the
token in it to ``[token]`` before any handler sees the record.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask

TOKEN_IN_PATH = re.compile(r"(/p/)(?!check-in\b|sw\.js\b)[^\s\"'?#/]+")
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access")


def scrub(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1[token]", text)


def _scrubbed(value: Any) -> Any:
    return scrub(value) if isinstance(value, str) else value


class TokenFilter(logging.Filter):
    """Rewrites the message and its arguments (a tuple for werkzeug, a dict of atoms for gunicorn)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = scrub(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _scrubbed(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_scrubbed(value) for value in record.args)
        return True


def init_log_filter(_app: Flask) -> None:
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, TokenFilter) for f in logger.filters):
            logger.addFilter(TokenFilter())
