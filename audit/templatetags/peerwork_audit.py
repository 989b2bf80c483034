from django import template

from peerwork.lib.audit import change_rows, history_for

register = template.Library()


@register.simple_tag
def audit_change_rows(entry):
    return change_rows(entry)


@register.inclusion_tag("includes/history.html", takes_context=True)
def record_history(context, record, limit: int = 50):
    """``{% record_history record %}``: the record's history if the user may manage it."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    history = history_for(record, user)[:limit] if user is not None else []
    return {"history": list(history)}
