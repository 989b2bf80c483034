from django.http import HttpRequest

from peerwork.lib.navigation import nav_items


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path
    items = nav_items(request)
    # The longest matching prefix is the current section.
    active = max(
        (nav_item for nav_item in items if current.startswith(nav_item.url)),
        key=lambda nav_item: len(nav_item.url),
        default=None,
    )
    return {"nav_items": items, "nav_active": active}
