"""Forms read from a page as a browser submits them (used by the load and fault tests).

Nothing here imports locust, so a plain client (scripts/fault_test.py) can use it too.
"""

from __future__ import annotations

import datetime as dt
import random
from html.parser import HTMLParser


class FormReader(HTMLParser):
    """The fields of a form as a browser submits them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.radios: dict[str, str] = {}
        self.checked_radios: set[str] = set()
        self.select: str | None = None
        self.select_value: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            value = attributes.get("value") or ""
            if kind in ("submit", "button", "file"):
                return
            if kind == "radio":
                self.radios.setdefault(name, value)
                if "checked" in attributes:
                    self.checked_radios.add(name)
                    self.fields.append((name, value))
            elif kind == "checkbox":
                if "checked" in attributes:
                    self.fields.append((name, value or "on"))
            else:
                self.fields.append((name, value))
        elif tag == "select" and name:
            self.select, self.select_value = name, None
        elif tag == "option" and self.select is not None:
            value = attributes.get("value", "")
            if "selected" in attributes or (self.select_value in (None, "") and value):
                self.select_value = value
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            self.fields.append((self.select, self.select_value or ""))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.text.strip()))
            self.textarea = None

    def data(self) -> dict[str, list[str]]:
        for name, value in self.radios.items():
            if name not in self.checked_radios:
                self.fields.append((name, value))
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        return data


def form_fields(page: str, field: str) -> dict[str, list[str]]:
    """The fields of the form on ``page`` that holds the field named ``field``."""
    at = page.index(f'name="{field}"')
    form = page[page.rindex("<form", 0, at) : page.index("</form>", at) + 7]
    reader = FormReader()
    reader.feed(form)
    return reader.data()


def session_form_data(page: str, summary: str | None = None) -> dict[str, list[str]]:
    """The supervision form of ``page`` filled in as a peer worker saves a record."""
    data = form_fields(page, "held_on")
    today = dt.date.today()
    data["held_on"] = [(today - dt.timedelta(days=random.randint(0, 20))).isoformat()]
    data["duration_minutes"] = ["45"]
    data["shared_summary"] = [
        summary or "Talked about the ward round and boundaries in the peer role."
    ]
    data.pop("submit", None)
    return data
