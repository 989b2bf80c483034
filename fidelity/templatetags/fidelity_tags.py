"""Template helpers of the fidelity pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``{{ scores|get:domain.key }}``: a dictionary value, or None."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def percent(share: float | None) -> str:
    """A 0–1 share as a whole percentage, or an empty string."""
    if share is None:
        return ""
    return f"{round(100 * share)}%"
