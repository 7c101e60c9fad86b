"""Forms of the toolkit catalogue: copying a toolkit and adapting the copy."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trinvis.organisations.models import Organisation
from trinvis.toolkits.content import LANGUAGES

LANGUAGE_LABELS = {"da": _("Danish"), "nb": _("Norwegian"), "en": _("English")}


class AdaptForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("The copy belongs to this organisation; its people can use and change it."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations


class TitleForm(forms.Form):
    """A title in each language; one is enough, the others then show a visible fallback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for language in LANGUAGES:
            self.fields[f"title_{language}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": LANGUAGE_LABELS[language]},
                max_length=200,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"title_{language}", "").strip() for language in LANGUAGES):
            raise forms.ValidationError(_("Write the title in at least one language."))
        return cleaned

    @property
    def titles(self) -> dict[str, str]:
        return {language: self.cleaned_data[f"title_{language}"] for language in LANGUAGES}


class StepAddForm(forms.Form):
    title = forms.CharField(label=_("Title of the new step"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))


class QuestionAddForm(forms.Form):
    question = forms.CharField(
        label=_("Reflection question"), widget=forms.Textarea(attrs={"rows": 3})
    )
