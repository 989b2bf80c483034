from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from imports.kinds import KINDS


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=())
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("A .csv or .xlsx file whose first row names the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(slug, kind.label) for slug, kind in KINDS.items()]
        self.fields["file"].help_text = _(
            "A .csv or .xlsx file whose first row names the columns; at most %(size)s and "
            "%(rows)s rows."
        ) % {
            "size": filesizeformat(settings.PEERWORK_IMPORT_MAX_BYTES),
            "rows": f"{settings.PEERWORK_IMPORT_MAX_ROWS:,}",
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.PEERWORK_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; files can be at most %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.PEERWORK_IMPORT_MAX_BYTES),
                }
            )
        return upload
