"""Forms of the education plans: the plan itself, and the row editor."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import User
from trinvis.competences.models import NeedPriority, Round
from trinvis.learning.models import Activity, PlanRow, Principle, Status
from trinvis.learning.services.plans import PlanInput, RowInput
from trinvis.organisations.models import Organisation


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class _NamedChoice(forms.ModelChoiceField):
    """Choices named for a person choosing them: a round with its organisation, an activity
    with its start, a principle with whose it is."""

    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, Round):
            return f"{obj.title} ({obj.organisation.name})"
        if isinstance(obj, Activity) and obj.starts_on:
            return f"{obj.title} ({obj.starts_on:%Y-%m-%d})"
        if isinstance(obj, Principle):
            return f"{obj.title} ({obj.organisation.name})"
        if isinstance(obj, Organisation):
            return obj.name
        return str(obj)


class _NeedChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.competence.name} – {obj.get_horizon_display()}"


class PlanForm(forms.Form):
    """A plan's title, period and round; `organisations` is given for a new plan."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = _NamedChoice(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The unit or team whose plan it is; its people are the plan's employees."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    period = forms.CharField(
        label=_("Period"),
        max_length=100,
        required=False,
        help_text=_("E.g. “2027” or “Spring 2027”."),
    )
    round = _NamedChoice(
        label=_("Competence round whose needs it answers"),
        queryset=Round.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_(
            "The rows can then say which prioritised needs they answer, and the plan warns "
            "about short-term needs without an activity."
        ),
    )

    def __init__(
        self, *args: Any, organisations: Any = None, rounds: QuerySet[Round], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]

    def to_input(self) -> PlanInput:
        data = self.cleaned_data
        return PlanInput(title=data["title"], period=data["period"], round=data["round"])


EFFORT_HELP = _("Hours, for all the row's people together.")


def _effort(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=1,
        help_text=EFFORT_HELP,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0"}),
    )


class RowForm(forms.Form):
    """The nine columns of a row, the needs it answers, its principle and its effort.

    `people_groups` are the people who may be chosen, grouped by their unit; `kept_people`
    are people already in the row who are no longer offered (they stay chosen).
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    people = forms.MultipleChoiceField(label=_("Employees"), required=False)
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        widget=_area(),
        help_text=_("Why these people take part: the need or goal it serves."),
    )
    activity = _NamedChoice(
        label=_("Education activity"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("No activity yet"),
    )
    learning_support = forms.CharField(
        label=_("Learning-support activities"),
        required=False,
        widget=_area(),
        help_text=_(
            "What helps the learning reach practice: reduced workload, time for "
            "preparation, a colleague to practise with, sharing at a team meeting."
        ),
    )
    success_criteria = forms.CharField(
        label=_("Success criteria"),
        required=False,
        widget=_area(),
        help_text=_(
            "What we will see when it has worked. The learning goals themselves are written "
            "as organisational or personal goals and linked to the row."
        ),
    )
    schedule = forms.CharField(
        label=_("Schedule"),
        max_length=200,
        required=False,
        help_text=_("When, e.g. “March–May 2027” or “Weeks 10 and 14”."),
    )
    responsible = _NamedChoice(
        label=_("Responsible"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )
    resources = forms.CharField(
        label=_("Resources"),
        required=False,
        widget=_area(2),
        help_text=_("Money, time and people the row needs."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    needs = _NeedChoices(
        label=_("Competence needs it answers"),
        queryset=NeedPriority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    principle = _NamedChoice(
        label=_("Principle it follows"),
        queryset=Principle.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    effort_before = _effort(_("Effort before the course"))
    effort_during = _effort(_("Effort during the course"))
    effort_after = _effort(_("Effort after the course"))

    def __init__(
        self,
        *args: Any,
        people_groups: Sequence[tuple[Organisation, Sequence[User]]],
        kept_people: Sequence[User] = (),
        activities: QuerySet[Activity],
        responsible: QuerySet[User],
        needs: Sequence[NeedPriority],
        principles: QuerySet[Principle],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people_groups = people_groups
        self.kept_people = list(kept_people)
        self._people = {
            str(person.pk): person for _organisation, people in people_groups for person in people
        }
        self._people.update({str(person.pk): person for person in self.kept_people})
        self.fields["people"].choices = [  # type: ignore[attr-defined]
            (pk, person.full_name) for pk, person in self._people.items()
        ]
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = responsible  # type: ignore[attr-defined]
        self.fields["needs"].queryset = NeedPriority.objects.filter(  # type: ignore[attr-defined]
            pk__in=[need.pk for need in needs]
        ).select_related("competence")
        self.need_list = list(needs)
        self.fields["principle"].queryset = principles  # type: ignore[attr-defined]
        if not needs:
            del self.fields["needs"]

    @staticmethod
    def initial_for(row: PlanRow) -> dict[str, Any]:
        return {
            "base_version": row.version,
            "people": [str(pk) for pk in row.people.values_list("pk", flat=True)],
            "purpose": row.purpose,
            "activity": row.activity_id,
            "learning_support": row.learning_support,
            "success_criteria": row.success_criteria,
            "schedule": row.schedule,
            "responsible": row.responsible_id,
            "resources": row.resources,
            "status": row.status,
            "needs": list(row.needs.values_list("pk", flat=True)),
            "principle": row.principle_id,
            "effort_before": row.effort_before,
            "effort_during": row.effort_during,
            "effort_after": row.effort_after,
        }

    def grouped_people(self) -> list[tuple[str, list[tuple[User, str, bool]]]]:
        """For the template: each unit's people with their input id and whether they are
        ticked (after a refused save, as the user left them)."""
        chosen = {str(value) for value in (self["people"].value() or [])}
        groups: list[tuple[str, Sequence[User]]] = [
            (organisation.name, people) for organisation, people in self.people_groups
        ]
        if self.kept_people:
            groups.append((str(_("No longer in the organisation")), self.kept_people))
        rows = []
        counter = 0
        for name, people in groups:
            choices = []
            for person in people:
                choices.append((person, f"id_people_{counter}", str(person.pk) in chosen))
                counter += 1
            rows.append((name, choices))
        return rows

    def grouped_needs(self) -> list[tuple[NeedPriority, str, bool]]:
        """The needs with their input id and whether they are ticked."""
        if "needs" not in self.fields:
            return []
        chosen = {str(value) for value in (self["needs"].value() or [])}
        return [
            (need, f"id_needs_{index}", str(need.pk) in chosen)
            for index, need in enumerate(self.need_list)
        ]

    def to_input(self) -> RowInput:
        data = self.cleaned_data
        return RowInput(
            people=[self._people[pk] for pk in data["people"]],
            purpose=data["purpose"],
            activity=data["activity"],
            learning_support=data["learning_support"],
            success_criteria=data["success_criteria"],
            schedule=data["schedule"],
            responsible=data["responsible"],
            resources=data["resources"],
            status=data["status"],
            needs=list(data.get("needs") or []),
            principle=data["principle"],
            effort_before=data["effort_before"] or Decimal(0),
            effort_during=data["effort_during"] or Decimal(0),
            effort_after=data["effort_after"] or Decimal(0),
        )
