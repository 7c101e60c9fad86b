"""Forms of the questionnaire pages: XLSForm import and copying a questionnaire."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trinvis.core.uploads import WORKBOOK, upload_check
from trinvis.organisations.models import Organisation

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class _OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class _WithOrganisation(forms.Form):
    organisation = _OrganisationField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class QuestionnaireImportForm(_WithOrganisation):
    file = forms.FileField(
        label=_("XLSForm file"),
        help_text=_("An Excel workbook (.xlsx) with a survey sheet. At most 2 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of columns without a language"),
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of a plain “label” column, used when the settings sheet names no "
            "default_language."
        ),
    )

    field_order = ["organisation", "file", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].help_text = _(
            "The imported questionnaire belongs to this organisation."
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload_check(upload, extensions=WORKBOOK, max_mb=2)


class QuestionnaireCopyForm(_WithOrganisation):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].label = _("Copy to")
        self.fields["organisation"].help_text = _(
            "The copy belongs to this organisation; you can then change it and send it out."
        )
