"""Importing key figures: upload a statistics export (and say which key figure, for which
organisation, which country), say which column is which, check the preview, confirm; and
the list of imports with each one's record.

The uploaded file waits between the steps in private storage under a random token bound to
the user (core/imports/uploads.py), with what the upload step chose and, once chosen, the
column mapping. The mapping of the last import of a file with the same headings (same
organisation and key figure) is offered, so the next download of a table goes straight to
the preview. Writing needs a write role where the import is recorded (403 for readers);
another person's upload and an import out of reach are 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.imports.reading import FileUnreadable
from trinvis.core.imports.uploads import (
    Upload,
    upload_delete,
    upload_get,
    upload_note,
    upload_store,
)
from trinvis.indicators.access_imports import (
    batch_get_for_user,
    batches_for_user,
    check_may_import,
    indicators_importable,
    may_import_anywhere,
    organisations_for_imports,
)
from trinvis.indicators.forms_imports import ColumnsForm, ImportConfirmForm, ValuesFileForm
from trinvis.indicators.imports import (
    ColumnMapping,
    ImportCheck,
    ImportFailed,
    guess_mapping,
    remembered_mapping,
    use_label,
    values_import,
    values_import_check,
)
from trinvis.indicators.library import breakdown_key
from trinvis.indicators.models import Indicator
from trinvis.indicators.selectors import breakdown_label
from trinvis.organisations.models import Organisation

PURPOSE = "indicator-values"
STEPS = ("upload", "columns", "check")
PER_PAGE = 50


@login_required
@require_GET
def import_list(request: AuthenticatedRequest) -> HttpResponse:
    batches = batches_for_user(user=request.user)
    context = {
        "page": Paginator(batches, PER_PAGE).get_page(request.GET.get("page")),
        "may_import": may_import_anywhere(user=request.user),
    }
    return render(request, "indicators/imports/list.html", context)


@login_required
@require_GET
def import_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = batch_get_for_user(user=request.user, pk=pk)
    mapping = ColumnMapping.from_json(batch.mapping)
    context = {
        "batch": batch,
        "columns": [(use_label(use), heading) for use, heading in mapping.uses()]
        if mapping
        else [],
        "national": mapping.national if mapping else (),
        "country": batch.mapping.get("country", ""),
    }
    return render(request, "indicators/imports/detail.html", context)


def _steps(current: str, upload: Upload | None = None) -> list[dict[str, Any]]:
    labels = {"upload": _("Upload"), "columns": _("Columns"), "check": _("Check and import")}
    urls = {"upload": reverse("indicators:import_upload")}
    if upload is not None:
        urls["columns"] = reverse("indicators:import_columns", args=[upload.token])
    at = STEPS.index(current)
    return [
        {
            "label": labels[step],
            "status": "done" if index < at else "current" if index == at else "todo",
            "url": urls.get(step, "") if index < at else "",
        }
        for index, step in enumerate(STEPS)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_for_imports(user=request.user)
    first = organisations.first()
    if first is None:
        raise PermissionDenied
    indicators = indicators_importable(user=request.user)
    posted = request.method == "POST"
    form = ValuesFileForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        indicators=indicators,
        organisations=organisations,
        initial=_upload_initial(request, indicators, first),
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        file = data["file"]
        details = {
            "indicator": data["indicator"].pk,
            "organisation": data["organisation"].pk,
            "country": data["country"],
            "source": data["source"],
        }
        try:
            upload = upload_store(
                user=request.user,
                purpose=PURPOSE,
                chunks=file.chunks(),
                name=file.name,
                details=details,
            )
        except FileUnreadable as error:
            form.add_error("file", error.message)
        else:
            mapping = remembered_mapping(
                organisation=data["organisation"],
                indicator=data["indicator"],
                headings=upload.headings,
            )
            if mapping is None:
                return redirect("indicators:import_columns", token=upload.token)
            upload_note(upload, mapping=mapping.as_json(upload.headings), remembered=True)
            messages.info(
                request,
                _("The columns are chosen as the last time a file had these headings."),
            )
            return redirect("indicators:import_check", token=upload.token)
    context = {"form": form, "steps": _steps("upload")}
    return render(request, "indicators/imports/upload.html", context)


def _upload_initial(
    request: AuthenticatedRequest, indicators: Any, first: Organisation
) -> dict[str, Any]:
    """The key figure named in the address (from its page), its source, and the country of
    the first organisation the user imports for that has one."""
    initial: dict[str, Any] = {"organisation": first.pk}
    chosen = request.GET.get("indicator", "")
    indicator = indicators.filter(pk=chosen).first() if chosen.isdigit() else None
    if indicator is not None:
        initial.update(indicator=indicator.pk, source=indicator.source)
        if indicator.owner_id:
            initial["organisation"] = indicator.owner_id
    with_country = organisations_for_imports(user=request.user).exclude(country="").first()
    initial["country"] = with_country.country if with_country else Organisation.Country.DENMARK
    return initial


def _upload_and_target(
    request: AuthenticatedRequest, token: str
) -> tuple[Upload, Indicator, Organisation]:
    """The user's upload (404 for anyone else's, or a stale one), its key figure and
    organisation; 403 when the user may no longer import there."""
    upload = upload_get(user=request.user, purpose=PURPOSE, token=token)
    if upload is None:
        raise Http404
    indicator_pk = upload.details.get("indicator") or 0
    organisation_pk = upload.details.get("organisation") or 0
    indicator = Indicator.objects.select_related("owner").filter(pk=indicator_pk).first()
    organisation = Organisation.objects.filter(pk=organisation_pk).first()
    if indicator is None or organisation is None:
        upload_delete(token)
        raise Http404
    check_may_import(user=request.user, indicator=indicator, organisation=organisation)
    return upload, indicator, organisation


def _context(upload: Upload, indicator: Indicator, organisation: Organisation) -> dict[str, Any]:
    return {
        "upload": upload,
        "indicator": indicator,
        "organisation": organisation,
        "country": Organisation.Country(upload.details["country"]).label,
        "source": upload.details.get("source", ""),
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_columns(request: AuthenticatedRequest, token: str) -> HttpResponse:
    upload, indicator, organisation = _upload_and_target(request, token)
    chosen = upload.details.get("mapping")
    remembered = remembered_mapping(
        organisation=organisation, indicator=indicator, headings=upload.headings
    )
    initial = (
        chosen
        or (remembered.as_json(upload.headings) if remembered else None)
        or guess_mapping(upload.headings, indicator=indicator, country=upload.details["country"])
    )
    form = ColumnsForm(
        request.POST if request.method == "POST" else None,
        headings=upload.headings,
        breakdowns=list(indicator.breakdowns),
        initial_mapping=initial,
    )
    if request.method == "POST" and form.is_valid():
        upload_note(upload, mapping=form.mapping.as_json(upload.headings), remembered=False)
        return redirect("indicators:import_check", token=upload.token)
    context = {
        **_context(upload, indicator, organisation),
        "form": form,
        "remembered": upload.details.get("remembered", remembered is not None and not chosen),
        "steps": _steps("columns", upload),
    }
    return render(request, "indicators/imports/columns.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_check(request: AuthenticatedRequest, token: str) -> HttpResponse:
    upload, indicator, organisation = _upload_and_target(request, token)
    mapping = ColumnMapping.from_json(upload.details.get("mapping"))
    if mapping is None:
        return redirect("indicators:import_columns", token=upload.token)
    country = upload.details["country"]
    check: ImportCheck | None = None
    if request.method == "POST":
        form = ImportConfirmForm(request.POST)
        if not form.is_valid() or form.cleaned_data["mapping"] != mapping.digest():
            messages.warning(request, _("The columns were changed meanwhile. Check again."))
            return redirect("indicators:import_check", token=upload.token)
        try:
            result = values_import(
                by=request.user,
                organisation=organisation,
                indicator=indicator,
                country=country,
                source=upload.details.get("source", ""),
                file_name=upload.name,
                headings=upload.headings,
                rows_source=upload.path,
                mapping=mapping,
            )
        except ImportFailed as failed:
            check = ImportCheck(problems=failed.problems, more=failed.more)
        else:
            upload_delete(upload.token)
            messages.success(request, _imported_message(result.batch, result.skipped))
            return redirect("indicators:import_detail", pk=result.batch.pk)
    if check is None:
        check = values_import_check(
            indicator=indicator, country=country, rows_source=upload.path, mapping=mapping
        )
    context = {
        **_context(upload, indicator, organisation),
        "check": check,
        "sample": [
            (row, breakdown_label(breakdown_key(row.breakdown), row.breakdown))
            for row in check.sample
        ],
        "columns": [(use_label(use), heading) for use, heading in mapping.uses()],
        "national": mapping.national,
        "form": ImportConfirmForm(initial={"mapping": mapping.digest()}),
        "steps": _steps("check", upload),
    }
    return render(request, "indicators/imports/check.html", context)


def _imported_message(batch: Any, skipped: int) -> str:
    message = ngettext(
        "%(count)s value imported: %(new)s new, %(updated)s updated.",
        "%(count)s values imported: %(new)s new, %(updated)s updated.",
        batch.rows,
    ) % {"count": batch.rows, "new": batch.created, "updated": batch.updated}
    if skipped:
        message += " " + ngettext(
            "%(count)s row without a figure was skipped.",
            "%(count)s rows without a figure were skipped.",
            skipped,
        ) % {"count": skipped}
    return message


@login_required
@require_POST
def import_cancel(request: AuthenticatedRequest, token: str) -> HttpResponse:
    upload, _indicator, _organisation = _upload_and_target(request, token)
    upload_delete(upload.token)
    messages.info(request, _("The import is cancelled and the uploaded file deleted."))
    return redirect("indicators:imports")
