from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peerwork.lib.widgets import DateInput


def audited_model_choices() -> list[tuple[str, str]]:
    """``[(content type id, "App · model"), ...]`` for every audited model, sorted."""
    content_types = ContentType.objects.get_for_models(*auditlog.get_models())
    choices = [
        (
            str(content_type.pk),
            f"{model._meta.app_config.verbose_name} · {model._meta.verbose_name}",
        )
        for model, content_type in content_types.items()
        if not model._meta.auto_created
    ]
    return [("", _("Any record type")), *sorted(choices, key=lambda choice: str(choice[1]))]


class LogFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=254,
        help_text=_("Part of the person's e-mail address or name."),
    )
    model = forms.TypedChoiceField(
        label=_("Record type"), required=False, coerce=int, empty_value=None
    )
    action = forms.TypedChoiceField(
        label=_("Action"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any action")), *LogEntry.Action.choices],
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=200,
        help_text=_("Searches the record's name and the changed values."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = audited_model_choices()

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise ValidationError(_("The 'From' date must be on or before the 'To' date."))
        return cleaned
