"""``{% error_summary %}``: one summary of every error on the page, at the top of ``<main>``.

base.html renders it, so every form page gets it without its own template saying so. It
finds the bound forms and formsets in the template context, lists their errors in page order
with a link to each field (the field's own ``id``), and peerwork.js moves focus to it on
load, so a long form that comes back with an error below the fold is not mistaken for a
saved one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.template.context import Context

register = template.Library()


@dataclass(frozen=True)
class PageError:
    message: str
    field_id: str | None
    label: str | None


def _form_errors(form: BaseForm) -> list[PageError]:
    if not form.is_bound or not form.errors:
        return []
    errors = [PageError(str(message), None, None) for message in form.non_field_errors()]
    for name, field in form.fields.items():
        for message in form.errors.get(name, []):
            bound = form[name]
            field_id = bound.auto_id
            if field_id and getattr(field.widget, "input_type", None) in {"radio", "checkbox"}:
                field_id = f"{field_id}_0" if getattr(field, "choices", None) else field_id
            label = str(field.label) if field.label else name.replace("_", " ").capitalize()
            errors.append(PageError(str(message), field_id or None, label))
    return errors


def page_errors(values: list[Any]) -> list[PageError]:
    """The errors of every bound form and formset among ``values``, each form once."""
    errors: list[PageError] = []
    seen: set[int] = set()
    for value in values:
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, BaseForm):
            errors.extend(_form_errors(value))
        elif isinstance(value, BaseFormSet) and value.is_bound:
            errors.extend(
                PageError(str(message), None, None) for message in value.non_form_errors()
            )
            for form in value.forms:
                if id(form) not in seen:
                    seen.add(id(form))
                    errors.extend(_form_errors(form))
    return errors


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context: Context) -> dict[str, Any]:
    return {"errors": page_errors(list(context.flatten().values()))}
