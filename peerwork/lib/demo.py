"""The demo landscape each app contributes to ``manage.py seed_demo``.

An app with demo data registers its seeder in ``AppConfig.ready()``::

    from peerwork.lib.demo import register_demo

    register_demo("training", training.demo.seed)

A seeder is ``seed(*, stdout) -> None``, idempotent (it finds its objects by natural keys),
and may build on what the apps it depends on seeded: seeders run in registration order,
which is the order of ``INSTALLED_APPS`` (accounts ← cases ← recruitment, training,
supervision ← comparison, qualitative).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class DemoSeeder(Protocol):
    def __call__(self, *, stdout: Any = None) -> None: ...


_seeders: dict[str, Callable[..., None]] = {}


def register_demo(app_label: str, seed: DemoSeeder) -> DemoSeeder:
    """Add an app's seeder (registering the same app again replaces it)."""
    _seeders[app_label] = seed
    return seed


def demo_seeders() -> list[tuple[str, Callable[..., None]]]:
    return list(_seeders.items())
