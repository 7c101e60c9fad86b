"""Mapping: the conversation guide per municipality with its tagged challenges, the
compilation that counts them in all and per region, the theme decision, and the
deep-mapping checklist with its points and each municipality's answers."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from trinvis.indicators.tests.factories import make_area
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    ChallengeTag,
    DeepMappingAnswer,
    DeepMappingItem,
    MappingConversation,
    ThemeDecision,
)
from trinvis.programmes.selectors_mapping import compilation_of, compile_counts
from trinvis.programmes.services_mapping import challenges_named
from trinvis.programmes.tests.factories_mapping import (
    candidate_a,
    make_answer,
    make_candidate,
    make_conversation,
    make_point,
    make_programme,
    make_tag,
    more_candidates,
)

State = DeepMappingAnswer.State


@pytest.fixture
def programme(world: World) -> AgencyProgramme:
    return make_programme(world.agency)


@pytest.fixture
def candidate(world: World, programme: AgencyProgramme) -> Candidate:
    return candidate_a(programme, world.municipality_a)


def _conversation_url(candidate: Candidate) -> str:
    return reverse("programmes:mapping_conversation", args=[candidate.pk])


def _answers_url(candidate: Candidate) -> str:
    return reverse("programmes:mapping_answers", args=[candidate.pk])


def _guide(**fields: object) -> dict[str, object]:
    return {
        "base_version": 0,
        "held_on": "2025-03-04",
        "participants": "Refugee service, adult education, jobcentre",
        "about_programme": "Language first, then work practice.",
        "figures": "42 % in work or education right after.",
        "own_view": "Too slow into work.",
        "causes": "Few employers involved.",
        "needs_ahead": "Work-oriented paths.",
        "notes": "",
        "new_challenges": "",
        **fields,
    }


# --- the conversation ------------------------------------------------------------------------


def test_a_facilitator_records_a_conversation_with_challenges_ticked_and_typed(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    courses = make_tag(programme, "Language courses")
    make_tag(programme, "Housing")
    response = client_of(world.fiona).post(
        _conversation_url(candidate),
        _guide(
            challenges=[courses.pk],
            new_challenges="Few employers,  few EMPLOYERS , language COURSES,, Long waits ",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:mapping", args=[programme.pk]) + (
        "#municipalities"
    )
    conversation = MappingConversation.objects.get(candidate=candidate)
    assert conversation.version == 1
    assert conversation.recorded_by == world.fiona
    assert conversation.causes == "Few employers involved."
    assert sorted(tag.name for tag in conversation.challenges.all()) == [
        "Few employers",
        "Language courses",
        "Long waits",
    ]
    assert ChallengeTag.objects.filter(programme=programme).count() == 4


def test_typed_challenges_match_the_existing_ones_whatever_their_capitals(
    world: World, programme: AgencyProgramme
) -> None:
    existing = make_tag(programme, "Few employers")
    other = make_programme(world.agency, name="Another programme")
    make_tag(other, "Long waits")
    tags = challenges_named(
        programme=programme, names=["FEW  employers", "long waits", "Long Waits", " "]
    )
    assert tags[0] == existing
    assert [tag.name for tag in tags] == ["Few employers", "long waits"]
    assert tags[1].programme == programme


def test_the_form_shows_the_guiding_questions(
    world: World, client_of, candidate: Candidate
) -> None:
    response = client_of(world.fiona).get(_conversation_url(candidate))
    assert response.status_code == 200
    assert "What pulls the results up, and what holds them back" in response.content.decode()
    assert "Tell the municipality why you are asking" in response.content.decode()


def test_a_second_save_on_the_same_version_is_a_conflict_that_keeps_the_input(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    client_of(world.fiona).post(_conversation_url(candidate), _guide(causes="Fiona's view"))
    response = client_of(world.admin).post(
        _conversation_url(candidate), _guide(causes="Ada's view", new_challenges="Housing")
    )
    assert response.status_code == 200
    assert response.context["conflict"] is True
    assert response.context["form"]["causes"].value() == "Ada's view"
    assert response.context["form"]["base_version"].value() == "1"
    conversation = MappingConversation.objects.get(candidate=candidate)
    assert conversation.causes == "Fiona's view"
    assert not ChallengeTag.objects.filter(programme=programme).exists()
    again = client_of(world.admin).post(
        _conversation_url(candidate), _guide(base_version=1, causes="Ada's view")
    )
    assert again.status_code == 302
    conversation.refresh_from_db()
    assert (conversation.causes, conversation.version) == ("Ada's view", 2)


def test_the_municipality_reads_its_conversation_but_does_not_write_it(
    world: World, client_of, candidate: Candidate
) -> None:
    make_conversation(candidate, challenges=("Few employers",))
    alice = client_of(world.alice)
    response = alice.get(_conversation_url(candidate))
    assert response.status_code == 200
    assert "form" not in response.context
    assert "Few employers" in response.content.decode()
    assert alice.post(_conversation_url(candidate), _guide(base_version=1)).status_code == 403
    assert client_of(world.charlie).get(_conversation_url(candidate)).status_code == 404


def test_a_municipality_not_taking_part_is_not_mapped(
    world: World, client_of, programme: AgencyProgramme
) -> None:
    suggested = make_candidate(
        programme, make_area("DK", "101", "Suggested"), status=Candidate.Status.SUGGESTED
    )
    assert client_of(world.fiona).get(_conversation_url(suggested)).status_code == 404
    assert client_of(world.fiona).get(_answers_url(suggested)).status_code == 404


# --- the index -------------------------------------------------------------------------------


def test_the_index_shows_each_municipality_with_the_state_of_its_conversation(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    other, preparing = more_candidates(programme, 2)
    make_conversation(candidate, challenges=("Few employers",))
    make_conversation(preparing, held_on=None)
    make_candidate(programme, make_area("DK", "102", "Removed"), status=Candidate.Status.REMOVED)
    response = client_of(world.fiona).get(reverse("programmes:mapping", args=[programme.pk]))
    page = response.content.decode()
    assert [c.pk for c in response.context["candidates"]] == [candidate.pk, other.pk, preparing.pk]
    assert "Held on" in page and "Not held yet" in page and "Being prepared" in page
    assert "Removed" not in page
    assert "Few employers: 1 municipality" in page


def test_the_municipality_sees_only_its_own_row_and_no_counts(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    other = more_candidates(programme, 1)[0]
    make_conversation(other, challenges=("Few employers",))
    response = client_of(world.alice).get(reverse("programmes:mapping", args=[programme.pk]))
    assert response.status_code == 200
    assert [c.pk for c in response.context["candidates"]] == [candidate.pk]
    assert response.context["compilation"] is None
    assert "Few employers" not in response.content.decode()


def test_the_index_costs_the_same_queries_for_many_municipalities(
    world: World,
    client_of,
    programme: AgencyProgramme,
    candidate: Candidate,
    django_assert_max_num_queries,
) -> None:
    url = reverse("programmes:mapping", args=[programme.pk])
    fiona = client_of(world.fiona)
    make_conversation(candidate, challenges=("Few employers",))
    with django_assert_max_num_queries(15) as few:
        fiona.get(url)
    for other in more_candidates(programme, 12):
        make_conversation(other, challenges=("Few employers", "Long waits"))
    with django_assert_max_num_queries(len(few)):
        assert fiona.get(url).status_code == 200


# --- the compilation -------------------------------------------------------------------------


def test_counts_are_per_municipality_in_all_and_per_region() -> None:
    compilation = compile_counts(
        named={1: ["a", "b", "a"], 2: ["a"], 3: ["b"], 4: []},
        region_of={1: "North", 2: "South", 3: "South", 4: "North"},
        challenges=["a", "b", "unused"],
    )
    assert compilation.regions == ("North", "South")
    assert compilation.conversations == 4
    assert compilation.conversations_per_region == (2, 2)
    assert [(row.name, row.total, row.per_region) for row in compilation.rows] == [
        ("a", 2, (1, 1)),
        ("b", 2, (1, 1)),
        ("unused", 0, (0, 0)),
    ]
    assert [row.name for row in compilation.named] == ["a", "b"]


def test_the_region_is_the_region_above_the_municipality_or_else_its_country(
    world: World, programme: AgencyProgramme, candidate: Candidate
) -> None:
    b = make_candidate(
        programme, make_area("NO", "4601", "Municipality B"), organisation=world.municipality_b
    )
    danish = make_candidate(programme, make_area("DK", "103", "Outside the tree"))
    norwegian = more_candidates(programme, 1)[0]
    make_conversation(candidate, challenges=("Few employers", "Long waits"))
    make_conversation(b, challenges=("Few employers",))
    make_conversation(danish, challenges=("Few employers",))
    make_conversation(norwegian, challenges=("Long waits",))
    more_candidates(programme, 2)  # no conversation: not counted
    compilation = compilation_of(programme)
    assert compilation.regions == (
        "Denmark, no region",
        "Norway, no region",
        "Region DK",
        "Region NO",
    )
    assert compilation.conversations == 4
    rows = {row.name: (row.total, row.per_region) for row in compilation.rows}
    assert rows == {"Few employers": (3, (1, 0, 1, 1)), "Long waits": (2, (0, 1, 1, 0))}


def test_the_compilation_page_draws_the_counts_with_a_table_and_a_summary(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    make_conversation(candidate, challenges=("Few employers",))
    make_conversation(more_candidates(programme, 1)[0], challenges=("Few employers", "Housing"))
    response = client_of(world.fiona).get(
        reverse("programmes:mapping_compilation", args=[programme.pk])
    )
    figure = response.context["figure"]
    assert figure.rows[0] == ("Few employers", ["2 (100 %)", "1 (100 %)", "1 (100 %)"])
    assert figure.columns[0] == "All municipalities (n=2)"
    assert "“Few employers” by 2 of 2" in figure.summary
    assert [series.name for series in figure.chart.series] == [
        "All municipalities (n=2)",
        "Norway, no region (n=1)",
        "Region DK (n=1)",
    ]
    assert 'data-chart="challenges-chart-spec"' in response.content.decode()


def test_the_compilation_downloads_as_csv(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    make_conversation(candidate, challenges=("=Few employers",))
    response = client_of(world.fiona).get(
        reverse("programmes:mapping_compilation_csv", args=[programme.pk])
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Challenge", "All municipalities", "Region DK"],
        ["Municipalities with a mapping conversation", "1", "1"],
        ["'=Few employers", "1", "1"],
    ]


def test_the_compilation_is_for_those_who_run_the_programme(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    for name in ("programmes:mapping_compilation", "programmes:mapping_compilation_csv"):
        url = reverse(name, args=[programme.pk])
        assert client_of(world.alice).get(url).status_code == 404
        assert client_of(world.charlie).get(url).status_code == 404


def test_the_compilation_costs_the_same_queries_for_many_municipalities(
    world: World,
    client_of,
    programme: AgencyProgramme,
    candidate: Candidate,
    django_assert_num_queries,
) -> None:
    url = reverse("programmes:mapping_compilation", args=[programme.pk])
    fiona = client_of(world.fiona)
    make_conversation(candidate, challenges=("Few employers",))
    with CaptureQueriesContext(connection) as few:
        fiona.get(url)
    make_candidate(
        programme, make_area("NO", "4601", "Municipality B"), organisation=world.municipality_b
    )
    for other in [*more_candidates(programme, 12), *Candidate.objects.filter(area__code="4601")]:
        make_conversation(other, challenges=("Few employers", "Long waits"))
    with django_assert_num_queries(len(few)):
        assert fiona.get(url).status_code == 200


# --- the theme -------------------------------------------------------------------------------


def test_the_theme_is_decided_with_its_reasoning_beside_the_counts(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    make_conversation(candidate, challenges=("Few employers",))
    url = reverse("programmes:mapping_theme", args=[programme.pk])
    fiona = client_of(world.fiona)
    page = fiona.get(url)
    assert [row.name for row in page.context["leading"]] == ["Few employers"]
    refused = fiona.post(url, {"base_version": 0, "theme": "Work-oriented paths", "reasoning": ""})
    assert refused.status_code == 200
    assert "reasoning" in refused.context["form"].errors
    saved = fiona.post(
        url,
        {"base_version": 0, "theme": " Work-oriented  paths ", "reasoning": "Named by most."},
    )
    assert saved.status_code == 302
    decision = ThemeDecision.objects.get(programme=programme)
    assert (decision.theme, decision.reasoning, decision.version) == (
        "Work-oriented paths",
        "Named by most.",
        1,
    )
    conflict = client_of(world.admin).post(
        url, {"base_version": 0, "theme": "Language", "reasoning": "Other"}
    )
    assert conflict.context["conflict"] is True
    assert conflict.context["form"]["theme"].value() == "Language"
    decision.refresh_from_db()
    assert decision.theme == "Work-oriented paths"


def test_the_municipality_sees_the_theme_but_not_the_reasoning(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    ThemeDecision.objects.create(programme=programme, theme="Work first", reasoning="Secret")
    page = client_of(world.alice).get(reverse("programmes:mapping", args=[programme.pk]))
    assert "Work first" in page.content.decode()
    assert "Secret" not in page.content.decode()
    url = reverse("programmes:mapping_theme", args=[programme.pk])
    assert client_of(world.alice).get(url).status_code == 403


# --- checklist points ------------------------------------------------------------------------


def test_points_are_added_changed_and_moved(
    world: World, client_of, programme: AgencyProgramme
) -> None:
    fiona = client_of(world.fiona)
    for text in ("Employers take part", "Language alongside work", "Mentors at work"):
        response = fiona.post(
            reverse("programmes:mapping_point_create", args=[programme.pk]), {"text": text}
        )
        assert response.status_code == 302
    first, second, third = DeepMappingItem.objects.filter(programme=programme)
    assert [first.position, second.position, third.position] == [1, 2, 3]
    fiona.post(reverse("programmes:mapping_point_edit", args=[first.pk]), {"text": "Employers"})
    fiona.post(reverse("programmes:mapping_point_move", args=[third.pk]), {"direction": "up"})
    fiona.post(reverse("programmes:mapping_point_move", args=[third.pk]), {"direction": "up"})
    fiona.post(reverse("programmes:mapping_point_move", args=[third.pk]), {"direction": "up"})
    fiona.post(reverse("programmes:mapping_point_move", args=[second.pk]), {"direction": "down"})
    texts = list(
        DeepMappingItem.objects.filter(programme=programme)
        .order_by("position")
        .values_list("text", flat=True)
    )
    assert texts == ["Mentors at work", "Employers", "Language alongside work"]
    empty = fiona.post(
        reverse("programmes:mapping_point_create", args=[programme.pk]), {"text": "   "}
    )
    assert empty.status_code == 200


def test_a_point_is_deleted_until_a_municipality_has_answered_it(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    unanswered = make_point(programme, "Unanswered")
    answered = make_point(programme, "Answered")
    only_unknown = make_point(programme, "Unknown without a note")
    make_answer(answered, candidate, state=State.NEEDS_IMPROVEMENT)
    make_answer(only_unknown, candidate, state=State.UNKNOWN)
    fiona = client_of(world.fiona)
    page = fiona.get(reverse("programmes:mapping_point_delete", args=[answered.pk]))
    assert page.context["answered"] == 1
    refused = fiona.post(
        reverse("programmes:mapping_point_delete", args=[answered.pk]), follow=True
    )
    assert "1 municipality has answered this point" in refused.content.decode()
    fiona.post(reverse("programmes:mapping_point_delete", args=[unanswered.pk]))
    fiona.post(reverse("programmes:mapping_point_delete", args=[only_unknown.pk]))
    assert list(DeepMappingItem.objects.filter(programme=programme)) == [answered]


def test_points_are_written_only_by_those_who_run_the_programme(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    point = make_point(programme)
    alice = client_of(world.alice)
    assert (
        alice.post(reverse("programmes:mapping_point_edit", args=[point.pk]), {}).status_code == 403
    )
    assert (
        alice.post(
            reverse("programmes:mapping_point_create", args=[programme.pk]), {"text": "x"}
        ).status_code
        == 403
    )
    charlie = client_of(world.charlie)
    assert charlie.get(reverse("programmes:mapping_point_edit", args=[point.pk])).status_code == 404
    assert (
        alice.get(reverse("programmes:mapping_checklist", args=[programme.pk])).status_code == 404
    )


# --- a municipality's answers ----------------------------------------------------------------


def _answers(*points: tuple[DeepMappingItem, str, str, int]) -> dict[str, object]:
    data: dict[str, object] = {}
    for point, state, note, version in points:
        data.update(
            {f"state_{point.pk}": state, f"note_{point.pk}": note, f"version_{point.pk}": version}
        )
    return data


def test_the_municipality_fills_in_its_checklist(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    employers = make_point(programme, "Employers take part")
    mentors = make_point(programme, "Mentors at work")
    response = client_of(world.alice).post(
        _answers_url(candidate),
        _answers(
            (employers, State.NEEDS_IMPROVEMENT, "Only two so far", 0),
            (mentors, State.UNKNOWN, "", 0),
        ),
    )
    assert response.status_code == 302
    answer = DeepMappingAnswer.objects.get(candidate=candidate)
    assert (answer.item, answer.state, answer.note, answer.version) == (
        employers,
        State.NEEDS_IMPROVEMENT,
        "Only two so far",
        1,
    )
    # Saving the same again changes nothing, and keeps the version.
    client_of(world.fiona).post(
        _answers_url(candidate),
        _answers(
            (employers, State.NEEDS_IMPROVEMENT, "Only two so far", 1),
            (mentors, State.IN_PLACE, "", 0),
        ),
    )
    answer.refresh_from_db()
    assert answer.version == 1
    assert DeepMappingAnswer.objects.get(item=mentors).state == State.IN_PLACE


def test_a_changed_answer_is_a_conflict_naming_the_point_and_nothing_is_saved(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    employers = make_point(programme, "Employers take part")
    mentors = make_point(programme, "Mentors at work")
    make_answer(employers, candidate, state=State.IN_PLACE, note="Three employers")
    response = client_of(world.fiona).post(
        _answers_url(candidate),
        _answers(
            (employers, State.NEEDS_IMPROVEMENT, "", 0),
            (mentors, State.IN_PLACE, "Yes", 0),
        ),
    )
    assert response.status_code == 200
    assert [(point, answer.note) for point, answer in response.context["changed"]] == [
        (employers, "Three employers")
    ]
    assert response.context["form"][f"version_{employers.pk}"].value() == "1"
    assert response.context["form"][f"note_{mentors.pk}"].value() == "Yes"
    assert "Someone else changed some answers" in response.content.decode()
    assert not DeepMappingAnswer.objects.filter(item=mentors).exists()


def test_answers_are_read_by_the_municipality_and_hidden_from_others(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    make_point(programme)
    assert client_of(world.alice).get(_answers_url(candidate)).status_code == 200
    assert client_of(world.charlie).get(_answers_url(candidate)).status_code == 404
    assert client_of(world.charlie).post(_answers_url(candidate), {}).status_code == 404


def test_the_grid_sums_up_each_point(
    world: World, client_of, programme: AgencyProgramme, candidate: Candidate
) -> None:
    first, second = more_candidates(programme, 2)
    point = make_point(programme)
    make_answer(point, candidate, state=State.IN_PLACE)
    make_answer(point, first, state=State.NEEDS_IMPROVEMENT, note="Few contacts")
    response = client_of(world.fiona).get(
        reverse("programmes:mapping_checklist", args=[programme.pk])
    )
    summary = response.context["grid"].summary[0]
    assert (summary.in_place, summary.needs_improvement, summary.unknown) == (1, 1, 1)
    assert "Few contacts" in response.content.decode()
    assert [cells[0] for _candidate, cells in response.context["grid"].rows][2] is None
    assert second in [row[0] for row in response.context["grid"].rows]


def test_the_grid_costs_the_same_queries_for_many_municipalities(
    world: World,
    client_of,
    programme: AgencyProgramme,
    candidate: Candidate,
    django_assert_num_queries,
) -> None:
    points = [make_point(programme, f"Point {number}") for number in range(3)]
    make_answer(points[0], candidate)
    url = reverse("programmes:mapping_checklist", args=[programme.pk])
    fiona = client_of(world.fiona)
    with CaptureQueriesContext(connection) as few:
        fiona.get(url)
    for other in more_candidates(programme, 10):
        for point in points:
            make_answer(point, other, state=State.NEEDS_IMPROVEMENT)
    with django_assert_num_queries(len(few)):
        assert fiona.get(url).status_code == 200
