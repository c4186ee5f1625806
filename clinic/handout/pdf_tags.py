"""Finish the tag tree WeasyPrint writes, so a screen reader gets what a sighted reader gets.

WeasyPrint (70) tags the handout as PDF/UA-1 asks, with four gaps this module closes after
the PDF is written (pikepdf, in memory, nothing else touched):

- the running header and footer (margin boxes) are marked content with an MCID whose
  structure element is linked nowhere in the tree; they become ``/Artifact /Pagination``
  and leave the parent tree;
- table cells carry ``/Headers`` naming ``/ID`` s, but there is no ``/IDTree`` to resolve
  them; one is built;
- header cells have no ``/Scope``: column heads get ``/Column``, a row's first header cell
  ``/Row``;
- every data cell points at every group row above it in its column ("Warm-up",
  "Strength first", ...); each now points at its column head, its own group row and its
  row head only;
- structure elements with nothing in them (the log sheet's drawn tick boxes) are dropped;
- link annotations (page 1's pointer to the help page) get the Print flag, which WeasyPrint
  leaves off, so a printed page and the screen show the same thing.

What it cannot fix is listed in docs/handout.md (text runs at line breaks, tables split by
a page break, paint order of floats).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, String

PAGINATION = Dictionary(Type=Name.Pagination)
PRINT_FLAG = 4  # annotation flag bit 3 (PDF 32000-1, table 165)


def _kids(element: Object) -> list[Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    if isinstance(kids, Array):
        return list(kids)
    return [kids]


def _is_element(obj: Object) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj


def _walk(element: Object) -> Iterator[Object]:
    yield element
    for kid in _kids(element):
        if _is_element(kid):
            yield from _walk(kid)


def _reachable(root: Object) -> set[tuple[int, int]]:
    return {element.objgen for top in _kids(root) if _is_element(top) for element in _walk(top)}


def _artifact_margin_boxes(pdf: pikepdf.Pdf, root: Object) -> None:
    """Marked content whose element is outside the tree is the running header/footer."""
    reachable = _reachable(root)
    nums = root.ParentTree.Nums
    for i in range(0, len(nums), 2):
        page_index, refs = int(nums[i]), nums[i + 1]
        if not isinstance(refs, Array) or page_index >= len(pdf.pages):
            continue
        orphans = {mcid for mcid, ref in enumerate(refs)
                   if isinstance(ref, Dictionary) and ref.objgen not in reachable}
        if not orphans:
            continue
        page = pdf.pages[page_index]
        instructions = pikepdf.parse_content_stream(page)
        changed = []
        for operands, operator in instructions:
            if (str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary)
                    and int(operands[1].get("/MCID", -1)) in orphans):
                changed.append(([Name.Artifact, PAGINATION], pikepdf.Operator("BDC")))
            else:
                changed.append((operands, operator))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(changed))
        for mcid in orphans:
            refs[mcid] = pikepdf.Object.parse(b"null")


def _cells(row: Object) -> list[Object]:
    return [cell for cell in _kids(row) if _is_element(cell) and cell.S in (Name.TH, Name.TD)]


def _span(cell: Object) -> int:
    attributes = cell.get("/A")
    return int(attributes.get("/ColSpan", 1)) if isinstance(attributes, Dictionary) else 1


def _rows(table: Object) -> Iterator[tuple[Object, Object]]:
    """(row group name, row) in order: THead, TBody, TFoot or rows straight in the table."""
    for kid in _kids(table):
        if not _is_element(kid):
            continue
        if kid.S == Name.TR:
            yield Name.TBody, kid
        elif kid.S in (Name.THead, Name.TBody, Name.TFoot):
            for row in _kids(kid):
                if _is_element(row) and row.S == Name.TR:
                    yield kid.S, row


def _is_group_row(cells: list[Object], width: int) -> bool:
    """A row naming the rows under it ("Strength first"): a wide header cell, then empty cells."""
    return (bool(cells) and cells[0].S == Name.TH and _span(cells[0]) > 1
            and sum(_span(c) for c in cells) == width
            and all(c.S == Name.TD and not _kids(c) for c in cells[1:]))


def _fix_table(table: Object) -> None:
    rows = list(_rows(table))
    width = max((sum(_span(c) for c in _cells(row)) for _, row in rows), default=0)
    column_heads: dict[int, list[String]] = {}
    group_head: list[String] = []
    for group, row in rows:
        cells = _cells(row)
        if group == Name.THead:
            column = 0
            for cell in cells:
                if cell.S == Name.TH:
                    cell.A.Scope = Name.Column
                    if "/ID" in cell:
                        for c in range(column, column + _span(cell)):
                            column_heads.setdefault(c, []).append(cell.ID)
                column += _span(cell)
            continue
        if _is_group_row(cells, width):
            group_head = [cells[0].ID] if "/ID" in cells[0] else []
            continue
        row_head: list[String] = []
        column = 0
        for index, cell in enumerate(cells):
            if cell.S == Name.TH:
                if index == 0:
                    cell.A.Scope = Name.Row
                    row_head = [cell.ID] if "/ID" in cell else []
            else:
                heads = [h for c in range(column, column + _span(cell)) for h in column_heads.get(c, [])]
                headers = list(dict.fromkeys([*heads, *group_head, *row_head]))
                if headers:
                    cell.A.Headers = Array(headers)
                elif "/Headers" in cell.A:
                    del cell.A["/Headers"]
            column += _span(cell)


def _id_tree(pdf: pikepdf.Pdf, root: Object) -> None:
    named = {}
    for top in _kids(root):
        if _is_element(top):
            for element in _walk(top):
                if "/ID" in element:
                    named[bytes(element.ID)] = element
    write_id_tree(pdf, named)


def write_id_tree(pdf: pikepdf.Pdf, named: dict[bytes, Object]) -> None:
    """Set the tag tree's ``/IDTree`` to ``named`` (ID -> element), sorted as a name tree must be; none if empty."""
    root = pdf.Root.StructTreeRoot
    if "/IDTree" in root:
        del root["/IDTree"]
    if named:
        names = Array()
        for key in sorted(named):
            names.append(String(key))
            names.append(named[key])
        root.IDTree = pdf.make_indirect(Dictionary(Names=names))


def _drop_empty(element: Object) -> bool:
    """Remove empty child elements; True when ``element`` itself is left with nothing."""
    kids = element.get("/K")
    if not isinstance(kids, Array):
        return kids is None
    keep = Array()
    for kid in kids:
        if _is_element(kid) and _drop_empty(kid) and kid.S not in (Name.TD, Name.TH, Name.Figure):
            continue
        keep.append(kid)
    element.K = keep
    return len(keep) == 0 and "/Alt" not in element and "/ActualText" not in element


def _printable_links(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            if annotation.get("/Subtype") == Name.Link:
                annotation.F = int(annotation.get("/F", 0)) | PRINT_FLAG


def finish_tags(pdf_bytes: bytes) -> bytes:
    """The same PDF with the tag tree completed (see the module docstring)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return pdf_bytes
        _artifact_margin_boxes(pdf, root)
        for top in _kids(root):
            if _is_element(top):
                for element in _walk(top):
                    if Name.Table == element.S:
                        _fix_table(element)
                _drop_empty(top)
        _id_tree(pdf, root)
        _printable_links(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()
