"""Dimensions computed from the recruitment, training and supervision apps.

Those apps are developed alongside research; their models are imported lazily, and each
group of dimensions registers only when the models it reads exist, so the comparison works
(with fewer rows) before they land.
"""

from __future__ import annotations

_registered = False


def register_available() -> None:
    global _registered
    if _registered:
        return
    _registered = True


def build_synthetic(initiatives, roles, workers, rng) -> None:
    """Synthetic recruitment, training and supervision rows for the benchmark (when installed)."""
