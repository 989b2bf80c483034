"""Read a rendered HTML form and build the POST data a browser would submit for it unchanged.

A browser submits what the page shows: a date field that cannot read its ``value`` submits
nothing, an unchecked checkbox submits nothing, a ``<select multiple>`` submits every selected
option. Round-trip tests post exactly this, so a form that renders a value its own field cannot
read back fails them.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

# What a browser's native control accepts as its value; anything else is "" on submission
# (https://html.spec.whatwg.org/multipage/input.html#value-sanitization-algorithm).
_SANITISERS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "number": re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"),
}


def _browser_value(input_type: str, value: str) -> str:
    pattern = _SANITISERS.get(input_type)
    if pattern is None:
        return value
    if not pattern.match(value):
        return ""
    if input_type == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return ""
    return value


class _FormReader(HTMLParser):
    def __init__(self, form_index: int, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_index = form_index
        self.form_id = form_id
        self.forms_seen = -1
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self.action: str | None = None
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._select_multiple = False
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag, attrs):  # noqa: C901 - one branch per control, as in HTML
        attributes = dict(attrs)
        if tag == "form" and not self.done:
            self.forms_seen += 1
            chosen = (
                attributes.get("id") == self.form_id
                if self.form_id
                else self.forms_seen == self.form_index
            )
            if chosen:
                self.inside = True
                self.action = attributes.get("action")
            return
        if not self.inside:
            return
        name = attributes.get("name")
        if "disabled" in attributes:
            return
        if tag == "input" and name:
            input_type = (attributes.get("type") or "text").lower()
            if input_type in {"submit", "button", "reset", "image", "file"}:
                return
            if input_type in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self.fields.append((name, attributes.get("value") or "on"))
                return
            self.fields.append((name, _browser_value(input_type, attributes.get("value") or "")))
        elif tag == "select" and name:
            self._select = name
            self._select_options = []
            self._select_multiple = "multiple" in attributes
        elif tag == "option" and self._select is not None:
            self._option_value = attributes.get("value")
            self._option_selected = "selected" in attributes
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._textarea_text = ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text += data
        elif self._option_value is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "option" and self._select is not None:
            value = self._option_value
            if value is None:
                value = self._option_text.strip()
            self._select_options.append((value, self._option_selected))
            self._option_value = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._select_options if selected]
            if not self._select_multiple and not chosen and self._select_options:
                chosen = [self._select_options[0][0]]  # a single select shows its first option
            if not self._select_multiple:
                chosen = chosen[-1:]
            self.fields.extend((self._select, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops one leading newline inside <textarea>.
            text = self._textarea_text
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self.fields.append((self._textarea, text.replace("\r\n", "\n")))
            self._textarea = None
        elif tag == "form":
            self.inside = False
            self.done = True


def form_data(
    html: str, *, form_index: int = 0, form_id: str | None = None
) -> dict[str, list[str]]:
    """The fields a browser would submit for one form of the page, unchanged.

    Returns ``{name: [values]}`` ready for ``client.post(url, data)``; ``form_index`` counts
    ``<form>`` elements from 0 in document order unless ``form_id`` names one.
    """
    reader = _FormReader(form_index, form_id)
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    return data


def main_form_data(html: str) -> dict[str, list[str]]:
    """The form inside ``<main>`` that posts (the page's own form, not the sign-out button)."""
    main = html.split("<main", 1)[-1]
    index = 0
    while True:
        data = form_data(main, form_index=index)
        if "csrfmiddlewaretoken" in data and len(data) > 1:
            return data
        if not data:
            raise AssertionError("no form with fields inside <main>")
        index += 1
