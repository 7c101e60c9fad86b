from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trinvis.core.uploads import CSV, upload_check
from trinvis.organisations.models import Membership, Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "country",
            "municipality_number",
            "population",
            "unit_type",
            "require_two_factor",
        ]
        widgets = {"municipality_number": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(
        self,
        *args: Any,
        parent: Organisation | None = None,
        may_require_two_factor: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not may_require_two_factor:
            # Only the organisation's administrators decide on two-factor login.
            self.fields.pop("require_two_factor")
        parent_kind = parent.kind if parent else None
        if self.instance.pk:
            self.fields.pop("kind")
        else:
            # Model.clean checks the kind against the parent, which the form has no field for.
            self.instance.parent = parent
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (value, label)
                for value, label in Organisation.Kind.choices
                if parent_kind in Organisation.ALLOWED_PARENTS[value]
            ]
        self.fields["country"].help_text = _("Only for municipalities.")
        self.fields["population"].help_text = _(
            "Only for municipalities. Sets the size class: small under 5,000, medium up to "
            "19,999, large from 20,000."
        )
        self.fields["unit_type"].help_text = _(
            "Only for units: mark the three units that work together on integration."
        )


def _role_choices(roles: list[str]) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Membership.Role.choices if value in roles]


class SubtreeChoiceField(forms.ModelChoiceField):
    """Organisations of a subtree, indented by depth so the tree shows in a plain select."""

    top_depth = 0

    def label_from_instance(self, obj: Any) -> str:
        return "— " * (obj.depth - self.top_depth) + obj.name


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    organisation = SubtreeChoiceField(
        label=_("Unit"), queryset=Organisation.objects.none(), empty_label=None
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(
        self, *args: Any, organisation: Organisation, units: Any, roles: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, SubtreeChoiceField)
        field.queryset = units
        field.initial = organisation.pk
        field.top_depth = organisation.depth
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One person per line with the columns name, email, unit and role. The unit is the "
            "name of a unit in this organisation (empty: the organisation itself)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        return upload_check(self.cleaned_data["file"], extensions=CSV)
