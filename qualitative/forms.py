"""Forms of the qualitative corpus (crispy, Bootstrap 5)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import Initiative
from peerwork.lib.forms import BoundedModelMultipleChoiceField
from peerwork.lib.widgets import DateInput
from qualitative.models import (
    IntervieweeGroup,
    ResearchProject,
    Source,
    SourceKind,
    Theme,
)
from qualitative.selectors import codebook_rows
from qualitative.services import max_upload_bytes, text_from_upload

RESEARCHER_GROUPS = [
    choice
    for choice in IntervieweeGroup.choices
    if choice[0] != IntervieweeGroup.SUPERVISION_RECORD
]


class _CrispyForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class InitiativeCodeChoiceField(forms.ModelChoiceField):
    """Researchers choose initiatives by research code, never by name."""

    def label_from_instance(self, obj: Initiative) -> str:
        return f"{obj.research_code} ({obj.get_context_display() or '—'})"


class ThemeChoiceField(forms.ModelChoiceField):
    """Themes shown with their path ("Cultural issues > Professionalism")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "public_id")
        super().__init__(*args, **kwargs)
        self.labels: dict[int, str] = {}

    def label_from_instance(self, obj: Theme) -> str:
        return self.labels.get(obj.pk, obj.name)


def _label_themes(field: forms.ModelChoiceField) -> None:
    """Codebook order and path labels (read when the form is built, not at import)."""
    rows = codebook_rows()
    labels = {node.theme.pk: node.label_path for node in rows}
    field.labels = labels
    field.label_from_instance = lambda theme: labels.get(theme.pk, theme.name)
    order = {pk: index for index, pk in enumerate(labels)}
    themes = sorted(field.queryset, key=lambda theme: order.get(theme.pk, 0))
    field.choices = [(str(theme.public_id), labels.get(theme.pk, theme.name)) for theme in themes]


class ProjectForm(forms.ModelForm):
    class Meta:
        model = ResearchProject
        fields = ["name", "description"]
        help_texts = {"name": _("For example: Wave 1 interviews.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReplacementForm(_CrispyForm):
    term = forms.CharField(
        label=_("Name or place"),
        max_length=120,
        help_text=_("Matched as a whole word, ignoring upper and lower case."),
    )
    replacement = forms.CharField(
        label=_("Replace with"),
        max_length=120,
        help_text=_("For example [peer worker 2] or [town]. Applied to every source at once."),
    )


class SourceForm(_CrispyForm):
    initiative = InitiativeCodeChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.order_by("research_code"),
        help_text=_("The case this material belongs to."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A pseudonymous title, e.g. 'Interview 3, peer worker'."),
    )
    interviewee_group = forms.ChoiceField(label=_("Interviewee group"), choices=RESEARCHER_GROUPS)
    interviewed_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    wave = forms.IntegerField(
        label=_("Wave"),
        required=False,
        min_value=1,
        max_value=20,
        help_text=_("Data collection wave (1, 2, …)."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        # Supervision excerpts arrive only through a peer worker's offer.
        choices=[choice for choice in SourceKind.choices if choice[0] != SourceKind.SUPERVISION],
    )
    text = forms.CharField(
        label=_("Paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Or upload a file below. Names on the project's list are replaced before saving; the original is not kept."
        ),
    )
    upload = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("Plain text (.txt, UTF-8) or Word (.docx), at most %(kb)s KB.")
        % {"kb": max_upload_bytes() // 1024},
    )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text", "").strip()
        upload = cleaned.get("upload")
        if text and upload:
            raise ValidationError(_("Paste the text or upload a file, not both."))
        if upload:
            try:
                # Refuse oversized files before reading them into memory.
                content = upload.read(max_upload_bytes() + 1)
                cleaned["text"] = text_from_upload(
                    name=upload.name, content=content, size=upload.size
                )
            except ValidationError as error:
                self.add_error("upload", error)
                return cleaned
            if not cleaned["text"].strip():
                self.add_error("upload", _("The file contains no text."))
        elif not text:
            raise ValidationError(_("Paste the text or upload a file."))
        return cleaned


class ThemeForm(_CrispyForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    parent = ThemeChoiceField(
        label=_("Parent theme"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label=_("— top level —"),
        help_text=_("Move the theme (with its sub-themes) by choosing another parent."),
    )
    definition = forms.CharField(
        label=_("Definition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When to apply this theme."),
    )
    memo = forms.CharField(
        label=_("Memo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Analytic notes on the theme."),
    )

    def __init__(self, *args, theme: Theme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if theme is not None:
            self.fields["parent"].queryset = Theme.objects.exclude(path__startswith=theme.path)
        _label_themes(self.fields["parent"])
        self.fields["parent"].choices = [("", _("— top level —")), *self.fields["parent"].choices]


class ThemeMergeForm(_CrispyForm):
    into = ThemeChoiceField(
        label=_("Merge into"),
        queryset=Theme.objects.all(),
        help_text=_("Codings and sub-themes move there; this theme is then deleted."),
    )

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Theme.objects.exclude(path__startswith=theme.path)
        _label_themes(self.fields["into"])
        # No preselected target: merging is only done on purpose.
        self.fields["into"].choices = [("", _("— choose a theme —")), *self.fields["into"].choices]


class CodingForm(_CrispyForm):
    """The passage is chosen by selecting it in the text (coding.js); its position is sent in
    hidden fields, counted in Unicode code points, and never typed or shown."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput, required=False)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput, required=False)
    quote = forms.CharField(
        label=_("Selected passage"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "readonly": "readonly"}),
        help_text=_(
            "Select a passage in the text with the mouse, or with Shift and the arrow keys."
        ),
    )
    themes = BoundedModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Apply one or more themes to the passage."),
    )
    memo = forms.CharField(
        label=_("Memo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional note on this coding."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_themes(self.fields["themes"])
        self.helper.layout = Layout(
            "start",
            "end",
            "quote",
            HTML(
                '<label class="form-label small" for="theme-filter">{}</label>'
                '<input class="form-control form-control-sm mb-2" type="search" '
                'id="theme-filter" autocomplete="off" data-theme-filter>'.format(_("Find a theme"))
            ),
            "themes",
            "memo",
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if "start" in self.errors or "end" in self.errors or start is None or end is None:
            self.errors.pop("start", None)
            self.errors.pop("end", None)
            self.add_error("quote", _("Select a passage in the text first."))
        return cleaned


class CodingMemoForm(_CrispyForm):
    memo = forms.CharField(
        label=_("Memo"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CellSummaryForm(_CrispyForm):
    text = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Your summary of this theme at this site."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MatrixFilterForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Columns"), coerce=int, required=False)
    group = forms.ChoiceField(
        label=_("Interviewee group"),
        required=False,
        choices=[("", _("All groups")), *IntervieweeGroup.choices],
    )
    wave = forms.TypedChoiceField(label=_("Wave"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, depths: list[int], waves: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (depth, _("Codebook level %(n)s") % {"n": depth + 1}) for depth in depths or [0]
        ]
        self.fields["wave"].choices = [("", _("All waves"))] + [
            (wave, _("Wave %(n)s") % {"n": wave}) for wave in waves
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"level": 1, "group": "", "wave": None}
        level = self.cleaned_data.get("level")
        return {
            "level": 1 if level in (None, "") else level,
            "group": self.cleaned_data.get("group") or "",
            "wave": self.cleaned_data.get("wave"),
        }


class OfferForm(_CrispyForm):
    passage = forms.CharField(
        label=_("Passage to share"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Select words in your shared summary above, or copy them here. Only the shared "
            "summary can be offered, never your private reflections."
        ),
    )


def source_waves() -> list[int]:
    return list(
        Source.objects.exclude(wave__isnull=True)
        .order_by("wave")
        .values_list("wave", flat=True)
        .distinct()
    )
