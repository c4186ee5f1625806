"""Check an uploaded clinic logo before it is stored and printed on handouts.

The browser's content type and the file name are whatever the sender says, so
we look at the bytes: the PNG or JPEG signature first, then Pillow must be able
to read the whole header and decode every pixel (a renamed, truncated or
corrupt file fails here, not later in the PDF renderer, which would quietly
print the handout without a logo).
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
MAX_SIDE_PIXELS = 4000


class LogoError(ValueError):
    """The message is fit to show to the admin."""


def check_logo(data: bytes, max_bytes: int) -> str:
    """Return the image's real MIME type, or raise LogoError."""
    if not data:
        raise LogoError("The file is empty.")
    if len(data) > max_bytes:
        raise LogoError(f"The logo is too large. Use a file under {max_bytes // 1024} KB.")
    mimetype = next((kind for magic, kind in SIGNATURES.items() if data.startswith(magic)), None)
    if mimetype is None:
        raise LogoError("That file is not a PNG or JPEG picture.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != PILLOW_FORMATS[mimetype]:
                raise LogoError("That file is not a PNG or JPEG picture.")
            if max(image.size) > MAX_SIDE_PIXELS:
                raise LogoError(f"The logo is too big. Use one under {MAX_SIDE_PIXELS} pixels wide and high.")
            image.verify()
        with Image.open(io.BytesIO(data)) as image:  # verify() leaves the image unusable, so open it again
            image.load()  # decode every pixel: valid checksums can still wrap data that does not decode
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise LogoError("That picture file looks damaged. Try saving it again as PNG or JPEG.") from error
    return mimetype
