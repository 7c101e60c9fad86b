"""Forms of the procedure around a course and of implementation: a participant's
preparation, implementation plans, their items and follow-up meetings."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import User
from trinvis.learning.models import ImplementationItem, ImplementationPlan, Status
from trinvis.learning.selectors_implementation import HIGHEST, LOWEST
from trinvis.learning.services.implementation import ItemInput, MeetingInput, PlanInput

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class _Named(forms.ModelChoiceField):
    """Education plans and activities with their organisation, people by name."""

    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, User):
            return obj.full_name or obj.email
        organisation = getattr(obj, "organisation", None)
        return f"{obj} ({organisation.name})" if organisation else str(obj)


class _People(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


# --- before the course -----------------------------------------------------------------------


class PreparationForm(forms.Form):
    """What a participant brings to the course from their own practice."""

    base_digest = forms.CharField(widget=forms.HiddenInput, required=False)
    reflections = forms.CharField(
        label=_("Reflections and questions from my practice"),
        required=False,
        widget=_area(8),
        help_text=_(
            "Situations where you were unsure, cases you would like to discuss, what you "
            "hope to be able to do afterwards."
        ),
    )
    colleagues_input = forms.CharField(
        label=_("My colleagues’ practice and challenges"),
        required=False,
        widget=_area(8),
        help_text=_(
            "You are the only one from your unit on the course. Ask your colleagues how "
            "they work with the subject and what they find hard, and note it here."
        ),
    )

    def __init__(self, *args: Any, going_alone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not going_alone and not (self.initial.get("colleagues_input") or "").strip():
            del self.fields["colleagues_input"]


# --- implementation plans --------------------------------------------------------------------


class PlanCreateForm(forms.Form):
    """A new plan: where it belongs, its title and what it implements. The team and the
    anchoring come next, on the plan's page, once the organisation is known."""

    organisation = _Named(label=_("Organisation"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    education_plan = _Named(
        label=_("Education plan"), queryset=None, required=False, empty_label=_("None")
    )
    activity = _Named(
        label=_("Education activity"), queryset=None, required=False, empty_label=_("None")
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Any],
        education_plans: QuerySet[Any],
        activities: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["education_plan"].queryset = education_plans  # type: ignore[attr-defined]
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["organisation"].help_text = _(
            "The unit or team whose practice is to change; its people read the plan."
        )

    def to_input(self) -> PlanInput:
        data = self.cleaned_data
        return PlanInput(
            title=data["title"],
            education_plan=data["education_plan"],
            activity=data["activity"],
        )


class PlanForm(forms.Form):
    """A plan's title, links, implementation team and anchoring."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    education_plan = _Named(
        label=_("Education plan"), queryset=None, required=False, empty_label=_("None")
    )
    activity = _Named(
        label=_("Education activity"), queryset=None, required=False, empty_label=_("None")
    )
    team = _People(
        label=_("Implementation team"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The people who carry the implementation: they fill in the plan and record "
            "its follow-up meetings."
        ),
    )
    theme_days = forms.CharField(
        label=_("Recurring theme days"),
        required=False,
        widget=_area(3),
        help_text=_("When the subject comes back every year, and who plans it."),
    )
    ambassadors = _People(
        label=_("Ambassadors"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Colleagues who keep the new practice alive and help others with it."),
    )
    new_employees = forms.CharField(
        label=_("Training of new employees"),
        required=False,
        widget=_area(3),
        help_text=_("How someone who starts next year learns the new practice."),
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[User],
        education_plans: QuerySet[Any],
        activities: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = people  # type: ignore[attr-defined]
        self.fields["ambassadors"].queryset = people  # type: ignore[attr-defined]
        self.fields["education_plan"].queryset = education_plans  # type: ignore[attr-defined]
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(
        plan: ImplementationPlan, team: list[User], ambassadors: list[User]
    ) -> dict[str, Any]:
        return {
            "base_version": plan.version,
            "title": plan.title,
            "education_plan": plan.education_plan_id,
            "activity": plan.activity_id,
            "team": [person.pk for person in team],
            "theme_days": plan.theme_days,
            "ambassadors": [person.pk for person in ambassadors],
            "new_employees": plan.new_employees,
        }

    def to_input(self) -> PlanInput:
        data = self.cleaned_data
        return PlanInput(
            title=data["title"],
            education_plan=data["education_plan"],
            activity=data["activity"],
            team=list(data["team"]),
            ambassadors=list(data["ambassadors"]),
            theme_days=data["theme_days"],
            new_employees=data["new_employees"],
        )


class ItemForm(forms.Form):
    """One line of the checklist."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    area = forms.ChoiceField(label=_("Area"), choices=ImplementationItem.Area.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=_area(),
        help_text=_("Where you stand in this area and what is to be achieved."),
    )
    activities = forms.CharField(
        label=_("Concrete activities"),
        required=False,
        widget=_area(),
        help_text=_("What is done, so that someone else could pick it up."),
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=100,
        help_text=_("For example “autumn 2025” or “weeks 10–14”."),
    )
    responsible = _Named(
        label=_("Responsible"), queryset=None, required=False, empty_label=_("Nobody yet")
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=_DATE,
        help_text=_("With a person responsible and a deadline, the item is on their task list."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(item: ImplementationItem) -> dict[str, Any]:
        return {
            "base_version": item.version,
            "area": item.area,
            "description": item.description,
            "activities": item.activities,
            "period": item.period,
            "responsible": item.responsible_id,
            "deadline": item.deadline,
            "status": item.status,
        }

    def to_input(self) -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            area=data["area"],
            description=data["description"],
            activities=data["activities"],
            period=data["period"],
            responsible=data["responsible"],
            deadline=data["deadline"],
            status=data["status"],
        )


class VersionForm(forms.Form):
    """A one-button write on an item (mark done, delete): the version it was shown in, and
    where to go back to."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    next = forms.CharField(widget=forms.HiddenInput, required=False)


CONFIDENCE_CHOICES = [(value, str(value)) for value in range(LOWEST, HIGHEST + 1)]


class MeetingForm(forms.Form):
    """The implementation process sheet: four columns, what blocks change, and confidence."""

    held_on = forms.DateField(label=_("Date of the meeting"), widget=_DATE)
    worries = forms.CharField(
        label=_("Worries"),
        required=False,
        widget=_area(),
        help_text=_(
            "The three most important: how do they show, with examples, and how often do "
            "they happen?"
        ),
    )
    what_works = forms.CharField(
        label=_("What works"),
        required=False,
        widget=_area(),
        help_text=_("Progress since last time, and the exceptions: when did it go well?"),
    )
    signs_of_change = forms.CharField(
        label=_("Signs of change"),
        required=False,
        widget=_area(),
        help_text=_("What must we see happen to know that the practice is changing?"),
    )
    agreements = forms.CharField(
        label=_("Agreements and next steps"),
        required=False,
        widget=_area(),
        help_text=_("Who does what, and by when."),
    )
    blockers = forms.CharField(
        label=_("Conditions that block change"),
        required=False,
        widget=_area(3),
        help_text=_("What in the frames, the workload or the organisation stands in the way."),
    )
    confidence = forms.TypedChoiceField(
        label=_("Confidence that we can make it happen"),
        choices=CONFIDENCE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("0: no confidence at all; 10: complete confidence."),
    )
    next_meeting_on = forms.DateField(label=_("Next follow-up"), required=False, widget=_DATE)

    def to_input(self) -> MeetingInput:
        data = self.cleaned_data
        return MeetingInput(
            held_on=data["held_on"],
            confidence=data["confidence"],
            worries=data["worries"],
            what_works=data["what_works"],
            signs_of_change=data["signs_of_change"],
            agreements=data["agreements"],
            blockers=data["blockers"],
            next_meeting_on=data["next_meeting_on"],
        )
