"""Print the demo handout (the whole runner's knee routine, 13 exercises) and make contact sheets.

    .venv/bin/python scripts/handout_sheets.py                 # page counts, A4 and Letter, both print sizes
    .venv/bin/python scripts/handout_sheets.py --sheets docs/img   # also rewrite the contact sheets in docs

The contact sheets in docs/handout.md come from this script, so the pictures there are the
layout the code prints today. It runs on a throwaway SQLite database with the plugins in
plugins/, never on the app's own instance.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHEET_COLUMNS = 6
# A patient link as long as a real one: every exported handout prints one (page 1 and the log).
SAMPLE_LINK_URL = "https://exercise.example-clinic.org/p/abcd-efgh-ijkl-mnop-qrst-uvwx-yz23"
THUMB_DPI = 18


def demo_pdfs(folder: Path, combos: list[tuple[str, bool]]) -> dict[tuple[str, bool], Path]:
    """Render the demo handout once per (paper, large print) into ``folder``."""
    from clinic import create_app
    from clinic.db import db
    from clinic.handout.issue import build_snapshot
    from clinic.handout.options import HandoutOptions
    from clinic.handout.render import render_pdf
    from clinic.models import Clinic, Patient, User
    from clinic.services.patient_links import PrintedLink
    from clinic.services.programmes import create_programme
    from clinic.state import catalogue

    SAMPLE_LINK = PrintedLink(url=SAMPLE_LINK_URL, typed=SAMPLE_LINK_URL.removeprefix("https://"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite'}",
                      "SECRET_KEY": "sheets"}, instance_path=str(folder / "instance"))
    out = {}
    with app.app_context():
        db.create_all()
        clinic = Clinic(name="Riverside Physio (demo)", phone="555-0100", address="1 River Road")
        db.session.add(clinic)
        db.session.flush()
        therapist = User(clinic_id=clinic.id, email="t@demo.clinic", name="Sam Rivera", password_hash="-")
        patient = Patient(clinic_id=clinic.id, display_name="Maria Lopez", reference="DEMO-001")
        db.session.add_all([therapist, patient])
        db.session.flush()
        protocol = catalogue().protocols["runners_knee.routine"]
        programme = create_programme(patient, therapist, protocol, include_optional=True)
        db.session.commit()
        for paper, large in combos:
            options = HandoutOptions(paper=paper, large_print=large)
            pdf = render_pdf(build_snapshot(programme, therapist, options), options, link=SAMPLE_LINK)
            path = folder / f"demo-{paper}-{'large' if large else 'standard'}.pdf"
            path.write_bytes(pdf)
            out[paper, large] = path
    return out


def contact_sheet(pdf: Path, target: Path) -> None:
    """Every page as a small grey thumbnail, in rows, with a thin frame round each page."""
    from PIL import Image, ImageOps

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(THUMB_DPI), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True)
        pages = [ImageOps.expand(Image.open(p), border=1, fill=0) for p in sorted(Path(tmp).glob("p*.png"))]
    width, height = max(p.width for p in pages), max(p.height for p in pages)
    gap = 6
    rows = (len(pages) + SHEET_COLUMNS - 1) // SHEET_COLUMNS
    sheet = Image.new("L", (SHEET_COLUMNS * (width + gap) + gap, rows * (height + gap) + gap), 255)
    for i, page in enumerate(pages):
        row, col = divmod(i, SHEET_COLUMNS)
        sheet.paste(page, (gap + col * (width + gap), gap + row * (height + gap)))
    sheet.quantize(16).save(target, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=Path, help="write handout-standard.png and handout-large.png here")
    parser.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    args = parser.parse_args(argv)
    from pypdf import PdfReader

    combos = [("A4", False), ("Letter", False), ("A4", True), ("Letter", True)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        pdfs = demo_pdfs(folder, combos)
        for (paper, large), path in pdfs.items():
            print(f"{paper:6} {'large' if large else 'standard':8} {len(PdfReader(path).pages):3} pages  {path.name}")
        if args.sheets:
            args.sheets.mkdir(parents=True, exist_ok=True)
            contact_sheet(pdfs["A4", False], args.sheets / "handout-standard.png")
            contact_sheet(pdfs["A4", True], args.sheets / "handout-large.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
