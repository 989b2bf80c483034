from django import template

from peerwork.lib.audit import change_rows, history_for

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_change_rows(context, entry):
    """The entry's changes as the signed-in viewer may read them."""
    request = context.get("request")
    return change_rows(entry, getattr(request, "user", None) or context.get("user"))


@register.inclusion_tag("includes/history.html", takes_context=True)
def record_history(context, record, limit: int = 50):
    """``{% record_history record %}``: the record's history if the user may manage it."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    history = history_for(record, user)[:limit] if user is not None else []
    return {"history": list(history)}
