"""Forms of the catalogue pages: activity filter and edit, programme, path, principles."""

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trinvis.competences.models import Competence, Profile
from trinvis.learning.models import Activity, Principle, Programme
from trinvis.learning.selectors_catalogue import WHEN_PAST, WHEN_UPCOMING
from trinvis.learning.services.catalogue import ActivityInput, ProgrammeInput
from trinvis.learning.services.principles import STARTER_SET
from trinvis.organisations.models import Organisation

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

# The languages a course is usually taught in where Trinvis is used; a stored code outside
# the list is offered too, so editing never loses it.
LANGUAGES = [
    ("da", _("Danish")),
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]

WHEN_CHOICES = [
    ("", _("Any time")),
    (WHEN_UPCOMING, _("Upcoming or running")),
    (WHEN_PAST, _("Past")),
]


def language_label(code: str) -> str:
    return str(dict(LANGUAGES).get(code, code))


class _OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class _ProgrammeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.organisation.name})"


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ActivityFilterForm(forms.Form):
    """The catalogue's filters, read from the query string; a value that does not fit is
    ignored rather than refused, so an old bookmark still opens the list."""

    q = forms.CharField(required=False, max_length=200)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *Activity.Kind.choices])
    competence = forms.CharField(required=False)
    programme = forms.CharField(required=False)
    when = forms.ChoiceField(required=False, choices=WHEN_CHOICES)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data
        return {
            "kind": data.get("kind") or "",
            "competence_id": _int_or_none(data.get("competence")),
            "programme_id": _int_or_none(data.get("programme")),
            "when": data.get("when") or "",
            "query": data.get("q") or "",
        }


def parse_days(value: str) -> list[int]:
    """ "7, 90" → [7, 90]; commas, semicolons or spaces between the numbers."""
    parts = [part for part in re.split(r"[\s,;]+", value.strip()) if part]
    if not all(part.isdigit() for part in parts):
        raise forms.ValidationError(
            _("Write whole numbers of days, separated by commas, e.g. “7, 90”.")
        )
    return sorted({int(part) for part in parts})


class ActivityForm(forms.Form):
    """An activity's fields. `organisations` is given for a new activity (where to put it);
    an existing one stays in its organisation. `competence_groups` are the competences the
    user may choose, grouped by profile."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = _OrganisationField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("Whose catalogue the activity belongs to; the units below it see it too."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    provider = forms.CharField(
        label=_("Provider"),
        max_length=200,
        required=False,
        help_text=_("Who teaches or runs it: a course provider, a unit, a colleague."),
    )
    programme = _ProgrammeField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Not part of a programme"),
        help_text=_("Only for the kind “Module of a longer programme”."),
    )
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=_DATE)
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=_DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    length_hours = forms.DecimalField(
        label=_("Length (hours)"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=1,
        help_text=_("The participants' time in the activity itself, in hours."),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Not given")), *LANGUAGES]
    )
    cost = forms.DecimalField(
        label=_("Cost per participant"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("Three letters, e.g. DKK, NOK or EUR."),
    )
    competences = forms.MultipleChoiceField(label=_("Competences addressed"), required=False)
    programme_text = forms.CharField(
        label=_("Programme of the day(s)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the participants before the course."),
    )
    preparation = forms.CharField(
        label=_("Preparation material"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What to read or do before the course; links are fine."),
    )
    reminder_days = forms.CharField(
        label=_("Reminder mails, days after the end"),
        required=False,
        max_length=100,
        help_text=_(
            "E.g. “7, 90”: a week and three months after the end, participants get a mail "
            "with the course headings and their own goals. Leave empty for no reminders."
        ),
    )
    headings = forms.CharField(
        label=_("Course headings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The main headings, one per line; the reminder mails repeat them."),
    )
    follow_up_day_at = forms.DateTimeField(
        label=_("Follow-up day (date and time)"), required=False, widget=_DATETIME
    )
    follow_up_day_place = forms.CharField(
        label=_("Follow-up day place"), max_length=200, required=False
    )

    def __init__(
        self,
        *args: Any,
        organisations: Any = None,
        programmes: Any,
        competence_groups: list[tuple[Profile, list[Competence]]],
        language: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        if language and language not in dict(LANGUAGES):
            choices = self.fields["language"].choices  # type: ignore[attr-defined]
            self.fields["language"].choices = [*choices, (language, language)]  # type: ignore[attr-defined]
        self.competence_groups = competence_groups
        self.fields["competences"].choices = [  # type: ignore[attr-defined]
            (str(competence.pk), competence.name)
            for _profile, competences in competence_groups
            for competence in competences
        ]

    @staticmethod
    def initial_for(activity: Activity, competence_ids: Iterable[int]) -> dict[str, Any]:
        return {
            "base_version": activity.version,
            "kind": activity.kind,
            "title": activity.title,
            "description": activity.description,
            "provider": activity.provider,
            "programme": activity.programme_id,
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "place": activity.place,
            "length_hours": activity.length_hours,
            "language": activity.language,
            "cost": activity.cost,
            "currency": activity.currency,
            "competences": [str(pk) for pk in competence_ids],
            "programme_text": activity.programme_text,
            "preparation": activity.preparation,
            "reminder_days": ", ".join(str(day) for day in activity.reminder_days),
            "headings": activity.headings,
            "follow_up_day_at": activity.follow_up_day_at,
            "follow_up_day_place": activity.follow_up_day_place,
        }

    def clean_reminder_days(self) -> list[int]:
        return parse_days(self.cleaned_data.get("reminder_days") or "")

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").strip().upper()

    def grouped_choices(self) -> list[tuple[Profile, list[tuple[Competence, str, bool]]]]:
        """For the template: each profile's competences with their input id and whether
        they are ticked (after a refused save, as the user left them)."""
        chosen = {str(value) for value in (self["competences"].value() or [])}
        rows = []
        counter = 0
        for profile, competences in self.competence_groups:
            choices = []
            for competence in competences:
                ticked = str(competence.pk) in chosen
                choices.append((competence, f"id_competences_{counter}", ticked))
                counter += 1
            rows.append((profile, choices))
        return rows

    def to_input(self, *, keep_competence_ids: Iterable[int] = ()) -> ActivityInput:
        """The service's input; `keep_competence_ids` are linked competences the user could
        not see in the form, which stay linked."""
        data = self.cleaned_data
        return ActivityInput(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            provider=data["provider"],
            programme=data["programme"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            place=data["place"],
            length_hours=data["length_hours"],
            cost=data["cost"],
            currency=data["currency"],
            language=data["language"],
            competence_ids=frozenset(int(pk) for pk in data["competences"])
            | frozenset(keep_competence_ids),
            programme_text=data["programme_text"],
            preparation=data["preparation"],
            reminder_days=data["reminder_days"],
            headings=data["headings"],
            follow_up_day_at=data["follow_up_day_at"],
            follow_up_day_place=data["follow_up_day_place"],
        )


class ProgrammeForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = _OrganisationField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("Whose catalogue the programme belongs to; its modules belong there too."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    how_modules_combine = forms.CharField(
        label=_("How the modules combine"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Which modules build on which, and which can be taken on their own."),
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(programme: Programme) -> dict[str, Any]:
        return {
            "base_version": programme.version,
            "name": programme.name,
            "description": programme.description,
            "how_modules_combine": programme.how_modules_combine,
        }

    def to_input(self) -> ProgrammeInput:
        data = self.cleaned_data
        return ProgrammeInput(
            name=data["name"],
            description=data["description"],
            how_modules_combine=data["how_modules_combine"],
        )


class PathForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Say whom the path suits, e.g. “For caseworkers new to employer contact”."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the modules come in this order, and what the path leads to."),
    )


class PrincipleForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Topic"), choices=Principle.Topic.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Principle"),
        max_length=200,
        help_text=_("One sentence you can hold a plan row up against."),
    )
    description = forms.CharField(
        label=_("Why, and what it means in practice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PrincipleEditForm(PrincipleForm):
    # The version the form was opened on.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AdoptForm(forms.Form):
    keys = forms.MultipleChoiceField(
        label=_("Principles to adopt"),
        choices=[(starter.key, starter.title) for starter in STARTER_SET],
        widget=forms.CheckboxSelectMultiple,
        initial=[starter.key for starter in STARTER_SET],
        error_messages={"required": _("Choose one or more of the principles offered.")},
    )
