"""Forms of the workshops: the workshop and its invitation facts, a run sheet line, a
participant, a homework task and answer, an evaluation note, and starting a municipality's
plan."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import User
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import HomeworkTask, RunSheetItem, Workshop, WorkshopParticipant
from trinvis.programmes.services_homework import TaskInput
from trinvis.programmes.services_workshop_participants import ParticipantInput
from trinvis.programmes.services_workshops import MAX_DAYS, LineInput, WorkshopInput

MAX_MINUTES = 12 * 60


def _area(rows: int = 3, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


def _date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


class WorkshopForm(forms.Form):
    """A workshop's number, title, days, place and what its invitation says."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=99,
        help_text=_("Workshop 1, 2 …: the warnings compare each workshop with the one before."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = _date(label=_("First day"))
    ends_on = _date(label=_("Last day"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    target_group = forms.CharField(
        label=_("Target group"),
        required=False,
        widget=_area(),
        help_text=_("Who should come: e.g. leaders and staff of all three qualifying units."),
    )
    background = forms.CharField(label=_("Background"), required=False, widget=_area())
    goal = forms.CharField(label=_("Goal"), required=False, widget=_area())
    themes = forms.CharField(label=_("Themes"), required=False, widget=_area())
    cost = forms.CharField(label=_("Cost"), max_length=200, required=False)
    registration_deadline = _date(label=_("Registration deadline"), required=False)

    @staticmethod
    def initial_for(workshop: Workshop) -> dict[str, Any]:
        names = [name for name in WorkshopForm.base_fields if name != "base_version"]
        return {"base_version": workshop.version, **{n: getattr(workshop, n) for n in names}}

    def to_input(self) -> WorkshopInput:
        data = self.cleaned_data
        return WorkshopInput(**{name: data[name] for name in self.fields if name != "base_version"})


class LineForm(forms.Form):
    """A line of the run sheet: when, how long, what, why, how, with what, by whom."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=MAX_DAYS)
    starts_at = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=MAX_MINUTES,
        help_text=_("The end time is worked out from the start and the minutes."),
    )
    activity = forms.CharField(label=_("Activity"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=_area(2))
    how = forms.CharField(
        label=_("How"),
        required=False,
        widget=_area(2),
        help_text=_("E.g. a short talk, a reflection task, group work, sharing in plenary."),
    )
    materials = forms.CharField(label=_("Materials"), required=False, widget=_area(2))
    responsible = forms.CharField(label=_("Responsible"), max_length=200, required=False)

    @staticmethod
    def initial_for(line: RunSheetItem) -> dict[str, Any]:
        names = [name for name in LineForm.base_fields if name != "base_version"]
        return {"base_version": line.version, **{n: getattr(line, n) for n in names}}

    def to_input(self) -> LineInput:
        data = self.cleaned_data
        return LineInput(**{name: data[name] for name in self.fields if name != "base_version"})


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "When it is the e-mail the person uses in Trinvis, the participant is linked to "
            "them and takes part in the municipality's plan."
        ),
    )
    unit_type = forms.ChoiceField(
        label=_("Unit"), choices=Organisation.UnitType.choices, widget=forms.RadioSelect
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        help_text=_("E.g. head of the refugee service, teacher, job consultant."),
    )
    decision_authority = forms.BooleanField(
        label=_("Leader with decision authority"), required=False
    )

    @staticmethod
    def initial_for(participant: WorkshopParticipant) -> dict[str, Any]:
        return {name: getattr(participant, name) for name in ParticipantForm.base_fields}

    def to_input(self) -> ParticipantInput:
        return ParticipantInput(**self.cleaned_data)


class _WorkshopChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.title} ({obj.starts_on:%Y-%m-%d})"


class TaskForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What to do"),
        required=False,
        widget=_area(5),
        help_text=_("E.g. map the labour demand in the municipality and bring it along."),
    )
    due = _date(label=_("Due"), required=False)
    before_workshop = _WorkshopChoice(
        label=_("Before workshop"),
        queryset=Workshop.objects.none(),
        required=False,
        empty_label=_("Not tied to a workshop"),
    )

    def __init__(self, *args: Any, workshops: QuerySet[Workshop], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["before_workshop"].queryset = workshops  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(task: HomeworkTask) -> dict[str, Any]:
        return {
            "base_version": task.version,
            "title": task.title,
            "description": task.description,
            "due": task.due,
            "before_workshop": task.before_workshop_id,
        }

    def to_input(self) -> TaskInput:
        data = self.cleaned_data
        return TaskInput(
            title=data["title"],
            description=data["description"],
            due=data["due"],
            before_workshop=data["before_workshop"],
        )


class AnswerForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Your answer"), widget=_area(10))


class EvaluationForm(forms.Form):
    """One note from the evaluation, typed fast: the first field takes the focus, so after
    "save and write the next" the typist goes straight on."""

    day = forms.TypedChoiceField(label=_("Day"), coerce=int)
    good = forms.CharField(
        label=_("What was good"), required=False, widget=_area(3, autofocus=True)
    )
    better = forms.CharField(label=_("What could be better"), required=False, widget=_area(3))

    def __init__(self, *args: Any, days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [  # type: ignore[attr-defined]
            (day, _("Day %(day)s") % {"day": day}) for day in range(1, days + 1)
        ]
        if days == 1:
            self.fields["day"].widget = forms.HiddenInput()


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


class PlanStartForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    responsible = _PersonChoice(
        label=_("Responsible"),
        queryset=User.objects.none(),
        empty_label=None,
        help_text=_(
            "Someone of the municipality. Its participants with a Trinvis account take part "
            "in the plan."
        ),
    )
    start_date = _date(label=_("Start date"))
    target_date = _date(label=_("Target date"), required=False)

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: datetime.date | None = data.get("start_date")
        target: datetime.date | None = data.get("target_date")
        if start and target and target < start:
            self.add_error("target_date", _("The target date cannot be before the start date."))
        return data
