"""Forms of assessment rounds: opening one, closing or reopening it, and the rating form."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trinvis.competences import scale
from trinvis.competences.models import Category, Competence, Profile, Rating
from trinvis.competences.selectors import competences_by_category
from trinvis.competences.services.rounds import RatingInput
from trinvis.organisations.models import Organisation

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- opening a round -------------------------------------------------------------------------


class _PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class ProfileChoiceForm(forms.Form):
    """The first step when no profile was given: which profile to assess against."""

    profile = forms.TypedChoiceField(label=_("Competence profile"), coerce=int)

    def __init__(self, *args: Any, profiles: Sequence[Profile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        profile_field = self.fields["profile"]
        assert isinstance(profile_field, forms.TypedChoiceField)
        profile_field.choices = [(p.pk, f"{p.name} ({p.organisation.name})") for p in profiles]


class OrganisationChoiceForm(forms.Form):
    """Which unit or team of the profile's organisation the round assesses."""

    organisation = forms.TypedChoiceField(
        label=_("Unit or team assessed"),
        coerce=int,
        help_text=_("The next step lists the people of the unit or team you choose."),
    )

    def __init__(
        self, *args: Any, organisations: Sequence[Organisation], top: Organisation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        depth = top.path.count("/")
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.TypedChoiceField)
        organisation_field.choices = [
            (org.pk, "– " * (org.path.count("/") - depth) + org.name) for org in organisations
        ]


class RoundOpenForm(forms.Form):
    MODES = (
        ("self", _("Self-assessment: each person rates their own competences")),
        ("leader", _("Leader assessment: the leader rates each person")),
        ("team", _("Team assessment: the team agrees on one shared rating")),
    )

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Spring 2027 – Team Job”."),
    )
    people = _PeopleField(
        label=_("People assessed"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person to assess.")},
        help_text=_("Everyone is chosen to begin with; untick those who do not take part."),
    )
    mode = forms.MultipleChoiceField(
        label=_("How the competences are assessed"),
        choices=MODES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way of assessing.")},
        help_text=_("Choose one or more. Where both are given, the leader’s rating counts."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=_DATE)
    reminder_days = forms.IntegerField(
        label=_("Reminder, days before the deadline"),
        min_value=0,
        max_value=60,
        help_text=_("Those whose assessment is still missing get an e-mail that morning."),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people_field = self.fields["people"]
        assert isinstance(people_field, forms.ModelMultipleChoiceField)
        people_field.queryset = people

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        modes = set(data["mode"])
        return {
            "title": data["title"],
            "people": list(data["people"]),
            "deadline": data["deadline"],
            "reminder_days": data["reminder_days"],
            "self_assessment": "self" in modes,
            "leader_assessment": "leader" in modes,
            "team_assessment": "team" in modes,
        }


class RoundCloseForm(forms.Form):
    ACTIONS = (("close", _("Close the round")), ("reopen", _("Reopen the round")))

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    deadline = forms.DateField(
        label=_("New deadline"),
        required=False,
        widget=_DATE,
        help_text=_("Needed when the round is reopened."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "reopen" and not data.get("deadline"):
            self.add_error("deadline", _("Give the new deadline."))
        return data


# --- the rating form -------------------------------------------------------------------------


@dataclass
class LevelOption:
    value: str
    label: str
    descriptor: str
    id: str
    checked: bool


@dataclass
class CompetenceItem:
    """One competence on the form: its radio buttons, comment and evidence."""

    competence: Competence
    expected: str
    level: forms.BoundField
    comment: forms.BoundField
    evidence: forms.BoundField
    options: list[LevelOption] = field(default_factory=list)
    # The level chosen now, as "3 Practised performer" (shown as text when read-only).
    current: str = ""
    # What someone else saved meanwhile, shown beside the user's input after a conflict.
    theirs: Rating | None = None
    theirs_label: str = ""


class AssessmentForm(forms.Form):
    """Five-point ratings of every competence of a profile, with comment and evidence."""

    DRAFT, SUBMIT = "draft", "submit"

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args: Any,
        competences: Sequence[Competence],
        read_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.competences = list(competences)
        self.read_only = read_only
        choices = [(str(level.value), scale.label(level.value)) for level in scale.LEVELS]
        for competence in self.competences:
            self.fields[f"level_{competence.pk}"] = forms.ChoiceField(
                label=competence.name, choices=choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment_{competence.pk}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"evidence_{competence.pk}"] = forms.CharField(
                label=_("Example from practice"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("A situation that shows the level."),
            )
        if read_only:
            for form_field in self.fields.values():
                form_field.disabled = True

    @staticmethod
    def initial_for(version: int, ratings: Mapping[int, Rating]) -> dict[str, Any]:
        initial: dict[str, Any] = {"base_version": version}
        for competence_id, rating in ratings.items():
            initial[f"level_{competence_id}"] = str(rating.level)
            initial[f"comment_{competence_id}"] = rating.comment
            initial[f"evidence_{competence_id}"] = rating.evidence
        return initial

    @property
    def submitting(self) -> bool:
        return self.data.get("action") == self.SUBMIT

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for competence in self.competences:
            level_name = f"level_{competence.pk}"
            if data.get(level_name):
                continue
            if self.submitting:
                self.add_error(level_name, _("Rate this competence before you submit."))
            elif data.get(f"comment_{competence.pk}") or data.get(f"evidence_{competence.pk}"):
                self.add_error(level_name, _("Choose a level to keep the comment and example."))
        return data

    def ratings(self) -> dict[int, RatingInput]:
        data = self.cleaned_data
        return {
            competence.pk: RatingInput(
                level=int(data[f"level_{competence.pk}"]),
                comment=data.get(f"comment_{competence.pk}", ""),
                evidence=data.get(f"evidence_{competence.pk}", ""),
            )
            for competence in self.competences
            if data.get(f"level_{competence.pk}")
        }

    def sections(
        self, theirs: Mapping[int, Rating] | None = None
    ) -> list[tuple[Category, list[CompetenceItem]]]:
        """The competences by category, each with what the template needs to draw it."""
        items = {}
        for competence in self.competences:
            level = self[f"level_{competence.pk}"]
            current = str(level.value() or "")
            other = (theirs or {}).get(competence.pk)
            items[competence.pk] = CompetenceItem(
                competence=competence,
                expected=scale.label(competence.expected_level),
                level=level,
                comment=self[f"comment_{competence.pk}"],
                evidence=self[f"evidence_{competence.pk}"],
                options=[
                    LevelOption(
                        value=str(option.value),
                        label=scale.label(option.value),
                        descriptor=str(option.descriptor),
                        id=f"{level.auto_id}_{option.value}",
                        checked=current == str(option.value),
                    )
                    for option in scale.LEVELS
                ],
                current=scale.label(int(current)) if current.isdigit() else "",
                theirs=other,
                theirs_label=scale.label(other.level) if other else "",
            )
        return [
            (category, [items[c.pk] for c in competences])
            for category, competences in competences_by_category(self.competences)
        ]
