"""A contact sheet: every picture of a plugin at handout size, to check by eye in print.

Pictures are printed about 5.5 cm wide in a handout, so the sheet uses that
width; print it in grey (or view it with ``pdftoppm -gray``) to see what a
patient's home printer will make of the strokes.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

PRINT_WIDTH_CM = 5.5

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 1.2cm; }}
body {{ font-family: sans-serif; font-size: 8pt; }}
h1 {{ font-size: 11pt; }}
figure {{ display: inline-block; width: {width}cm; margin: 0 0.4cm 0.5cm 0; vertical-align: top; }}
img {{ width: {width}cm; border: 0.5pt solid #ccc; }}
figcaption {{ margin-top: 1mm; }}
</style></head><body><h1>{title}</h1>{figures}</body></html>"""


def sheet_html(pictures: list[Path], title: str) -> str:
    figures = "".join(
        f'<figure><img src="{path.resolve().as_uri()}" alt=""><figcaption>{escape(path.name)}</figcaption></figure>'
        for path in pictures
    )
    return PAGE.format(width=PRINT_WIDTH_CM, title=escape(title), figures=figures)


def write_sheet(folder: Path, output: Path) -> int:
    """Write a PDF of every SVG in ``folder/pictures``; returns how many pictures it shows."""
    from weasyprint import HTML  # imported here: only this optional step needs it

    pictures = sorted((folder / "pictures").glob("*.svg"))
    HTML(string=sheet_html(pictures, f"{folder.name}: {len(pictures)} pictures"), base_url=str(folder)).write_pdf(
        output
    )
    return len(pictures)
