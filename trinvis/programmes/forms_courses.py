"""Forms of the course programme: the programme, its regional targets, a module, a run,
an enrolment, a leader's refusal and who completed a run. Edit forms carry the version
they were opened on (`base_version`) for the conflict check."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import User
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import CourseModule, CourseProgramme, ModuleChoice, ModuleRun
from trinvis.programmes.selectors_courses import Place, run_label
from trinvis.programmes.services_course_enrolments import MAX_EXPERIENCE, EnrolmentInput
from trinvis.programmes.services_courses import CourseInput, ModuleInput, RunInput

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class _OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class _PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class _RunsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return run_label(obj)


class _Versioned(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @property
    def version(self) -> int:
        return self.cleaned_data.get("base_version") or 0


class CourseForm(_Versioned):
    """The provider is chosen once, on creating."""

    provider = _OrganisationField(
        label=_("Course provider"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The agency or region that offers the programme."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=_area())
    how_modules_combine = forms.CharField(
        label=_("How the modules combine"),
        required=False,
        widget=_area(),
        help_text=_("Which modules build on which, and which can be taken on their own."),
    )
    starts_on = forms.DateField(label=_("Starts"), widget=_DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=_DATE)
    target_participants = forms.IntegerField(
        label=_("Target: participants"),
        min_value=0,
        max_value=1_000_000,
        help_text=_(
            "How many people the programme is to reach by its end, e.g. 800 over three years."
        ),
    )

    def __init__(
        self, *args: Any, providers: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if providers is None:
            del self.fields["provider"]
        else:
            self.fields["provider"].queryset = providers  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(course: CourseProgramme) -> dict[str, Any]:
        return {
            "base_version": course.version,
            "name": course.programme.name,
            "description": course.programme.description,
            "how_modules_combine": course.programme.how_modules_combine,
            "starts_on": course.starts_on,
            "ends_on": course.ends_on,
            "target_participants": course.target_participants,
        }

    def to_input(self) -> CourseInput:
        data = self.cleaned_data
        return CourseInput(
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            target_participants=data["target_participants"],
            description=data["description"],
            how_modules_combine=data["how_modules_combine"],
        )


class TargetsForm(_Versioned):
    """One number per region; empty or 0: no regional target."""

    def __init__(
        self,
        *args: Any,
        regions: Sequence[Organisation],
        current: dict[int, int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.regions = list(regions)
        for region in self.regions:
            self.fields[f"region_{region.pk}"] = forms.IntegerField(
                label=region.name, required=False, min_value=0, max_value=1_000_000
            )
            self.initial.setdefault(f"region_{region.pk}", current.get(region.pk))

    def targets(self) -> dict[Organisation, int | None]:
        return {region: self.cleaned_data.get(f"region_{region.pk}") for region in self.regions}

    def region_fields(self) -> list[forms.BoundField]:
        return [self[f"region_{region.pk}"] for region in self.regions]


class ModuleForm(_Versioned):
    position = forms.IntegerField(
        label=_("Position"),
        min_value=1,
        max_value=999,
        help_text=_("Where the module comes in the programme: 1 first."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=_area())
    headings = forms.CharField(
        label=_("Headings"),
        required=False,
        widget=_area(6),
        help_text=_(
            "The module's main headings, one per line. The reminder mail after each run "
            "repeats them, with the participant's own learning goals."
        ),
    )

    @staticmethod
    def initial_for(module: CourseModule) -> dict[str, Any]:
        return {
            "base_version": module.version,
            "position": module.position,
            "title": module.title,
            "description": module.description,
            "headings": module.headings,
        }

    def to_input(self) -> ModuleInput:
        data = self.cleaned_data
        return ModuleInput(
            title=data["title"],
            position=data["position"],
            description=data["description"],
            headings=data["headings"],
        )


class RunForm(_Versioned):
    starts_on = forms.DateField(label=_("First day"), widget=_DATE)
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=_DATE,
        help_text=_("Leave it empty for a module of one day."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    region = _OrganisationField(
        label=_("Region"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The region the run is held for; progress is followed per region."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=10_000,
        help_text=_("Leave it empty when there is no limit."),
    )
    teachers = _PeopleField(
        label=_("Teachers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    follow_up_day_at = forms.DateTimeField(
        label=_("Follow-up day (date and time)"),
        required=False,
        widget=_DATETIME,
        help_text=_(
            "When there is one, the participants are invited to it after the module, with a "
            "calendar file."
        ),
    )
    follow_up_day_place = forms.CharField(
        label=_("Follow-up day place"), max_length=200, required=False
    )

    def __init__(
        self,
        *args: Any,
        regions: QuerySet[Organisation],
        teachers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["teachers"].queryset = teachers  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(run: ModuleRun) -> dict[str, Any]:
        return {
            "base_version": run.version,
            "starts_on": run.activity.starts_on,
            "ends_on": run.activity.ends_on,
            "place": run.activity.place,
            "region": run.region_id,
            "capacity": run.capacity,
            "teachers": list(run.teachers.all()),
            "follow_up_day_at": run.activity.follow_up_day_at,
            "follow_up_day_place": run.activity.follow_up_day_place,
        }

    def to_input(self) -> RunInput:
        data = self.cleaned_data
        return RunInput(
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            place=data["place"],
            region=data["region"],
            capacity=data["capacity"],
            teachers=list(data["teachers"]),
            follow_up_day_at=data["follow_up_day_at"],
            follow_up_day_place=data["follow_up_day_place"],
        )


class EnrolForm(forms.Form):
    """The enrolment: where the participant works, their position and experience (the
    provider groups participants by them), the purpose agreed with the leader, and one run
    of each chosen module."""

    place = forms.ChoiceField(label=_("Where the participant works"))
    position = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        help_text=_("For example caseworker, language teacher or team leader."),
    )
    experience_years = forms.IntegerField(
        label=_("Years of experience in the field"),
        required=False,
        min_value=0,
        max_value=MAX_EXPERIENCE,
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=_area(),
        help_text=_(
            "What the participant is to learn, and how it is to be used at work: agreed "
            "between participant and leader."
        ),
    )
    runs = _RunsField(
        label=_("Modules"),
        queryset=ModuleRun.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one date for each module the participant takes."),
    )

    def __init__(
        self,
        *args: Any,
        places: Sequence[Place],
        runs: QuerySet[ModuleRun],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(place.key, str(place)) for place in places]  # type: ignore[attr-defined]
        self.fields["runs"].queryset = runs  # type: ignore[attr-defined]
        if len(places) == 1:
            self.initial.setdefault("place", places[0].key)

    def to_input(self) -> EnrolmentInput:
        data = self.cleaned_data
        return EnrolmentInput(
            place_key=data["place"],
            purpose=data["purpose"],
            runs=list(data["runs"]),
            position=data["position"],
            experience_years=data["experience_years"],
        )


class DeclineForm(_Versioned):
    note = forms.CharField(
        label=_("Why not, and what instead"),
        widget=_area(3),
        error_messages={"required": _("Say why, so you can agree on something else.")},
        help_text=_(
            "The participant gets this by e-mail and sees it with the enrolment; the course "
            "provider does not."
        ),
    )


class AttendanceForm(_Versioned):
    completed = forms.MultipleChoiceField(
        label=_("Completed the module"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: Sequence[ModuleChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["completed"].choices = [  # type: ignore[attr-defined]
            (str(choice.pk), choice.enrolment.person.full_name or choice.enrolment.person.email)
            for choice in choices
        ]
        self.initial.setdefault(
            "completed", [str(choice.pk) for choice in choices if choice.completed]
        )

    def completed_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["completed"]]
