"""What a studio form sends as it stands: every named box, ticked box and chosen option, as a browser would."""

from __future__ import annotations

from html.parser import HTMLParser


class FormBoxes(HTMLParser):
    """The boxes of the page's ``studio-form``: inputs, tick boxes that are ticked, text areas and selects."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == "studio-form"
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("checkbox", "hidden") or tag == "input" and "checked" in a:
            self.values[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and ("selected" in a or self.select not in self.values):
            self.values[self.select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea] += data


def form_boxes(page: str) -> dict[str, str]:
    parser = FormBoxes()
    parser.feed(page)
    return parser.values
