"""Whole-word, case-insensitive replacement of names and places, with offset mapping.

``pseudonymise`` returns the new text and the list of replaced spans, so that character
offsets into the old text (coded excerpts) can be carried over to the new text with
``move_offset``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """``old[old_start:old_end]`` became ``new[new_start:new_end]``."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


def normalise_newlines(text: str) -> str:
    """Browsers report offsets against LF-only text, so store it that way."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _pattern(terms: Iterable[str]) -> re.Pattern | None:
    cleaned = sorted({term.strip() for term in terms if term.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    # Spaces inside a term match any run of whitespace (names broken across lines).
    alternatives = [r"\s+".join(re.escape(part) for part in term.split()) for term in cleaned]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def pseudonymise(text: str, replacements: Iterable[tuple[str, str]]) -> tuple[str, list[Span]]:
    """Replace every whole-word occurrence of each term (ignoring case).

    ``replacements`` are ``(term, replacement)`` pairs; the longest term wins where terms
    overlap ("Aire Ward" before "Aire").
    """
    by_term = {" ".join(term.split()).casefold(): replacement for term, replacement in replacements}
    pattern = _pattern(by_term)
    if pattern is None:
        return text, []
    pieces: list[str] = []
    spans: list[Span] = []
    position = 0
    new_length = 0
    for match in pattern.finditer(text):
        before = text[position : match.start()]
        pieces.append(before)
        new_length += len(before)
        replacement = by_term[" ".join(match.group(0).split()).casefold()]
        pieces.append(replacement)
        spans.append(Span(match.start(), match.end(), new_length, new_length + len(replacement)))
        new_length += len(replacement)
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces), spans


def move_offset(offset: int, spans: list[Span], *, is_end: bool) -> int:
    """Where ``offset`` into the old text lies in the new text.

    An offset inside a replaced span snaps outward to the whole replacement, so an excerpt
    never ends up holding half a pseudonym.
    """
    shift = 0
    for span in spans:
        if offset <= span.old_start:
            break
        if offset < span.old_end:
            return span.new_end if is_end else span.new_start
        shift = span.new_end - span.old_end
    return offset + shift


def contains_term(text: str, terms: Iterable[str]) -> bool:
    pattern = _pattern(terms)
    return bool(pattern and pattern.search(text))
