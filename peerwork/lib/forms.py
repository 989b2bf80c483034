"""Form fields that refuse hostile values before they reach the database.

Django's ``ModelMultipleChoiceField`` passes submitted keys straight into an ``IN`` query; a
number beyond the database's integer range then fails in the database (a server error)
instead of being refused as an invalid choice. These fields check the keys first.

In a ModelForm: ``field_classes = {"domains": BoundedModelMultipleChoiceField}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

# Django's form fields are generic only in the type stubs.
if TYPE_CHECKING:
    _ModelChoiceField = forms.ModelChoiceField[Any]
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField[Any]
else:
    _ModelChoiceField = forms.ModelChoiceField
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField

# The widest integer key any supported database stores (a 64-bit signed integer).
MAX_KEY = 2**63 - 1


def _check_keys(
    field: forms.ModelChoiceField[Any] | forms.ModelMultipleChoiceField[Any], values: Iterable[Any]
) -> None:
    key = field.to_field_name or "pk"
    assert field.queryset is not None
    model_field = (
        field.queryset.model._meta.get_field(key)
        if key != "pk"
        else (field.queryset.model._meta.pk)
    )
    if model_field.get_internal_type() not in {
        "AutoField",
        "BigAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallAutoField",
        "PositiveIntegerField",
        "SmallIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
    }:
        return
    for value in values:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            continue  # Django's own check refuses it with the usual message
        if not -MAX_KEY <= number <= MAX_KEY:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


class BoundedModelMultipleChoiceField(_ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        _check_keys(self, value)
        return super()._check_values(value)  # type: ignore[misc]


class BoundedModelChoiceField(_ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            _check_keys(self, [value])
        return super().to_python(value)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: on the field it names where the form
    has that field, otherwise as a form-wide error."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field_name, field_errors in error.error_dict.items():
        form.add_error(field_name if field_name in form.fields else None, field_errors)
