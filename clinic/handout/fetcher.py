"""The only way a handout render may load anything: our static files and data: URIs.

A handout mixes therapist- and patient-typed text with plugin content. Even
though Jinja escapes all of it, the renderer is a second wall: any URL that is
not a ``data:`` URI or a file inside the app's static folder is refused and
logged, so a crafted name can never make the server read a local file or call
an internal address (SSRF).
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib import request
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """Raised for a URL outside the allowed set; WeasyPrint logs it and skips the resource."""


class StaticOnlyFetcher(URLFetcher):
    """Serve ``data:`` URIs and files under ``static_root`` by path; refuse the rest.

    Nothing goes through urllib's opener, so no network handler, proxy or
    redirect is ever involved. ``served`` and ``refused`` keep every URL seen,
    which the tests read to prove that nothing else was fetched.
    """

    def __init__(self, static_root: Path) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.static_root = static_root.resolve()
        self.served: list[str] = []
        self.refused: list[str] = []

    def base_url(self) -> str:
        """The base that relative URLs in our own stylesheets resolve against."""
        return self.static_root.as_uri() + "/"

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            path = self._static_path(url)
            if path is not None:
                self.served.append(url)
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        self.refused.append(url)
        log.warning("handout renderer refused to fetch %.200s", url)
        raise RefusedURL(f"handouts may only use the app's static files, not {url[:200]}")

    def _data(self, url: str) -> URLFetcherResponse:
        response = request.DataHandler().data_open(request.Request(url))
        body = response.read()
        self.served.append(url[:40])
        return URLFetcherResponse(url, body, {"Content-Type": response.headers["Content-Type"]})

    def _static_path(self, url: str) -> Path | None:
        """The file a ``file:`` URL names, only when it lies inside the static folder."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        target = Path(unquote(parts.path)).resolve()
        if not target.is_relative_to(self.static_root) or not target.is_file():
            return None
        return target
