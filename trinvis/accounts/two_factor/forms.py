from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code from the authenticator app, or (where `recovery` is allowed) a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: object, recovery: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["code"]
        if recovery:
            field.help_text = _(
                "The 6 digits your authenticator app shows now, or one of your recovery codes."
            )
        else:
            field.help_text = _("The 6 digits your authenticator app shows now.")
            field.widget.attrs["inputmode"] = "numeric"
