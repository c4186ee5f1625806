"""The patient link as a QR code, drawn as SVG and embedded as a data: URI.

The renderer fetches nothing but the app's own files and data: URIs
(``clinic.handout.fetcher``), so the picture travels inside the HTML.
"""

from __future__ import annotations

import segno


def qr_data_uri(url: str) -> str:
    """A black-on-white SVG QR code of ``url`` with the usual quiet zone of four modules.

    Error correction M (15%) survives a crease or a coffee ring on a fridge
    door; segno raises it further when the code would not grow for it.
    """
    code = segno.make_qr(url, error="m", boost_error=True)
    return code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff", omitsize=True)
