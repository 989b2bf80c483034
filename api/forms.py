from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import MAX_DAYS, TokenScope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “R analysis” or “HR system sync”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        choices=[
            (7, _("7 days")),
            (30, _("30 days")),
            (60, _("60 days")),
            (MAX_DAYS, _("90 days")),
        ],
        initial=30,
        help_text=_("Tokens last at most 90 days; create a new one when it expires."),
    )
