"""Writing plans and rows: the rules a form cannot promise, version checks, order, enrolment."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import World, add_member, make_user
from trinvis.competences.models import NeedPriority
from trinvis.competences.tests.factories import make_profile, make_round
from trinvis.learning.models import EducationPlan, Enrolment, PlanRow, Status
from trinvis.learning.services import plans as services
from trinvis.learning.tests.factories_catalogue import make_activity, make_principle
from trinvis.learning.tests.factories_plans import (
    add_row,
    make_plan,
    need,
    plan_a,
    prioritised_round,
)
from trinvis.organisations.models import Membership

RowInput = services.RowInput


def _positions(plan: EducationPlan) -> list[tuple[int, str]]:
    return list(plan.rows.order_by("position").values_list("position", "purpose"))


def test_a_plan_answers_a_round_in_its_own_line_of_the_tree(world: World) -> None:
    round = prioritised_round(world)  # team A's round
    plan = services.plan_create(
        by=world.alice,
        organisation=world.municipality_a,
        data=services.PlanInput(title=" Plan 2027 ", period="2027", round=round),
    )
    assert (plan.title, plan.round, plan.created_by) == ("Plan 2027", round, world.alice)
    other = make_round(
        profile=make_profile(world.municipality_b),
        organisation=world.unit_b_nav,
        people=[world.charlie],
        by=world.admin,
    )
    with pytest.raises(ValidationError) as refused:
        services.plan_create(
            by=world.alice,
            organisation=world.unit_a_language,
            data=services.PlanInput(title="Language plan", round=other),
        )
    assert "round" in refused.value.error_dict
    # Team A's round fits neither a sibling unit's plan.
    with pytest.raises(ValidationError):
        services.plan_create(
            by=world.alice,
            organisation=world.unit_a_language,
            data=services.PlanInput(title="Language plan", round=round),
        )
    assert EducationPlan.objects.count() == 1


def test_changing_the_round_unlinks_the_former_rounds_needs(world: World) -> None:
    plan = plan_a(world)
    row = plan.rows.get()
    saved, removed = services.plan_update(
        by=world.alice,
        plan=plan,
        base_version=plan.version,
        data=services.PlanInput(title="Renamed", round=None),
    )
    assert (saved.title, saved.version, removed) == ("Renamed", plan.version + 1, 1)
    assert not row.needs.exists()
    with pytest.raises(services.PlanConflict):
        services.plan_update(
            by=world.alice, plan=plan, base_version=plan.version, data=services.PlanInput("Old")
        )
    assert EducationPlan.objects.get().title == "Renamed"


def test_a_row_is_added_last_with_its_people_needs_and_effort(world: World) -> None:
    plan = plan_a(world)
    round = plan.round
    assert round is not None
    colleague = make_user("dora@example.org", "Dora Colleague")
    add_member(colleague, world.team_a, Membership.Role.EMPLOYEE)
    version = plan.version
    row = services.row_create(
        by=world.alice,
        plan=plan,
        data=RowInput(
            people=[world.bob, colleague],
            purpose="  Case law\r\nin practice ",
            activity=make_activity(world.municipality_a, title="Case law"),
            needs=[need(round, 1), need(round, 2)],
            principle=make_principle(world.municipality_a),
            responsible=world.alice,
            schedule="May",
            effort_before=Decimal("2.5"),
            effort_during=Decimal(3),
            effort_after=Decimal(5),
        ),
    )
    assert row.position == 2
    assert row.purpose == "Case law\nin practice"
    assert set(row.people.all()) == {world.bob, colleague}
    assert row.needs.count() == 2
    assert row.effort_before == Decimal("2.5")
    plan.refresh_from_db()
    assert plan.version == version + 1


def test_a_row_refuses_choices_outside_the_plan_and_saves_nothing(world: World) -> None:
    plan = plan_a(world)
    other_round = make_round(
        profile=make_profile(world.municipality_a, name="Other profile"),
        organisation=world.team_a,
        people=[world.bob],
        by=world.alice,
        title="Other round",
    )
    foreign_need = NeedPriority.objects.create(
        round=other_round,
        competence=other_round.profile.competences.all()[0],
        horizon=NeedPriority.Horizon.SHORT,
    )
    with pytest.raises(ValidationError) as refused:
        services.row_create(
            by=world.alice,
            plan=plan,
            data=RowInput(
                people=[world.charlie],
                activity=make_activity(world.municipality_b, title="Bergen's course"),
                needs=[foreign_need],
                principle=make_principle(world.municipality_b),
                responsible=world.charlie,
                effort_before=Decimal(-1),
            ),
        )
    assert set(refused.value.error_dict) == {
        "people",
        "activity",
        "needs",
        "principle",
        "responsible",
        "effort_before",
    }
    assert plan.rows.count() == 1


def test_a_need_not_prioritised_and_an_empty_row_are_refused(world: World) -> None:
    plan = plan_a(world)
    assert plan.round is not None
    with pytest.raises(ValidationError) as refused:
        services.row_create(
            by=world.alice, plan=plan, data=RowInput(purpose="", needs=[need(plan.round, 3)])
        )
    assert set(refused.value.error_dict) == {"needs", "purpose"}


def test_a_principle_of_the_organisation_above_may_be_followed(world: World) -> None:
    plan = make_plan(world.team_a)
    row = services.row_create(
        by=world.alice,
        plan=plan,
        data=RowInput(purpose="Anchoring", principle=make_principle(world.municipality_a)),
    )
    assert row.principle is not None


def test_a_stale_row_edit_is_a_conflict_that_writes_nothing(world: World) -> None:
    row = plan_a(world).rows.get()
    services.row_update(
        by=world.alice,
        row=row,
        base_version=row.version,
        data=RowInput(purpose="First", people=[world.bob]),
    )
    with pytest.raises(services.PlanConflict) as conflict:
        services.row_update(
            by=world.alice, row=row, base_version=row.version, data=RowInput(purpose="Second")
        )
    assert conflict.value.current.version == row.version + 1
    row.refresh_from_db()
    assert row.purpose == "First"
    assert list(row.people.all()) == [world.bob]


def test_a_person_who_left_stays_in_the_row_through_an_edit(world: World) -> None:
    row = plan_a(world).rows.get()
    Membership.objects.filter(user=world.bob).update(is_active=False)
    row = services.row_update(
        by=world.alice,
        row=row,
        base_version=row.version,
        data=RowInput(purpose="Still bob", people=[world.bob], activity=row.activity),
    )
    assert list(row.people.all()) == [world.bob]


def test_rows_move_and_delete_keep_positions_dense_and_check_the_plans_version(
    world: World,
) -> None:
    plan = make_plan(world.team_a)
    first, second, third = (add_row(plan, purpose=name) for name in ("A", "B", "C"))
    plan.refresh_from_db()
    services.row_move(by=world.alice, row=third, plan_version=plan.version, up=True)
    assert _positions(plan) == [(1, "A"), (2, "C"), (3, "B")]
    # The page the user moved from is now stale.
    with pytest.raises(services.PlanConflict):
        services.row_move(by=world.alice, row=first, plan_version=plan.version, up=False)
    assert _positions(plan) == [(1, "A"), (2, "C"), (3, "B")]
    plan.refresh_from_db()
    services.row_move(by=world.alice, row=first, plan_version=plan.version, up=True)
    assert _positions(plan) == [(1, "A"), (2, "C"), (3, "B")]
    services.row_delete(by=world.alice, row=first, base_version=first.version)
    assert _positions(plan) == [(1, "C"), (2, "B")]
    second.refresh_from_db()
    with pytest.raises(services.PlanConflict):
        services.row_delete(by=world.alice, row=second, base_version=second.version - 1)
    assert PlanRow.objects.filter(pk=second.pk).exists()


def test_enrolling_a_row_is_idempotent_and_keeps_what_people_wrote(
    world: World, django_capture_on_commit_callbacks
) -> None:
    row = plan_a(world).rows.get()
    assert row.activity is not None
    colleague = make_user("dora@example.org", "Dora Colleague")
    add_member(colleague, world.team_a, Membership.Role.EMPLOYEE)
    Enrolment.objects.create(activity=row.activity, person=world.bob, reflections="My cases")
    row.people.add(colleague)
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.row_enrol(by=world.alice, row=row, base_version=row.version) == 1
    assert len(callbacks) == 1  # the procedure's reminder runs are queued after the commit
    assert services.row_enrol(by=world.alice, row=row, base_version=row.version) == 0
    enrolments = Enrolment.objects.filter(activity=row.activity)
    assert set(enrolments.values_list("person_id", flat=True)) == {world.bob.pk, colleague.pk}
    assert enrolments.get(person=world.bob).reflections == "My cases"
    assert enrolments.get(person=colleague).plan_row == row


def test_enrolling_needs_an_activity_people_a_live_row_and_the_version_seen(
    world: World,
) -> None:
    plan = make_plan(world.team_a)
    empty = add_row(plan, people=[world.bob])
    with pytest.raises(ValidationError):
        services.row_enrol(by=world.alice, row=empty, base_version=empty.version)
    cancelled = add_row(
        plan, activity=make_activity(world.team_a), people=[world.bob], status=Status.CANCELLED
    )
    with pytest.raises(ValidationError):
        services.row_enrol(by=world.alice, row=cancelled, base_version=cancelled.version)
    nobody = add_row(plan, activity=make_activity(world.team_a))
    with pytest.raises(ValidationError):
        services.row_enrol(by=world.alice, row=nobody, base_version=nobody.version)
    live = add_row(plan, activity=make_activity(world.team_a), people=[world.bob])
    with pytest.raises(services.PlanConflict):
        services.row_enrol(by=world.alice, row=live, base_version=live.version + 1)
    assert not Enrolment.objects.exists()


def test_deleting_a_plan_keeps_enrolments(world: World) -> None:
    plan = plan_a(world)
    row = plan.rows.get()
    services.row_enrol(by=world.alice, row=row, base_version=row.version)
    with pytest.raises(services.PlanConflict):
        services.plan_delete(by=world.alice, plan=plan, base_version=plan.version + 1)
    services.plan_delete(by=world.alice, plan=plan, base_version=plan.version)
    assert not EducationPlan.objects.exists()
    assert Enrolment.objects.get().plan_row is None
