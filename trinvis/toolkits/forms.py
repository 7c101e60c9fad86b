"""Forms of the toolkit engine."""

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import User
from trinvis.organisations.models import Organisation
from trinvis.toolkits.localise import pick
from trinvis.toolkits.models import RunStep, Toolkit

# --- runs ------------------------------------------------------------------------------------


class _PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


class _PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


class _ToolkitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        title = pick(obj.title, get_language() or "da")[0]
        owner = f" – {obj.organisation.name}" if obj.organisation_id else ""
        return _("%(title)s (version %(version)s)") % {"title": title, "version": obj.version} + (
            owner
        )


class _OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RunStartForm(forms.Form):
    organisation = _OrganisationField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    toolkit = _ToolkitField(label=_("Toolkit"), queryset=Toolkit.objects.none())
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_(
            "For example “Strategic competence development 2027 – Job and integration unit”."
        ),
    )
    responsible = _PersonField(
        label=_("Responsible"),
        queryset=User.objects.none(),
        help_text=_("A member of the organisation or of a unit below it."),
    )
    participants = _PeopleField(
        label=_("Participants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("Start date"), widget=_DATE)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=_DATE)

    def __init__(
        self, *args: Any, organisations: Any, toolkits: Any, people: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["toolkit"].queryset = toolkits  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]
        self.fields["participants"].queryset = people  # type: ignore[attr-defined]


class RunStepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Status"), choices=RunStep.Status.choices, widget=forms.RadioSelect
    )
    skip_reason = forms.CharField(
        label=_("Reason for skipping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the step is skipped."),
    )
    owner = _PersonField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=_DATE)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self, *args: Any, people: Any, questions: list[dict[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        language = get_language() or "da"
        for index, question in enumerate(questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=pick(question, language)[0],
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.question_count = len(questions)

    @property
    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{index}"] for index in range(self.question_count)]

    def reflection_answers(self) -> dict[str, str]:
        return {
            str(index): self.cleaned_data.get(f"answer_{index}", "")
            for index in range(self.question_count)
        }

    @staticmethod
    def initial_for(run_step: RunStep) -> dict[str, Any]:
        return {
            "version": run_step.version,
            "status": run_step.status,
            "skip_reason": run_step.skip_reason,
            "owner": run_step.owner_id,
            "due_date": run_step.due_date,
            "notes": run_step.notes,
            **{f"answer_{key}": text for key, text in (run_step.reflection_answers or {}).items()},
        }
