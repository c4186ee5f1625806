"""Check an uploaded clinic logo before it is stored and printed on handouts.

The browser's content type and the file name are whatever the sender says, so
we look at the bytes: the PNG or JPEG signature first, then Pillow must be able
to read the whole header and decode every pixel (a renamed, truncated or
corrupt file fails here, not later in the PDF renderer, which would quietly
print the handout without a logo).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import gettext
from PIL import Image, ImageFile, UnidentifiedImageError

SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
MAX_SIDE_PIXELS = 4000


_STRICT = threading.Lock()


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """Let Pillow report broken pixel data for this one decode.

    WeasyPrint sets Pillow's process-wide ``LOAD_TRUNCATED_IMAGES`` when it is
    imported, so in a worker that has printed a handout a damaged logo would
    decode "successfully" here and then print as nothing. The flag is put back
    at once; the lock keeps two uploads from restoring it out of order.
    """
    with _STRICT:
        lenient = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


class LogoError(ValueError):
    """The message is fit to show to the admin."""


def check_logo(data: bytes, max_bytes: int) -> str:
    """Return the image's real MIME type, or raise LogoError."""
    if not data:
        raise LogoError(gettext("The file is empty."))
    if len(data) > max_bytes:
        raise LogoError(gettext("The logo is too large. Use a file under %(size)s KB.", size=max_bytes // 1024))
    mimetype = next((kind for magic, kind in SIGNATURES.items() if data.startswith(magic)), None)
    if mimetype is None:
        raise LogoError(gettext("That file is not a PNG or JPEG picture."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != PILLOW_FORMATS[mimetype]:
                raise LogoError(gettext("That file is not a PNG or JPEG picture."))
            if max(image.size) > MAX_SIDE_PIXELS:
                raise LogoError(gettext("The logo is too big. Use one under %(size)s pixels wide and high.",
                                              size=MAX_SIDE_PIXELS))
            image.verify()
        with _strict_decoding(), Image.open(io.BytesIO(data)) as image:  # verify() leaves it unusable: reopen
            image.load()  # decode every pixel: valid checksums can still wrap data that does not decode
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise LogoError(gettext("That picture file looks damaged. Try saving it again as PNG or JPEG.")) from error
    return mimetype
