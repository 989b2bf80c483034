"""Role-aware navigation and home-page panels contributed by each app.

Apps register providers in their ``AppConfig.ready()`` so that base.html and the home page
never need to import another app's views:

    navigation.register_nav(lambda request: [NavItem(_("Training"), reverse(...))])
    navigation.register_panel(training_home_panel)

A panel provider takes the request and returns ``Panel(template, context, order)`` or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    order: int = 50


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


NavProvider = Callable[[HttpRequest], list[NavItem]]
PanelProvider = Callable[[HttpRequest], "Panel | None"]

_nav_providers: list[NavProvider] = []
_panel_providers: list[PanelProvider] = []


def register_nav(provider: NavProvider) -> NavProvider:
    if provider not in _nav_providers:
        _nav_providers.append(provider)
    return provider


def register_panel(provider: PanelProvider) -> PanelProvider:
    if provider not in _panel_providers:
        _panel_providers.append(provider)
    return provider


def nav_items(request: HttpRequest) -> list[NavItem]:
    items: list[NavItem] = []
    for provider in _nav_providers:
        items.extend(provider(request))
    return sorted(items, key=lambda nav_item: nav_item.order)


def home_panels(request: HttpRequest) -> list[Panel]:
    panels = [panel for provider in _panel_providers if (panel := provider(request))]
    return sorted(panels, key=lambda panel: panel.order)


# --- Links on a record's page -----------------------------------------------------------
# Apps offer links on pages they do not own (e.g. training's compliance matrix on an
# initiative's page) without the owning app importing them:
#     register_record_links("initiative", lambda request, initiative: [NavItem(...)])

RecordLinkProvider = Callable[[HttpRequest, Any], list[NavItem]]
_record_link_providers: dict[str, list[RecordLinkProvider]] = {}


def register_record_links(kind: str, provider: RecordLinkProvider) -> RecordLinkProvider:
    providers = _record_link_providers.setdefault(kind, [])
    if provider not in providers:
        providers.append(provider)
    return provider


def record_links(kind: str, request: HttpRequest, record: Any) -> list[NavItem]:
    items: list[NavItem] = []
    for provider in _record_link_providers.get(kind, []):
        items.extend(provider(request, record))
    return sorted(items, key=lambda nav_item: nav_item.order)


# --- What needs doing (the home page's to-do list) ----------------------------------------
# Each app lists what waits for the user, in its own words, with a link to where it is
# resolved; the home page shows these groups first, before any other panel:
#     register_attention(lambda request: [Attention(_("Records waiting"), items, order=10)])


@dataclass(frozen=True)
class AttentionItem:
    label: str | Promise
    url: str
    detail: str = ""
    is_urgent: bool = False


@dataclass(frozen=True)
class Attention:
    """One group of things waiting for the user; ``empty`` is said when nothing waits."""

    heading: str | Promise
    items: list[AttentionItem]
    order: int = 50
    empty: str | Promise = ""
    more_url: str = ""


AttentionProvider = Callable[[HttpRequest], list[Attention]]
_attention_providers: list[AttentionProvider] = []


def register_attention(provider: AttentionProvider) -> AttentionProvider:
    if provider not in _attention_providers:
        _attention_providers.append(provider)
    return provider


def attention(request: HttpRequest) -> list[Attention]:
    groups = [group for provider in _attention_providers for group in provider(request)]
    return sorted(groups, key=lambda group: group.order)
