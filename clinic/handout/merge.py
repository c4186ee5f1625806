"""Join finished, tagged handout parts into one handout PDF, as one render would have made it (issue 17).

The first part (the patient's, laid out fresh) is the base: its catalogue keeps
the language, metadata, document title and ``/MarkInfo``. Each further part's
pages are appended and its tag tree is grafted under the base's one
``/Document`` element in reading order; the parent tree is renumbered (each
page's ``/StructParents`` and each annotation's ``/StructParent`` moved past
the keys already used), named destinations and outlines are merged with their
pages, and the ``/IDTree`` is joined from the parts' own. Links that pointed out of their part
(``clinic.handout.parts.LINK_OUT``) become links to the named destination.
Last, the running header (the patient part's last page, taken out) and
"Page X of Y" (one page per page), both already ``/Artifact /Pagination``,
are drawn on every page, and each face's per-part font subsets are joined
into one (``clinic.handout.font_subsets``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, OutlineItem, String

from clinic.handout.font_subsets import share_font_subsets
from clinic.handout.parts import LINK_OUT
from clinic.handout.pdf_tags import write_id_tree


def _document(pdf: pikepdf.Pdf) -> Object:
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, Array) else kids


def _kids(element: Object) -> list[Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _nums(pdf: pikepdf.Pdf) -> Array:
    return pdf.Root.StructTreeRoot.ParentTree.Nums


def _next_key(nums: Array) -> int:
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    return max(keys) + 1 if keys else 0


def _dests(pdf: pikepdf.Pdf) -> list[tuple[bytes, Object]]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    flat = names.Dests.get("/Names", Array())
    return [(bytes(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2)]


def _outline(pdf: pikepdf.Pdf) -> list[tuple[str, int | None, list]]:
    """(title, page index, children) of every outline item: what is needed to draw it again elsewhere."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

    def read(item: OutlineItem) -> tuple[str, int | None, list]:
        target = item.destination
        if isinstance(target, Array) and len(target) and isinstance(target[0], Dictionary):
            page = pages.get(target[0].objgen)
        else:
            page = None
        return item.title, page, [read(child) for child in item.children]

    with pdf.open_outline() as outline:
        return [read(item) for item in outline.root]


def _copied(base: pikepdf.Pdf, part: pikepdf.Pdf, objects: list[Object]) -> list[Object]:
    """``objects`` of ``part`` made usable in ``base``, in one copy.

    They go into one indirect array of the part, which qpdf copies with
    everything it reaches in a single call: object by object from Python this
    was a third of the merge. Objects already copied (the appended pages) are
    reused, so structure elements keep pointing at the merged file's pages.
    """
    if not objects:
        return []
    return list(base.copy_foreign(part.make_indirect(Array(objects))))


def _graft(base: pikepdf.Pdf, part: pikepdf.Pdf, document: Object, nums: Array,
           also: Sequence[Object] = ()) -> list[Object]:
    """Append ``part``'s pages and tags to ``base``: one tree, one parent tree, keys renumbered.

    Returns ``also`` (more objects of the part: destinations, ID tree entries)
    copied into ``base`` in the same single copy.
    """
    offset = _next_key(nums)
    for page in part.pages:
        base.pages.append(page)
        copied = base.pages[-1].obj
        if "/StructParents" in copied:
            copied.StructParents = int(copied.StructParents) + offset
        for annotation in copied.get("/Annots", Array()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    kids = _kids(_document(part))
    part_nums = _nums(part)
    values = [part_nums[i + 1] for i in range(0, len(part_nums), 2)]
    copied = _copied(base, part, [*kids, *values, *also])
    for kid in copied[:len(kids)]:
        if isinstance(kid, Dictionary) and "/S" in kid:
            kid.P = document
        document.K.append(kid)
    for i, value in zip(range(0, len(part_nums), 2), copied[len(kids):len(kids) + len(values)], strict=True):
        nums.append(int(part_nums[i]) + offset)
        nums.append(value)
    return copied[len(kids) + len(values):]


def _ids(pdf: pikepdf.Pdf) -> list[tuple[bytes, Object]]:
    """(ID, element) of a part's ``/IDTree``, which ``finish_tags`` built from the part's whole tag tree."""
    tree = pdf.Root.StructTreeRoot.get("/IDTree")
    flat = tree.get("/Names", Array()) if tree is not None else Array()
    return [(bytes(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2)]


def _merge_names(base: pikepdf.Pdf, dests: list[tuple[bytes, Object]]) -> None:
    if not dests:
        return
    flat = Array()
    for name, target in sorted(dests, key=lambda entry: entry[0]):  # a name tree is sorted
        flat.append(String(name))
        flat.append(target)
    names = base.Root.get("/Names")
    if names is None:
        names = base.Root.Names = base.make_indirect(Dictionary())
    names.Dests = base.make_indirect(Dictionary(Names=flat))


def _links_inside(base: pikepdf.Pdf) -> None:
    """A link laid out as ``LINK_OUT#name`` goes to the named destination ``name`` of the merged file."""
    for page in base.pages:
        for annotation in page.obj.get("/Annots", Array()):
            action = annotation.get("/A")
            if annotation.get("/Subtype") != Name.Link or not isinstance(action, Dictionary):
                continue
            uri = str(action.get("/URI", ""))
            if action.get("/S") == Name.URI and uri.startswith(LINK_OUT + "#"):
                del annotation["/A"]
                annotation.Dest = String(uri[len(LINK_OUT) + 1:])


def _write_outline(base: pikepdf.Pdf, items: list[tuple[str, int | None, list]]) -> None:
    def build(title: str, page: int | None, children: list) -> OutlineItem:
        item = OutlineItem(title, page) if page is not None else OutlineItem(title)
        item.children.extend(build(*child) for child in children)
        return item

    with base.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(build(*item) for item in items)


HEADER, FOOTER = "/RunningHeader", "/PageNumber"


def _draw_over(base: pikepdf.Pdf, page: pikepdf.Page, forms: dict[str, Object]) -> None:
    """Draw each form (a page of the same size) over ``page``, under fixed names so the bytes are repeatable.

    ``Page.add_overlay`` names a form at random, which made two merges of the
    same parts differ; the page's own drawing is wrapped in q/Q so the forms
    start from the page's untransformed space, and are painted as an artifact
    (pagination), as their own content already is.
    """
    # WeasyPrint shares one resource dictionary between a document's pages; each page draws its own
    # page number, so each gets its own (shallow) copy.
    resources = Dictionary(dict(page.obj.get("/Resources", Dictionary()).items()))
    resources.XObject = Dictionary({**dict(resources.get("/XObject", Dictionary()).items()), **forms})
    page.obj.Resources = resources
    drawn = b" ".join(b"q " + name.encode() + b" Do Q" for name in forms)
    page.contents_add(base.make_stream(b"q\n"), prepend=True)
    page.contents_add(base.make_stream(b"\nQ\n/Artifact BMC " + drawn + b" EMC\n"))


def _take_header_page(base: pikepdf.Pdf) -> Object:
    """Remove the base's last page (the running header alone) and return it as a form to draw on every page.

    Its parent tree entry goes with it; the page holds only artifacts, so no
    structure element refers to it.
    """
    page = base.pages[-1]
    form = page.as_form_xobject()
    key = page.obj.get("/StructParents")
    del base.pages[-1]
    if key is not None:
        nums = _nums(base)
        kept = [(nums[i], nums[i + 1]) for i in range(0, len(nums), 2) if int(nums[i]) != int(key)]
        base.Root.StructTreeRoot.ParentTree.Nums = Array([item for pair in kept for item in pair])
    return form


def merge_parts(parts: Sequence[bytes], footers: bytes) -> bytes:
    """One tagged handout from its parts in order, with the running header and page numbers drawn on each page.

    The first part's last page is its running header alone (``clinic.handout.parts.HEADER_PAGE``).
    """
    with pikepdf.open(io.BytesIO(parts[0])) as base:
        running = _take_header_page(base)
        document = _document(base)
        nums = _nums(base)
        dests = _dests(base)
        ids = _ids(base)
        outline = _outline(base)
        for data in parts[1:]:
            with pikepdf.open(io.BytesIO(data)) as part:
                first_page = len(base.pages)
                part_dests, part_ids, part_outline = _dests(part), _ids(part), _outline(part)
                copied = iter(_graft(base, part, document, nums,
                                     [target for _, target in part_dests] + [element for _, element in part_ids]))
                dests += [(name, next(copied)) for name, _ in part_dests]
                ids += [(name, next(copied)) for name, _ in part_ids]

                def moved(item: tuple[str, int | None, list], by: int = first_page) -> tuple[str, int | None, list]:
                    title, page, children = item
                    return title, None if page is None else page + by, [moved(child) for child in children]

                outline += [moved(item) for item in part_outline]
        _merge_names(base, dests)
        _write_outline(base, outline)
        _links_inside(base)
        write_id_tree(base, dict(ids))  # the parts' own, joined: a later part's ID wins, as in tree order
        with pikepdf.open(io.BytesIO(footers)) as numbers:
            if len(numbers.pages) != len(base.pages):
                raise ValueError(f"{len(numbers.pages)} page-number pages for {len(base.pages)} pages")
            for page, footer in zip(base.pages, numbers.pages, strict=True):
                _draw_over(base, page, {HEADER: running, FOOTER: base.copy_foreign(footer.as_form_xobject())})
        share_font_subsets(base)
        out = io.BytesIO()
        base.save(out, deterministic_id=True, compress_streams=True,
                  object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
