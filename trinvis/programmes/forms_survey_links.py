"""The form that links surveys to a programme: one checkbox per survey the user may read,
named with its title, organisation, opening date and state, ticked where it is linked. It
carries the programme's version (`base_version`) for the conflict check."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinvis.surveys.models import Survey


def survey_state(survey: Survey) -> str:
    if survey.purged_at is not None:
        return _("answers deleted")
    return _("open") if survey.is_open else _("closed")


class _SurveysField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        title = f"{obj.title} ({obj.wave})" if obj.wave else obj.title
        return _("%(title)s – %(organisation)s, opened %(opened)s, %(state)s") % {
            "title": title,
            "organisation": obj.organisation.name,
            "opened": date_format(timezone.localtime(obj.opened_at), "SHORT_DATE_FORMAT"),
            "state": survey_state(obj),
        }


class SurveyLinksForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    surveys = _SurveysField(
        label=gettext_lazy("Surveys"),
        queryset=Survey.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy(
                "You can only link surveys you may read yourself; reload the page and choose again."
            )
        },
    )

    def __init__(
        self,
        *args: Any,
        surveys: QuerySet[Survey],
        linked: Iterable[int],
        version: int,
        help_text: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["surveys"]
        field.queryset = surveys  # type: ignore[attr-defined]
        field.help_text = help_text
        self.initial.setdefault("base_version", version)
        self.initial.setdefault("surveys", [str(pk) for pk in linked])

    @property
    def version(self) -> int:
        return self.cleaned_data.get("base_version") or 0

    def survey_ids(self) -> list[int]:
        return [survey.pk for survey in self.cleaned_data["surveys"]]
