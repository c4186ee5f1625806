"""One font subset per face in a merged handout, instead of one per part (issue 17).

Each part of a handout is its own WeasyPrint run, so each carries its own
subset of every face it uses: a merged handout of 13 cards held 15 font
programs where one render holds 4, and the file grew about 1.5x. WeasyPrint
subsets with HarfBuzz keeping glyph ids (``RETAIN_GIDS``): glyph 42 is the
same glyph in every subset of a face, and the pages address glyphs by id
(``Identity-H``, ``CIDToGIDMap /Identity``). So the subsets of a face join
without touching a page: one font program holding every glyph any part drew,
the widths (``/W``) and text map (``/ToUnicode``) of all parts, and every
page's font resource pointed at that one font.

The join is conservative: a face is left as it is unless every subset is a
TrueType CID font of that shape, and the parts agree on every glyph's bytes,
width and text. The tables are joined as bytes (loca, glyf, hmtx), not parsed
glyph by glyph: parsing every glyph of 15 subsets cost more than the whole
merge. The joined program is remembered by its inputs, since the cached parts'
subsets recur on every hit and the patient's part alone varies.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pikepdf
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.DefaultTable import DefaultTable
from pikepdf import Array, Dictionary, Name

_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_CMAP_HEAD = (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
              b"<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
              b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
              b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n")
_CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
_DESCRIPTOR_VARIES = {"/FontFile2", "/FontBBox"}


class NotJoinable(ValueError):
    """These subsets cannot be joined safely; the face keeps one subset per part."""


@dataclass(frozen=True)
class _Use:
    resources: Dictionary
    name: Name
    font: Dictionary


def _font_uses(pdf: pikepdf.Pdf) -> list[_Use]:
    """Every font resource of every page and of the forms they draw (the running header and page numbers)."""
    uses: list[_Use] = []
    seen: set[tuple[int, int]] = set()

    def walk(resources: Dictionary | None) -> None:
        if resources is None:
            return
        if resources.is_indirect:
            if resources.objgen in seen:
                return
            seen.add(resources.objgen)
        for name, font in resources.get("/Font", Dictionary()).items():
            uses.append(_Use(resources, Name(name), font))
        for _, xobject in resources.get("/XObject", Dictionary()).items():
            if xobject.get("/Subtype") == Name.Form:
                walk(xobject.get("/Resources"))

    for page in pdf.pages:
        walk(page.obj.get("/Resources"))
    return uses


def _is_truetype_cid(font: Dictionary) -> bool:
    if font.get("/Subtype") != Name.Type0 or font.get("/Encoding") != Name("/Identity-H"):
        return False
    descendant = font.DescendantFonts[0]
    return (descendant.get("/Subtype") == Name.CIDFontType2
            and descendant.get("/CIDToGIDMap") == Name.Identity
            and "/FontFile2" in descendant.get("/FontDescriptor", Dictionary())
            and "/ToUnicode" in font)


def _widths(descendant: Dictionary) -> dict[int, float]:
    """``/W`` as glyph id -> width; both of its forms (``c [w ...]`` and ``c_first c_last w``)."""
    flat = list(descendant.get("/W", Array()))
    widths: dict[int, float] = {}
    i = 0
    while i < len(flat):
        first = int(flat[i])
        if isinstance(flat[i + 1], Array):
            for offset, width in enumerate(flat[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for glyph in range(first, int(flat[i + 1]) + 1):
                widths[glyph] = float(flat[i + 2])
            i += 3
    return widths


def _text_map(font: Dictionary) -> dict[int, bytes]:
    """``/ToUnicode`` as glyph id -> UTF-16BE hex; WeasyPrint writes ``bfchar`` entries only."""
    data = font.ToUnicode.read_bytes()
    if b"bfrange" in data:
        raise NotJoinable("a text map with ranges")
    found: dict[int, bytes] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for glyph, text in _BFCHAR.findall(block):
            found[int(glyph, 16)] = text.lower()
    return found


def _agreed(maps: Iterator[dict]) -> dict:
    """The union of the maps; any key they disagree on makes the face not joinable."""
    union: dict = {}
    for one in maps:
        for key, value in one.items():
            if union.setdefault(key, value) != value:
                raise NotJoinable(f"parts disagree on glyph {key}")
    return union


def _glyphs(font: TTFont) -> list[bytes]:
    """Each glyph's bytes in the ``glyf`` table, by glyph id (empty for a glyph the subset left out)."""
    count = font["maxp"].numGlyphs
    raw_loca = font.reader["loca"]
    if font["head"].indexToLocFormat == 0:
        offsets = [2 * value for value in struct.unpack(f">{count + 1}H", raw_loca[:2 * (count + 1)])]
    else:
        offsets = list(struct.unpack(f">{count + 1}I", raw_loca[:4 * (count + 1)]))
    glyf = font.reader["glyf"]
    return [glyf[offsets[i]:offsets[i + 1]] for i in range(count)]


def _metrics(font: TTFont) -> list[tuple[int, int]]:
    """(advance, left side bearing) by glyph id, from the raw ``hmtx``."""
    count, long_count = font["maxp"].numGlyphs, font["hhea"].numberOfHMetrics
    raw = font.reader["hmtx"]
    pairs = [struct.unpack_from(">Hh", raw, 4 * i) for i in range(long_count)]
    bearings = struct.unpack_from(f">{count - long_count}h", raw, 4 * long_count)
    return pairs + [(pairs[-1][0], bearing) for bearing in bearings]


def _raw(tag: str, data: bytes) -> DefaultTable:
    table = DefaultTable(tag)
    table.data = data
    return table


@lru_cache(maxsize=64)
def joined_program(programs: tuple[bytes, ...]) -> bytes:
    """One TrueType program with every glyph of ``programs``, subsets of one face that keep glyph ids.

    The largest subset is the base (later ids are absent from smaller ones);
    each glyph id takes the bytes of whichever subset drew it, so composite
    glyphs still find their components by id. The timestamp is kept, so the
    same parts always give the same bytes.
    """
    fonts = [TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False, lazy=True) for data in programs]
    if any("glyf" not in font or "loca" not in font for font in fonts):
        raise NotJoinable("not a TrueType program")
    base = max(fonts, key=lambda font: font["maxp"].numGlyphs)
    count = base["maxp"].numGlyphs
    glyphs = [b""] * count
    metrics = [(0, 0)] * count
    for font in fonts:
        for glyph, (data, metric) in enumerate(zip(_glyphs(font), _metrics(font), strict=True)):
            if not data:
                continue
            if glyphs[glyph] and glyphs[glyph] != data:
                raise NotJoinable(f"glyph {glyph} differs between subsets")
            glyphs[glyph], metrics[glyph] = data, metric
    if not glyphs[0]:
        metrics[0] = _metrics(base)[0]

    glyf, offsets = bytearray(), [0]
    for data in glyphs:
        glyf += data + b"\0" * (-len(data) % 4)
        offsets.append(len(glyf))
    base["glyf"] = _raw("glyf", bytes(glyf))
    base["loca"] = _raw("loca", struct.pack(f">{count + 1}I", *offsets))
    base["hmtx"] = _raw("hmtx", b"".join(struct.pack(">Hh", *metric) for metric in metrics))
    base["hhea"].numberOfHMetrics = count
    head = base["head"]
    head.indexToLocFormat = 1
    heads = [font["head"] for font in fonts]
    head.xMin, head.yMin = min(h.xMin for h in heads), min(h.yMin for h in heads)
    head.xMax, head.yMax = max(h.xMax for h in heads), max(h.yMax for h in heads)
    maxp = base["maxp"]
    for field in vars(maxp):
        if field.startswith("max"):
            setattr(maxp, field, max(getattr(font["maxp"], field, 0) for font in fonts))
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


def _width_array(widths: dict[int, float]) -> Array:
    """``/W`` with consecutive glyph ids in one run, as WeasyPrint writes it."""
    runs: list[tuple[int, list[float]]] = []
    for glyph in sorted(widths):
        if runs and runs[-1][0] + len(runs[-1][1]) == glyph:
            runs[-1][1].append(widths[glyph])
        else:
            runs.append((glyph, [widths[glyph]]))
    flat = Array()
    for first, values in runs:
        flat.append(first)
        flat.append(Array([int(v) if float(v).is_integer() else v for v in values]))
    return flat


def _text_map_stream(pdf: pikepdf.Pdf, texts: dict[int, bytes]) -> pikepdf.Stream:
    lines = [b"<%04x> <%s>" % (glyph, texts[glyph]) for glyph in sorted(texts)]
    body = b"".join(b"%d beginbfchar\n" % len(lines[i:i + 100]) + b"\n".join(lines[i:i + 100]) + b"\nendbfchar\n"
                    for i in range(0, len(lines), 100))
    return pdf.make_stream(_CMAP_HEAD + body + _CMAP_TAIL)


def _joined_font(pdf: pikepdf.Pdf, fonts: list[Dictionary]) -> Dictionary:
    descendants = [font.DescendantFonts[0] for font in fonts]
    descriptors = [descendant.FontDescriptor for descendant in descendants]
    fixed = [{key: repr(value) for key, value in d.items() if key not in _DESCRIPTOR_VARIES} for d in descriptors]
    if any(one != fixed[0] for one in fixed):
        raise NotJoinable("the parts describe the face differently")
    widths = _agreed(_widths(d) for d in descendants)
    texts = _agreed(_text_map(font) for font in fonts)
    program = joined_program(tuple(d.FontFile2.read_bytes() for d in descriptors))

    stream = pdf.make_stream(program)
    stream.Length1 = len(program)
    descriptor = pdf.make_indirect(Dictionary(dict(descriptors[0].items())))
    descriptor.FontFile2 = stream
    boxes = [[float(v) for v in d.FontBBox] for d in descriptors if "/FontBBox" in d]
    if boxes:
        descriptor.FontBBox = Array([min(b[0] for b in boxes), min(b[1] for b in boxes),
                                     max(b[2] for b in boxes), max(b[3] for b in boxes)])
    descendant = pdf.make_indirect(Dictionary(dict(descendants[0].items())))
    descendant.FontDescriptor = descriptor
    descendant.W = _width_array(widths)
    joined = pdf.make_indirect(Dictionary(dict(fonts[0].items())))
    joined.DescendantFonts = Array([descendant])
    joined.ToUnicode = _text_map_stream(pdf, texts)
    return joined


def share_font_subsets(pdf: pikepdf.Pdf) -> int:
    """Give each face one subset in ``pdf``; returns how many subsets were dropped.

    A face whose subsets cannot be joined safely (``NotJoinable``) keeps them
    all: a larger file, never a wrong glyph.
    """
    uses = _font_uses(pdf)
    faces: dict[str, dict[tuple[int, int], Dictionary]] = {}
    for use in uses:
        if _is_truetype_cid(use.font):
            faces.setdefault(str(use.font.BaseFont), {})[use.font.objgen] = use.font
    dropped = 0
    for subsets in faces.values():
        if len(subsets) < 2:
            continue
        try:
            joined = _joined_font(pdf, list(subsets.values()))
        except NotJoinable:
            continue
        for use in uses:
            if use.font.objgen in subsets:
                use.resources.Font[use.name] = joined
        dropped += len(subsets) - 1
    return dropped
