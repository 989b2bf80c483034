"""Forms of the fidelity app (crispy, Bootstrap 5); choices are scoped and bounded."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import Initiative
from fidelity.models import InformantType, Instrument, Interview, Rating
from fidelity.selectors import SheetRow, grouping_choices
from peerwork.lib.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from peerwork.lib.uploads import LimitedFileField
from peerwork.lib.widgets import DateInput
from qualitative.models import Source


class _CrispyForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SiteChoiceField(BoundedModelChoiceField):
    """Researchers choose sites by research code, never by name."""

    def label_from_instance(self, obj: Initiative) -> str:
        return f"{obj.research_code} ({obj.get_context_display() or _('context not known')})"


class SourceChoiceField(BoundedModelChoiceField):
    """Transcripts by the site's research code and their (pseudonymised) title."""

    def label_from_instance(self, obj: Source) -> str:
        return f"{obj.initiative.research_code}: {obj.title}"


class RaterChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class InstrumentForm(_CrispyForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    citation = forms.CharField(
        label=_("Citation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    licence_note = forms.CharField(
        label=_("Licence note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Who holds the rights to the item texts, and on what terms your team uses them."
        ),
    )
    scale = forms.CharField(
        label=_("Scale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="1 = Absent\n2 = Partly present\n3 = Mostly present\n4 = Fully present",
        help_text=_("One point a line: the value, “=”, and its label."),
    )

    def clean_scale(self) -> list[tuple[int, str]]:
        points = []
        for number, line in enumerate(self.cleaned_data["scale"].splitlines(), start=1):
            if not line.strip():
                continue
            value, separator, label = line.partition("=")
            if not separator or not value.strip().isdigit():
                raise ValidationError(
                    _("Line %(n)s: write the value, “=”, then the label (e.g. 1 = Absent).")
                    % {"n": number}
                )
            points.append((int(value.strip()), label.strip()))
        if len({value for value, _label in points}) != len(points):
            raise ValidationError(_("Each scale value appears once."))
        return points


MAX_IMPORT_ROWS = 2000


class ItemImportForm(_CrispyForm):
    file = LimitedFileField(
        label=_("Items file (CSV or Excel)"),
        allowed={".csv": None, ".xlsx": (b"PK\x03\x04",)},
    )

    def clean_file(self) -> tuple[list[str], list[list[Any]]]:
        """The file's header and rows (text as typed: formulas are never evaluated)."""
        upload = self.cleaned_data["file"]
        rows: list[list[Any]]
        if upload.name.lower().endswith(".xlsx"):
            from openpyxl import load_workbook

            try:
                sheet = load_workbook(upload, read_only=True, data_only=False).worksheets[0]
                rows = [
                    list(row)
                    for row in sheet.iter_rows(values_only=True, max_row=MAX_IMPORT_ROWS + 2)
                ]
            except Exception as error:  # noqa: BLE001 - any unreadable workbook
                raise ValidationError(_("This Excel file could not be read.")) from error
        else:
            import csv
            import io

            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ValidationError(_("Save the CSV file as UTF-8.")) from error
            rows = list(csv.reader(io.StringIO(text)))
        if not rows:
            raise ValidationError(_("The file is empty."))
        if len(rows) > MAX_IMPORT_ROWS + 1:
            raise ValidationError(_("A file holds at most %(n)s items.") % {"n": MAX_IMPORT_ROWS})
        return [str(cell or "") for cell in rows[0]], rows[1:]


class ItemForm(_CrispyForm):
    domain_key = forms.CharField(
        label=_("Domain key"),
        max_length=40,
        help_text=_("An existing domain's key, or a new one (e.g. trust)."),
    )
    domain_name = forms.CharField(
        label=_("Domain name"), max_length=200, required=False, help_text=_("For a new domain.")
    )
    code = forms.CharField(label=_("Code"), max_length=20)
    text = forms.CharField(label=_("Item"), widget=forms.Textarea(attrs={"rows": 2}))
    informant_types = forms.MultipleChoiceField(
        label=_("Rated from the interview with"),
        choices=InformantType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    anchors = forms.CharField(
        label=_("Anchors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One scale point a line: the value, “=”, and what it means for this item."),
    )

    def clean_anchors(self) -> dict[int, str]:
        anchors: dict[int, str] = {}
        for number, line in enumerate(self.cleaned_data["anchors"].splitlines(), start=1):
            if not line.strip():
                continue
            value, separator, text = line.partition("=")
            if not separator or not value.strip().isdigit():
                raise ValidationError(
                    _("Line %(n)s: write the value, “=”, then the anchor.") % {"n": number}
                )
            anchors[int(value.strip())] = text.strip()
        return anchors


class WaveForm(_CrispyForm):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("For example “Wave 2, 2025”.")
    )
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    instrument = BoundedModelChoiceField(
        label=_("Instrument version"), queryset=Instrument.objects.order_by("name", "-version")
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["instrument"]


class InterviewForm(_CrispyForm):
    initiative = SiteChoiceField(
        label=_("Site"),
        queryset=Initiative.objects.order_by("research_code"),
        help_text=_("By research code."),
    )
    informant_type = forms.ChoiceField(label=_("Informant"), choices=InformantType.choices)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=40,
        help_text=Interview._meta.get_field("reference").help_text,
    )
    interviewed_on = forms.DateField(
        label=_("Date of interview"), widget=DateInput(), required=False
    )
    source = SourceChoiceField(
        label=_("Transcript in the qualitative corpus"),
        queryset=Source.objects.select_related("initiative").order_by(
            "initiative__research_code", "title"
        ),
        required=False,
        help_text=_("Optional: the pseudonymised transcript the rating is made from."),
    )


class RatingForm(forms.Form):
    """One score (radio buttons over the scale) and one note per applicable item."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, rows: list[SheetRow], rating: Rating, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument = rating.interview.wave.instrument
        points = dict(instrument.points.values_list("value", "label"))
        self.rows = rows
        self.fields["version"].initial = rating.version
        for row in rows:
            self.fields[f"score_{row.item.pk}"] = forms.TypedChoiceField(
                label=f"{row.item.code} {row.item.text}",
                choices=[
                    (value, f"{value} {points.get(value, '')}".strip())
                    for value in instrument.scale
                ],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                initial=row.score,
            )
            self.fields[f"note_{row.item.pk}"] = forms.CharField(
                label=_("Note on %(code)s") % {"code": row.item.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                initial=row.note,
            )

    def bound_rows(self) -> list[tuple[SheetRow, forms.BoundField, forms.BoundField]]:
        return [
            (row, self[f"score_{row.item.pk}"], self[f"note_{row.item.pk}"]) for row in self.rows
        ]

    def scores(self) -> dict[int, int | None]:
        return {row.item.pk: self.cleaned_data.get(f"score_{row.item.pk}") for row in self.rows}

    def notes(self) -> dict[int, str]:
        return {row.item.pk: self.cleaned_data.get(f"note_{row.item.pk}", "") for row in self.rows}


class ConsensusForm(forms.Form):
    """A score for each item the raters disagreed on, and who agreed the consensus."""

    note = forms.CharField(
        label=_("Note on the consensus"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(
        self,
        *args: Any,
        disagreements: list[Any],
        raters: list[Any],
        scale: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.disagreements = disagreements
        for row in disagreements:
            self.fields[f"score_{row.item.pk}"] = forms.TypedChoiceField(
                label=f"{row.item.code} {row.item.text}",
                choices=[(value, str(value)) for value in scale],
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields["agreed_by"] = RaterChoiceField(
            label=_("Agreed by"),
            queryset=type(raters[0])._default_manager.filter(pk__in=[r.pk for r in raters])
            if raters
            else Instrument.objects.none(),
            initial=[r.pk for r in raters],
            widget=forms.CheckboxSelectMultiple,
        )

    def bound_rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(row, self[f"score_{row.item.pk}"]) for row in self.disagreements]

    def scores(self) -> dict[int, int]:
        return {
            row.item.pk: self.cleaned_data[f"score_{row.item.pk}"] for row in self.disagreements
        }


class GroupingForm(forms.Form):
    by = forms.ChoiceField(label=_("Compare sites by"), choices=grouping_choices, required=False)


class ErosionForm(forms.Form):
    drop = forms.DecimalField(
        label=_("Fell by at least (scale points)"),
        min_value=0,
        max_value=10,
        decimal_places=2,
        initial=0.5,
        required=False,
    )
