"""The competence matrix of a round, one person's ratings, the ranked needs, and a profile's
development between two rounds.

Leaders (and administrators) of the round's organisation see every person; everyone else who
may see the round — its people, the unit's staff, development consultants, and facilitators
who follow the municipality — sees the team's figures only, and only when at least five
people were assessed. A leader opening people's ratings is written to the audit log.
"""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.competences import exports
from trinvis.competences.access import (
    is_participant,
    may_manage_round,
    may_see_people,
    person_get_for_user,
    round_get_for_user,
    rounds_for_user,
)
from trinvis.competences.charts import development_spider, person_spider, team_spider
from trinvis.competences.forms_matrix import CompareRoundsForm, NeedPriorityForm
from trinvis.competences.matrix_table import (
    PEOPLE_PER_PAGE,
    SORT_DIRECTION,
    context_for,
    levels_in_words,
    need_lines,
    normalise_sort,
    rule_in_words,
)
from trinvis.competences.models import Assessment, Round
from trinvis.competences.selectors import person_ratings, round_matrix
from trinvis.competences.services.needs import need_priority_set
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record
from trinvis.organisations.access import scope_for

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _audit_viewed(request: AuthenticatedRequest, round: Round, **details: Any) -> None:
    target = details.pop("target", round.title)
    audit_record(
        action=AuditEvent.Action.RATINGS_VIEWED,
        actor=request.user,
        request=request,
        organisation_id=round.organisation_id,
        target=target,
        details={"round": round.pk, **details},
    )


def _round_link(request: AuthenticatedRequest, round: Round) -> bool:
    """Whether the round's own page opens for the user (a facilitator sees only figures)."""
    return scope_for(request.user).can_see_detail(round.organisation_id) or is_participant(
        user=request.user, round=round
    )


def _profile_edit_url(request: AuthenticatedRequest, round: Round) -> str:
    if not scope_for(request.user).can_write(round.profile.organisation_id):
        return ""
    return reverse("competences:profile_edit", args=[round.profile_id])


@login_required
@require_GET
def matrix(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round = round_get_for_user(user=request.user, pk=pk, aggregate=True)
    full = may_see_people(user=request.user, round=round)
    data = round_matrix(round=round)
    sort = normalise_sort(request.GET.get("sort"))
    page = Paginator(range(len(data.people)), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    columns = cast(range, page.object_list)  # a page of a range is a range
    context = context_for(data, full=full, sort=sort, columns=columns)
    if full:
        _audit_viewed(request, round, view="matrix")
    context.update(
        round=round,
        heading=_("Competence matrix: %(title)s") % {"title": round.title},
        round_link=_round_link(request, round),
        people_page=page if full else None,
        sort_direction=SORT_DIRECTION.get(sort, ""),
        spider=team_spider(data) if context["visible"] else None,
        profile_edit_url=_profile_edit_url(request, round),
        may_manage=may_manage_round(user=request.user, round=round),
    )
    return render(request, "competences/matrix/matrix.html", context)


@login_required
@require_GET
def matrix_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404
    round = round_get_for_user(user=request.user, pk=pk, aggregate=True)
    full = may_see_people(user=request.user, round=round)
    data = round_matrix(round=round)
    if not (full or data.shareable):
        raise Http404
    if full:
        _audit_viewed(request, round, view="export")
    if fmt == "xlsx":
        content = exports.matrix_xlsx(data, full=full)
    else:
        content = exports.matrix_pdf(data, full=full)
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    name = slugify(round.title) or "round"
    response["Content-Disposition"] = f'attachment; filename="matrix-{name}-{round.pk}.{fmt}"'
    return response


@login_required
@require_GET
def person(request: AuthenticatedRequest, pk: int, person_pk: int) -> HttpResponse:
    round = round_get_for_user(user=request.user, pk=pk)
    assessed = person_get_for_user(user=request.user, round=round, pk=person_pk)
    leader = may_see_people(user=request.user, round=round)
    ratings = person_ratings(round=round, person=assessed, submitted_only=not leader)
    if leader and assessed.pk != request.user.pk:
        _audit_viewed(request, round, view="person", person=assessed.pk, target=assessed.email)
    name = assessed.full_name or assessed.email
    own_page = assessed.pk == request.user.pk
    context = {
        "round": round,
        "heading": _("Your ratings") if own_page else _("Ratings of %(name)s") % {"name": name},
        "round_link": True,
        "person": assessed,
        "ratings": ratings,
        "own_page": own_page,
        "leader": leader,
        "spider": person_spider(ratings),
        "points": [r for r in ratings if r.conversation_point],
        "assess_own_url": reverse(
            "competences:assess", args=[round.pk, Assessment.Kind.SELF.value, assessed.pk]
        )
        if round.is_open and round.self_assessment and own_page
        else "",
    }
    return render(request, "competences/matrix/person.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def needs(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    writing = request.method == "POST"
    round = round_get_for_user(user=request.user, pk=pk, aggregate=True, write=writing)
    full = may_see_people(user=request.user, round=round)
    data = round_matrix(round=round)
    visible = full or data.shareable
    editable = visible and may_manage_round(user=request.user, round=round)
    if writing and not editable:
        raise PermissionDenied
    lines = need_lines(data) if visible else []
    bound: NeedPriorityForm | None = None
    bound_pk = None
    error = ""
    if writing:
        line = next(
            (x for x in lines if str(x.row.competence.pk) == request.POST.get("competence")), None
        )
        if line is None:
            error = _("Choose a need from the list to set its priority.")
        else:
            bound_pk = line.row.competence.pk
            bound = NeedPriorityForm(request.POST, prefix=f"need-{bound_pk}")
            if bound.is_valid():
                need_priority_set(
                    by=request.user,
                    round=round,
                    competence=line.row.competence,
                    horizon=bound.cleaned_data["horizon"],
                    note=bound.cleaned_data["note"],
                )
                messages.success(
                    request,
                    _("The priority of %(name)s is saved.") % {"name": line.row.competence.name},
                )
                return redirect(f"{reverse('competences:needs', args=[round.pk])}#need-{bound_pk}")
    forms = {}
    if editable:
        for line in lines:
            competence_pk = line.row.competence.pk
            priority = line.row.priority
            forms[competence_pk] = (
                bound
                if bound is not None and competence_pk == bound_pk
                else NeedPriorityForm(
                    prefix=f"need-{competence_pk}",
                    initial={"horizon": priority.horizon, "note": priority.note}
                    if priority
                    else {},
                )
            )
    context = {
        "round": round,
        "heading": _("Ranked needs: %(title)s") % {"title": round.title},
        "round_link": _round_link(request, round),
        "matrix": data,
        "visible": visible,
        "editable": editable,
        "items": [(line, forms.get(line.row.competence.pk)) for line in lines],
        "error": error,
        "rule_text": rule_in_words(data.rule),
        "levels_text": levels_in_words(round),
    }
    return render(request, "competences/matrix/needs.html", context)


def _round_choice(rounds: list[Round], form: CompareRoundsForm) -> tuple[Round, Round]:
    by_pk = {r.pk: r for r in rounds}
    before, after = rounds[-2] if len(rounds) > 1 else rounds[-1], rounds[-1]
    if form.is_bound and form.is_valid():
        before, after = by_pk[form.cleaned_data["before"]], by_pk[form.cleaned_data["after"]]
    return before, after


@login_required
@require_GET
def development(request: AuthenticatedRequest, profile_pk: int) -> HttpResponse:
    rounds = list(
        rounds_for_user(user=request.user).filter(profile_id=profile_pk).order_by("opened_at", "pk")
    )
    if not rounds:
        raise Http404
    form = CompareRoundsForm(
        request.GET if {"before", "after"} & request.GET.keys() else None, rounds=rounds
    )
    before, after = _round_choice(rounds, form)
    if not form.is_bound:
        form = CompareRoundsForm(initial={"before": before.pk, "after": after.pk}, rounds=rounds)
    first, second = round_matrix(round=before), round_matrix(round=after)
    hidden = [
        m.round
        for m in (first, second)
        if not (m.shareable or may_see_people(user=request.user, round=m.round))
    ]
    later = {row.competence.pk: row.figures.team_median for row in second.rows}
    rows = [
        (row.competence, row.figures.team_median, later.get(row.competence.pk))
        for row in first.rows
    ]
    changes = [
        (competence, a, b, b - a if a is not None and b is not None else None)
        for competence, a, b in rows
    ]
    context = {
        "profile": before.profile,
        "rounds": rounds,
        "form": form,
        "before": before,
        "after": after,
        "hidden": hidden,
        "enough_rounds": len(rounds) > 1,
        "changes": changes,
        "spider": None
        if hidden
        else development_spider(rows, before=before.title, after=after.title),
    }
    return render(request, "competences/matrix/development.html", context)
