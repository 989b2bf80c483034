from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "That e-mail address and password do not match an active account. "
            "Check both and try again."
        ),
        "inactive": _("This account is inactive."),
    }


class TokenForm(forms.Form):
    """A six-digit code from an authenticator app (or, when allowed, a recovery code)."""

    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, allow_recovery: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if allow_recovery:
            self.fields["token"].help_text = _(
                "The six-digit code your authenticator app shows now, or one of your recovery "
                "codes (each works once)."
            )
            self.fields["token"].widget.attrs["inputmode"] = "text"
        else:
            self.fields["token"].help_text = _(
                "The six-digit code your authenticator app shows now."
            )


class ConfirmForm(forms.Form):
    """An explicit confirmation tick for actions that cannot be undone."""

    confirm = forms.BooleanField(
        label=_("I understand"),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )
