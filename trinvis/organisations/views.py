from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.models import AuditEvent
from trinvis.core.selectors import audit_events_visible
from trinvis.core.services import audit_record
from trinvis.organisations import selectors, services
from trinvis.organisations.access import (
    membership_get_for_user,
    organisation_get_for_user,
    scope_for,
)
from trinvis.organisations.forms import InviteForm, OrganisationForm, PeopleImportForm, RoleForm
from trinvis.organisations.people_import import ImportFailed, people_import


def _apply_errors(form: object, error: ValidationError) -> None:
    form.add_error(None, error)  # type: ignore[attr-defined]


@login_required
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    tree = selectors.organisation_tree_for_user(user=request.user)
    return render(request, "organisations/list.html", {"tree": tree})


@login_required
def organisation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, pk=pk, detail=False)
    scope = scope_for(request.user)
    context = {
        "organisation": organisation,
        "breadcrumbs": selectors.organisation_breadcrumbs(organisation=organisation, scope=scope),
        "detail": scope.can_see_detail(organisation.pk),
        "may_manage": scope.can_manage_people(organisation.pk),
        "children": [
            child
            for child in selectors.organisation_children(organisation=organisation)
            if scope.can_see(child.pk)
        ],
        "people_count": selectors.subtree_people_count(organisation=organisation),
    }
    return render(request, "organisations/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(
    request: AuthenticatedRequest, parent_pk: int | None = None
) -> HttpResponse:
    parent = None
    if parent_pk is not None:
        parent = organisation_get_for_user(user=request.user, pk=parent_pk, manage_people=True)
    elif not scope_for(request.user).is_platform_admin:
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                by=request.user, parent=parent, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s is created.") % {"name": organisation.name})
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "parent": parent})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, pk=pk, manage_people=True)
    form = OrganisationForm(
        request.POST or None,
        instance=organisation,
        parent=organisation.parent,
        may_require_two_factor=scope_for(request.user).is_administrator_of(organisation.pk),
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=organisation, by=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, _("The changes are saved."))
        return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "organisation": organisation})


@login_required
def people(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    show = request.GET.get("show", "active")
    active = {"active": True, "inactive": False}.get(show)
    search = request.GET.get("q", "").strip()[:100]
    memberships = selectors.memberships_in_subtree(
        organisation=organisation, active=active, search=search
    )
    context = {
        "organisation": organisation,
        "page": Paginator(memberships, 50).get_page(request.GET.get("page")),
        "show": show,
        "search": search,
        "may_manage": scope_for(request.user).can_manage_people(organisation.pk),
    }
    template = (
        "organisations/partials/people_table.html" if request.htmx else "organisations/people.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def person_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, pk=pk, manage_people=True)
    scope = scope_for(request.user)
    form = InviteForm(
        request.POST or None,
        organisation=organisation,
        units=selectors.organisations_for_select(organisation=organisation),
        roles=scope.grantable_roles(organisation.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_invite(
                by=request.user,
                base_url=request.build_absolute_uri("/"),
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is added. An e-mail with a link to choose a password is on its way.")
                % {"name": membership.user.full_name},
            )
            return redirect("organisations:people", pk=organisation.pk)
    return render(
        request, "organisations/invite.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = membership_get_for_user(user=request.user, pk=pk, manage_people=True)
    roles = scope_for(request.user).grantable_roles(membership.organisation_id)
    form = RoleForm(request.POST or None, roles=roles, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                membership=membership,
                role=form.cleaned_data["role"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The role is changed."))
            return redirect("organisations:membership", pk=membership.pk)
    return render(
        request, "organisations/membership.html", {"membership": membership, "form": form}
    )


@login_required
@require_POST
def membership_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate a membership; the answer is shown on the membership page."""
    membership = membership_get_for_user(user=request.user, pk=pk, manage_people=True)
    action = request.POST.get("action")
    if action not in ("deactivate", "reactivate"):
        return redirect("organisations:membership", pk=membership.pk)
    active = action == "reactivate"
    try:
        services.membership_set_active(
            membership=membership, active=active, by=request.user, request=request
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The membership is active again.") if active else _("The membership is deactivated."),
        )
    return redirect("organisations:membership", pk=membership.pk)


@login_required
@require_http_methods(["GET", "POST"])
def people_import_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, pk=pk, manage_people=True)
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = people_import(
                organisation=organisation,
                data=form.cleaned_data["file"].read(),
                by=request.user,
                base_url=request.build_absolute_uri("/"),
                request=request,
            )
        except ImportFailed as failure:
            errors = failure.errors
    status = 400 if errors else 200
    return render(
        request,
        "organisations/import.html",
        {"form": form, "organisation": organisation, "errors": errors, "result": result},
        status=status,
    )


@login_required
def people_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, pk=pk, manage_people=True)
    content = selectors.people_csv(organisation=organisation)
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_EXPORTED,
        actor=request.user,
        request=request,
        organisation_id=organisation.pk,
        target=organisation.name,
        details={"what": "people", "rows": content.count("\n") - 1},
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = f"people-{organisation.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    administered = frozenset(i for i in scope.detail_ids if scope.is_administrator_of(i))
    if not scope.is_platform_admin and not administered:
        raise PermissionDenied
    action = request.GET.get("action", "")
    if action not in AuditEvent.Action.values:
        action = ""
    events = audit_events_visible(
        is_platform_admin=scope.is_platform_admin, organisation_ids=administered, action=action
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/audit_log.html",
        {"page": page, "actions": AuditEvent.Action.choices, "action": action},
    )
