"""Forms of the profile pages: create, edit (profile fields + competence rows), import."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trinvis.competences import scale
from trinvis.competences.interchange import CompetenceData, ProfileData
from trinvis.competences.models import Category, Profile
from trinvis.core.uploads import CSV, WORKBOOK, upload_check
from trinvis.organisations.models import Organisation

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
LEVEL_CHOICES = [(level.value, scale.label(level.value)) for level in scale.LEVELS]


class _OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class ProfileCreateForm(forms.Form):
    START_EXAMPLE, START_BLANK = "example", "blank"

    organisation = _OrganisationField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The unit or team the profile belongs to; the units below it use it too."),
    )
    start = forms.ChoiceField(
        label=_("Start from"),
        choices=[
            (START_EXAMPLE, _("The example profile for integration work (shown below)")),
            (START_BLANK, _("A blank profile")),
        ],
        initial=START_EXAMPLE,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Required for a blank profile; leave empty to keep the example’s name."),
    )
    applies_to = forms.CharField(
        label=_("For whom"),
        max_length=200,
        required=False,
        help_text=_("The unit, team or job role the profile describes."),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("start") == self.START_BLANK and not cleaned.get("name", "").strip():
            self.add_error("name", _("Give a blank profile a name."))
        return cleaned


class ProfileForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200)
    applies_to = forms.CharField(
        label=_("For whom"),
        max_length=200,
        required=False,
        help_text=_("The unit, team or job role the profile describes."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    strategy_goal = forms.CharField(
        label=_("Strategy and goal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The strategy or goal the profile serves."),
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=100,
        required=False,
        help_text=_(
            "Identifies the profile in Moodle and in exported files; unique in the "
            "organisation. Leave empty to make one from the name."
        ),
    )
    vulnerability_high_below = forms.IntegerField(
        label=_("High vulnerability when fewer than … people meet the expected level"),
        min_value=1,
        max_value=99,
    )
    vulnerability_medium_below = forms.IntegerField(
        label=_("Medium vulnerability when fewer than … people meet the expected level"),
        min_value=1,
        max_value=99,
        help_text=_("At least the number for high vulnerability."),
    )

    @classmethod
    def initial_for(cls, profile: Profile) -> dict[str, Any]:
        return {
            "base_version": profile.version,
            "name": profile.name,
            "applies_to": profile.applies_to,
            "description": profile.description,
            "strategy_goal": profile.strategy_goal,
            "id_number": profile.id_number,
            "vulnerability_high_below": profile.vulnerability_high_below,
            "vulnerability_medium_below": profile.vulnerability_medium_below,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        high = cleaned.get("vulnerability_high_below")
        medium = cleaned.get("vulnerability_medium_below")
        if high is not None and medium is not None and high > medium:
            self.add_error(
                "vulnerability_medium_below",
                _("Medium vulnerability needs a number at least as large as high vulnerability."),
            )
        return cleaned


class CompetenceForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, initial=Category.PROFESSIONAL
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_level = forms.TypedChoiceField(
        label=_("Expected level"), choices=LEVEL_CHOICES, coerce=int, initial=3
    )
    goal = forms.CharField(
        label=_("Goal it serves"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to get one."),
    )


class _CompetenceFormSet(forms.BaseFormSet):
    def initial_form_count(self) -> int:
        # Every posted row may be left empty: an added row nobody filled in is skipped.
        return 0 if self.is_bound else super().initial_form_count()

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this competence")


CompetenceFormSet = forms.formset_factory(
    CompetenceForm, formset=_CompetenceFormSet, extra=0, can_delete=True, max_num=500
)


def competence_initial(competences: Any) -> list[dict[str, Any]]:
    return [
        {
            "pk": c.pk,
            "category": c.category,
            "name": c.name,
            "description": c.description,
            "expected_level": c.expected_level,
            "goal": c.goal,
            "id_number": c.id_number,
        }
        for c in competences
    ]


def raw_values(form: forms.Form) -> dict[str, Any]:
    """What the user typed, unvalidated: to show the form again with one more row."""
    return {name: form[name].value() for name in form.fields}


def profile_data(form: ProfileForm, formset: Any) -> ProfileData:
    """The edit form's content as data for `services.profiles.profile_update`."""
    values = form.cleaned_data
    competences = [
        CompetenceData(
            pk=row.cleaned_data.get("pk"),
            category=row.cleaned_data["category"],
            id_number=row.cleaned_data.get("id_number", ""),
            name=row.cleaned_data["name"],
            description=row.cleaned_data.get("description", ""),
            expected_level=row.cleaned_data["expected_level"],
            goal=row.cleaned_data.get("goal", ""),
        )
        for row in formset.forms
        if row.cleaned_data and not row.cleaned_data.get("DELETE")
    ]
    return ProfileData(
        name=values["name"],
        id_number=values.get("id_number", ""),
        applies_to=values.get("applies_to", ""),
        description=values.get("description", ""),
        strategy_goal=values.get("strategy_goal", ""),
        vulnerability_high_below=values["vulnerability_high_below"],
        vulnerability_medium_below=values["vulnerability_medium_below"],
        competences=competences,
    )


class ProfileImportForm(forms.Form):
    organisation = _OrganisationField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The imported profile becomes a new profile of this organisation."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A Moodle competency framework (.csv), or a profile exported from Trinvis as "
            "CSV or Excel (.xlsx). At most 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload_check(upload, extensions=(*CSV, *WORKBOOK), max_mb=2)
