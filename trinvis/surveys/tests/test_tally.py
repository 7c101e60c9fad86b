"""The kept figures of a survey's default results view (tally.py): always the figures a
fresh count gives, counted again only in part after new submissions and in full after a
deletion or a late commit, never for a purged survey, and a page whose queries do not grow
with the responses."""

import dataclasses
import datetime
import threading
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trinvis.surveys import retention, selectors, tally
from trinvis.surveys.models import Question, Response, Survey, SurveyTally
from trinvis.surveys.results import survey_results
from trinvis.surveys.services_responses import response_delete
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey

# The default results page's queries before the figures were kept, with a text question's
# answers listed (measured on the code of then: session, user, memberships, survey,
# questions, responses counted twice, invitations, answers counted twice, municipalities
# meeting, the municipalities' names, texts counted and listed).
PAGE_QUERIES_BEFORE = 17


def _fresh(survey: Survey) -> tuple[selectors.Aggregates, int]:
    return selectors.aggregates(survey=survey), selectors.response_counts(survey=survey)[0]


def _assert_current(survey: Survey, kept: tally.Tally) -> None:
    counted, responses = _fresh(survey)
    assert kept.aggregates == counted
    assert kept.responses == responses
    municipalities = Counter(
        selectors.submitted_responses(survey=survey)
        .filter(municipality__isnull=False)
        .values_list("municipality", flat=True)
    )
    assert kept.municipalities == dict(municipalities)


def _submitted_later(survey: Survey, people: list[dict[str, Any]]) -> list[Response]:
    """New responses, submitted after every one before (whatever the clock's resolution)."""
    latest = selectors.submitted_responses(survey=survey).order_by("-submitted_at").first()
    responses = add_responses(survey, people)
    if latest is not None and latest.submitted_at is not None:
        later = latest.submitted_at + datetime.timedelta(seconds=1)
        Response.objects.filter(pk__in=[r.pk for r in responses]).update(submitted_at=later)
    return responses


@pytest.fixture
def survey(world) -> Survey:
    survey = make_survey(organisation=world.agency)
    municipalities = [world.municipality_a, world.municipality_b]
    add_responses(survey, generated(30, municipalities=municipalities))
    return survey


def test_first_view_counts_everything_and_keeps_it(survey: Survey) -> None:
    first = tally.survey_tally(survey=survey)
    assert (first.path, first.counted) == (tally.COUNTED, 30)
    _assert_current(survey, first)
    row = SurveyTally.objects.get(survey=survey)
    assert row.responses == 30
    assert (
        row.last_submitted
        == selectors.submitted_responses(survey=survey).latest("submitted_at").submitted_at
    )

    again = tally.survey_tally(survey=survey)
    assert (again.path, again.counted) == (tally.KEPT, 0)
    assert again == tally.Tally(first.aggregates, 30, first.municipalities, tally.KEPT, 0)


def test_new_submissions_are_counted_alone_and_added(world, survey: Survey) -> None:
    tally.survey_tally(survey=survey)
    _submitted_later(survey, generated(7, seed=11, municipalities=[world.municipality_b]))
    added = tally.survey_tally(survey=survey)
    assert (added.path, added.counted) == (tally.ADDED, 7)
    _assert_current(survey, added)
    assert SurveyTally.objects.get(survey=survey).responses == 37
    assert tally.survey_tally(survey=survey).path == tally.KEPT


def test_a_deleted_response_counts_everything_again(world, survey: Survey) -> None:
    tally.survey_tally(survey=survey)
    response = selectors.submitted_responses(survey=survey).order_by("pk")[3]
    Response.objects.filter(pk=response.pk).update(user=world.fiona)
    response.refresh_from_db()
    response_delete(by=world.fiona, response=response)
    assert not SurveyTally.objects.filter(survey=survey).exists()
    again = tally.survey_tally(survey=survey)
    assert (again.path, again.counted) == (tally.COUNTED, 29)
    _assert_current(survey, again)


def test_a_draft_submitted_late_counts_everything_again(survey: Survey) -> None:
    """Submitted (its time taken) before the last view, committed after it."""
    (draft,) = add_responses(survey, generated(1, seed=3), submitted=False)
    tally.survey_tally(survey=survey)
    earlier = SurveyTally.objects.get(survey=survey).last_submitted
    assert earlier is not None
    Response.objects.filter(pk=draft.pk).update(submitted_at=earlier - datetime.timedelta(1))
    _submitted_later(survey, generated(2, seed=4))
    again = tally.survey_tally(survey=survey)
    assert (again.path, again.counted) == (tally.COUNTED, 33)
    _assert_current(survey, again)


def test_a_deletion_and_a_late_commit_do_not_cancel_out(world, survey: Survey) -> None:
    """A view that counted before a deletion committed keeps its figures after it (the
    deletion dropped the tally before); a late commit then brings the number back and the
    latest submission stays: the ids tell the responses apart."""
    (draft,) = add_responses(survey, generated(1, seed=5), submitted=False)
    tally.survey_tally(survey=survey)
    row = SurveyTally.objects.get(survey=survey)
    gone = selectors.submitted_responses(survey=survey).order_by("pk").first()
    assert gone is not None and row.last_submitted is not None
    Response.objects.filter(pk=gone.pk).update(user=world.fiona)
    gone.refresh_from_db()
    response_delete(by=world.fiona, response=gone)
    Response.objects.filter(pk=draft.pk).update(
        submitted_at=row.last_submitted - datetime.timedelta(hours=1)
    )
    row.save(force_insert=True)  # the slower view's figures, kept after the deletion
    again = tally.survey_tally(survey=survey)
    assert again.responses == row.responses
    assert (again.path, again.counted) == (tally.COUNTED, 30)
    _assert_current(survey, again)


def test_multiple_choice_counts_distinct_respondents_and_numbers_sum_as_decimals(
    world,
) -> None:
    survey = make_survey(organisation=world.agency)
    first: list[dict[str, Any]] = [
        {"goals_set": ["labour", "language"], "years": Decimal("2.5")},
        {"goals_set": ["labour"], "years": 4},
    ]
    later: list[dict[str, Any]] = [
        {"goals_set": ["labour", "language", "other"], "years": Decimal("0.25")},
        {"goals_set": None, "years": None},
    ]
    add_responses(survey, first)
    tally.survey_tally(survey=survey)
    _submitted_later(survey, later)
    added = tally.survey_tally(survey=survey)
    assert added.path == tally.ADDED
    _assert_current(survey, added)
    questions = {q.key: q.pk for q in Question.objects.filter(questionnaire=survey.questionnaire)}
    goals, years = (questions["goals_set"], None), (questions["years"], None)
    assert added.aggregates.respondents[goals] == 3
    assert added.aggregates.options[goals] == {"labour": 3, "language": 2, "other": 1}
    numbers = added.aggregates.numbers[years]
    assert (numbers.count, numbers.total) == (3, Decimal("6.75"))
    assert isinstance(numbers.total, Decimal)
    # Kept as text, read back exactly.
    assert tally.survey_tally(survey=survey).aggregates.numbers[years] == numbers


def test_an_empty_survey_then_its_first_responses(world) -> None:
    survey = make_survey(organisation=world.agency)
    empty = tally.survey_tally(survey=survey)
    assert (empty.responses, empty.path) == (0, tally.COUNTED)
    _assert_current(survey, empty)
    add_responses(survey, generated(3))
    counted = tally.survey_tally(survey=survey)
    assert counted.responses == 3
    _assert_current(survey, counted)


def test_a_purged_survey_reads_its_kept_figures_and_no_tally(world, survey: Survey) -> None:
    before = survey_results(survey=survey, use_tally=True)
    assert SurveyTally.objects.filter(survey=survey).exists()
    retention.survey_purge(survey=survey, by=world.fiona)  # deletes the tally too
    survey.refresh_from_db()
    after = survey_results(survey=survey, use_tally=True)
    assert not SurveyTally.objects.filter(survey=survey).exists()
    assert after.municipality_ids is None
    assert [t.total for t in after.questions] == [t.total for t in before.questions]
    with pytest.raises(ValueError, match="purged"):
        tally.survey_tally(survey=survey)


def test_results_of_the_default_view_are_those_of_a_fresh_count(world, survey: Survey) -> None:
    counted = survey_results(survey=survey, use_tally=True)  # counts and keeps
    kept = survey_results(survey=survey, use_tally=True)  # reads the kept figures
    assert SurveyTally.objects.filter(survey=survey).exists()
    SurveyTally.objects.filter(survey=survey).delete()
    assert kept == counted
    assert kept.municipality_ids is not None
    assert set(kept.municipality_ids) == {world.municipality_a.pk, world.municipality_b.pk}
    # A breakdown or a filter is counted as before, without the kept figures.
    assert survey_results(survey=survey, by="role", use_tally=True).municipality_ids is None
    where = {"role": "leader"}
    assert survey_results(survey=survey, where=where, use_tally=True).municipality_ids is None
    # Every figure, every hidden cell as without the kept figures (other callers).
    assert dataclasses.replace(kept, municipality_ids=None) == survey_results(survey=survey)
    assert not SurveyTally.objects.filter(survey=survey).exists()


def test_a_failed_write_never_fails_the_view(survey: Survey, monkeypatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    monkeypatch.setattr(SurveyTally.objects, "bulk_create", refuse)
    counted = tally.survey_tally(survey=survey)
    _assert_current(survey, counted)
    assert not SurveyTally.objects.filter(survey=survey).exists()


def test_a_tally_replaced_meanwhile_is_not_overwritten(world, survey: Survey) -> None:
    """Two views at once: the one that writes second finds another row than it read."""
    tally.survey_tally(survey=survey)
    _submitted_later(survey, generated(2, seed=8))
    newer = tally.survey_tally(survey=survey)  # the other view, done first
    row = SurveyTally.objects.get(survey=survey)
    old = tally.Fingerprint(30, None, 0)  # what the slower view had read
    tally._store(survey, old, tally.Fingerprint(31, timezone.now(), 1), {"stale": True})
    assert SurveyTally.objects.get(survey=survey).data == row.data
    assert newer.responses == 32


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("submit"), st.integers(1, 4)),
            st.tuples(st.just("late"), st.integers(0, 5)),
            st.tuples(st.just("delete"), st.integers(0, 50)),
            st.tuples(st.just("view"), st.just(0)),
        ),
        max_size=12,
    ),
    seed=st.integers(0, 1000),
)
def test_any_interleaving_keeps_the_figures_of_a_fresh_count(world, steps, seed) -> None:
    survey = make_survey(organisation=world.agency)
    municipalities = [world.municipality_a, world.municipality_b]
    add_responses(survey, generated(4, seed=seed, municipalities=municipalities))
    drafts = add_responses(survey, generated(3, seed=seed + 1), submitted=False)
    for number, (step, value) in enumerate(steps):
        if step == "submit":
            _submitted_later(survey, generated(value, seed=seed + number + 2))
        elif step == "late" and drafts:
            draft = drafts.pop(value % len(drafts))
            first = selectors.submitted_responses(survey=survey).order_by("submitted_at").first()
            when = first.submitted_at if first and first.submitted_at else timezone.now()
            Response.objects.filter(pk=draft.pk).update(submitted_at=when)
        elif step == "delete":
            submitted = list(selectors.submitted_responses(survey=survey).order_by("pk"))
            if submitted:
                gone = submitted[value % len(submitted)]
                Response.objects.filter(pk=gone.pk).update(user=world.fiona)
                gone.refresh_from_db()
                response_delete(by=world.fiona, response=gone)
        else:
            _assert_current(survey, tally.survey_tally(survey=survey))
    _assert_current(survey, tally.survey_tally(survey=survey))


def _page_queries(client: Any, survey: Survey) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/surveys/{survey.pk}/results/").status_code == 200
    return len(queries)


def test_default_page_queries_do_not_grow_with_responses(world, client_of) -> None:
    client = client_of(world.fiona)
    small = make_survey(organisation=world.agency, title="small")
    add_responses(small, generated(30, municipalities=[world.municipality_a]))
    large = make_survey(organisation=world.agency, title="large")
    people = generated(120, municipalities=[world.municipality_a, world.municipality_b])
    add_responses(large, people)
    _page_queries(client, small)  # the first views count and keep
    _page_queries(client, large)
    kept = _page_queries(client, small)
    assert _page_queries(client, large) == kept
    assert kept <= PAGE_QUERIES_BEFORE - 2
    _submitted_later(large, generated(20, seed=2))
    # The view after new submissions counts them in a transaction of its own (its
    # savepoints are queries here), then keeps the sum: a fixed number of queries more.
    added = _page_queries(client, large)
    _submitted_later(large, generated(40, seed=3))
    assert _page_queries(client, large) == added
    assert _page_queries(client, large) == kept


# --- outside a test's transaction: the counting's own ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_counting_in_its_own_transaction(world) -> None:
    """As in a view: the counting opens its transaction (REPEATABLE READ on PostgreSQL) and
    leaves the connection as it found it."""
    survey = make_survey(organisation=world.agency)
    add_responses(survey, generated(10, municipalities=[world.municipality_a]))
    assert tally.survey_tally(survey=survey).path == tally.COUNTED
    assert connection.get_autocommit() and not connection.in_atomic_block
    _submitted_later(survey, generated(3, seed=9))
    added = tally.survey_tally(survey=survey)
    assert (added.path, added.counted) == (tally.ADDED, 3)
    _assert_current(survey, added)
    gone = selectors.submitted_responses(survey=survey).order_by("pk").first()
    assert gone is not None
    Response.objects.filter(pk=gone.pk).update(user=world.fiona)
    gone.refresh_from_db()
    response_delete(by=world.fiona, response=gone)
    again = tally.survey_tally(survey=survey)
    assert again.path == tally.COUNTED
    _assert_current(survey, again)
    assert tally.survey_tally(survey=survey).path == tally.KEPT


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
@pytest.mark.django_db(transaction=True)
def test_a_submission_between_the_counts_queries_is_counted_once(world) -> None:
    """A response committed while a view counts (after it read the fingerprint, before it
    read the answers) is not in the figures kept, so the next view adds it once."""
    survey = make_survey(organisation=world.agency)
    add_responses(survey, generated(10, municipalities=[world.municipality_a]))
    fired: list[int] = []

    def submit_meanwhile(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if "surveys_answer" in sql and not fired:
            fired.append(1)

            def submit() -> None:
                try:
                    _submitted_later(survey, generated(2, seed=12))
                finally:
                    connection.close()

            thread = threading.Thread(target=submit)
            thread.start()
            thread.join(timeout=30)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(submit_meanwhile):
        first = tally.survey_tally(survey=survey)
    assert fired
    assert first.responses == 10
    assert SurveyTally.objects.get(survey=survey).responses == 10
    added = tally.survey_tally(survey=survey)
    assert (added.path, added.counted) == (tally.ADDED, 2)
    _assert_current(survey, added)
