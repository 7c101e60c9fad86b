"""Follow-up: the conversation with each municipality after each workshop (planned, held,
overdue; agreed items with their status, carried over to the conversation after the next
workshop), and the internal note per workshop with the items counted beside it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.programmes.models import (
    AgreedItem,
    Candidate,
    FollowUpConversation,
    InternalNote,
    Workshop,
)
from trinvis.programmes.selectors_follow_up import ItemCounts, follow_up_overview
from trinvis.programmes.services_follow_up import (
    ConversationInput,
    FollowUpConflict,
    ItemInput,
    conversation_save,
)
from trinvis.programmes.tests.factories_follow_up import make_conversation, make_note
from trinvis.programmes.tests.factories_workshops import (
    candidate_of,
    make_programme,
    make_workshop,
    other_candidate,
    programme_of,
)

Progress = AgreedItem.Progress
TODAY = timezone.localdate()
WEEK = datetime.timedelta(days=7)


@pytest.fixture
def workshop(world: World) -> Workshop:
    """Workshop 1, held two months ago."""
    return make_workshop(programme_of(world), number=1, starts_on=TODAY - 8 * WEEK)


@pytest.fixture
def second(world: World, workshop: Workshop) -> Workshop:
    """Workshop 2, a week ago."""
    return make_workshop(workshop.programme, number=2, starts_on=TODAY - WEEK)


@pytest.fixture
def candidate(world: World) -> Candidate:
    return candidate_of(world)


def _url(workshop: Workshop, candidate: Candidate) -> str:
    return reverse("programmes:follow_up_conversation", args=[workshop.pk, candidate.pk])


def _index(workshop: Workshop) -> str:
    return reverse("programmes:follow_up", args=[workshop.programme_id])


def _form(**fields: object) -> dict[str, object]:
    base = {
        "base_version": 0,
        "planned_for": "",
        "held_on": "",
        "notes": "",
        **{f"new_{n}_{name}": "" for n in (1, 2, 3) for name in ("text", "note")},
        **{f"new_{n}_progress": Progress.NOT_STARTED for n in (1, 2, 3)},
    }
    return {**base, **fields}


def _item_fields(item: AgreedItem, **fields: object) -> dict[str, object]:
    prefix = f"item_{item.pk}"
    return {
        f"{prefix}_text": item.text,
        f"{prefix}_progress": item.progress,
        f"{prefix}_note": item.note,
        **{f"{prefix}_{name}": value for name, value in fields.items()},
    }


# --- the overview ----------------------------------------------------------------------------


def test_the_overview_shows_each_municipality_after_each_workshop(
    world: World, client_of, workshop: Workshop, second: Workshop, candidate: Candidate
) -> None:
    town = other_candidate(world)
    make_conversation(
        workshop,
        candidate,
        planned_for=TODAY - 6 * WEEK,
        held_on=TODAY - 6 * WEEK,
        items=[("Map the jobs", Progress.DONE), ("Language and practice", Progress.UNDER_WAY)],
    )
    make_conversation(workshop, town, planned_for=TODAY - WEEK)  # passed, not held
    make_conversation(second, candidate, planned_for=TODAY + WEEK)
    response = client_of(world.fiona).get(_index(workshop))
    assert response.status_code == 200
    html = response.content.decode()
    assert "After workshop 1" in html and "After workshop 2" in html
    assert "2 items: 1 under way, 1 done" in html
    assert "Overdue: planned for" in html
    assert "Not planned" in html  # the town after workshop 2
    assert "1 of 2 conversations held." in html and "1 is overdue." in html
    assert reverse("programmes:follow_up_note", args=[workshop.pk]) in html
    assert reverse("programmes:dashboard", args=[workshop.programme_id]) in html


def test_a_municipality_sees_only_its_own_conversations(
    world: World, client_of, workshop: Workshop, candidate: Candidate
) -> None:
    town = other_candidate(world)
    make_conversation(workshop, candidate, items=[("Map the jobs", Progress.DONE)])
    for user in (world.alice, world.bob):
        html = client_of(user).get(_index(workshop)).content.decode()
        assert str(candidate.area) in html
        assert str(town.area) not in html
        assert reverse("programmes:follow_up_note", args=[workshop.pk]) not in html
        assert reverse("programmes:dashboard", args=[workshop.programme_id]) not in html


def test_people_outside_the_programme_get_404(
    world: World, client_of, workshop: Workshop, candidate: Candidate
) -> None:
    make_conversation(workshop, candidate)
    charlie = client_of(world.charlie)
    assert charlie.get(_index(workshop)).status_code == 404
    assert charlie.get(_url(workshop, candidate)).status_code == 404
    assert charlie.post(_url(workshop, candidate), _form()).status_code == 404


def test_a_workshop_of_another_programme_or_a_municipality_not_taking_part_is_404(
    world: World, client_of, workshop: Workshop, candidate: Candidate
) -> None:
    elsewhere = make_workshop(make_programme(world.agency, name="Another programme"))
    fiona = client_of(world.fiona)
    assert fiona.get(_url(elsewhere, candidate)).status_code == 404
    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.REMOVED)
    assert fiona.get(_url(workshop, candidate)).status_code == 404


# --- a conversation --------------------------------------------------------------------------


def test_planning_a_conversation_creates_it(
    world: World, client_of, workshop: Workshop, candidate: Candidate
) -> None:
    fiona = client_of(world.fiona)
    page = fiona.get(_url(workshop, candidate))
    assert page.status_code == 200
    assert "Plan the day with the municipality" in page.content.decode()
    planned = TODAY + WEEK
    response = fiona.post(_url(workshop, candidate), _form(planned_for=planned.isoformat()))
    assert response.status_code == 302
    assert response["Location"] == f"{_index(workshop)}#workshop-1"
    conversation = FollowUpConversation.objects.get(candidate=candidate, after_workshop=workshop)
    assert conversation.planned_for == planned
    assert conversation.held_on is None
    assert conversation.version == 1
    assert conversation.recorded_by == world.fiona
    assert not conversation.items.exists()


def test_recording_the_conversation_with_items_status_and_notes(
    world: World, client_of, workshop: Workshop, candidate: Candidate
) -> None:
    fiona = client_of(world.fiona)
    held = (TODAY - WEEK).isoformat()
    response = fiona.post(
        _url(workshop, candidate),
        _form(
            held_on=held,
            notes="All three units took part.",
            new_1_text="  Map the   jobs in care ",
            new_1_progress=Progress.UNDER_WAY,
            new_1_note="With the jobcentre",
            new_2_text="Ask two employers for placements",
        ),
    )
    assert response.status_code == 302
    conversation = FollowUpConversation.objects.get(candidate=candidate, after_workshop=workshop)
    assert conversation.notes == "All three units took part."
    items = list(conversation.items.all())
    assert [(item.text, item.progress, item.note) for item in items] == [
        ("Map the jobs in care", Progress.UNDER_WAY, "With the jobcentre"),
        ("Ask two employers for placements", Progress.NOT_STARTED, ""),
    ]
    first, second_item = items
    response = fiona.post(
        _url(workshop, candidate),
        _form(
            base_version=1,
            held_on=held,
            notes="All three units took part.",
            **_item_fields(first, progress=Progress.DONE, note="Done in May"),
            **_item_fields(second_item, remove="on"),
        ),
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.progress, first.note, first.version) == (Progress.DONE, "Done in May", 2)
    assert not AgreedItem.objects.filter(pk=second_item.pk).exists()
    conversation.refresh_from_db()
    assert conversation.version == 2


def test_save_and_add_more_comes_back_to_empty_rows(
    world: World, client_of, workshop: Workshop, candidate: Candidate
) -> None:
    fiona = client_of(world.fiona)
    response = fiona.post(_url(workshop, candidate), _form(new_1_text="Map the jobs", more="1"))
    assert response["Location"] == f"{_url(workshop, candidate)}#new-items"
    page = fiona.get(_url(workshop, candidate)).content.decode()
    assert 'value="Map the jobs"' in page
    assert 'name="new_1_text"' in page


def test_an_item_needs_its_wording_unless_it_is_removed(
    world: World, client_of, workshop: Workshop, candidate: Candidate
) -> None:
    conversation = make_conversation(workshop, candidate, items=[("Map the jobs", Progress.DONE)])
    item = conversation.items.get()
    response = client_of(world.fiona).post(
        _url(workshop, candidate), _form(base_version=1, **_item_fields(item, text=" "))
    )
    assert response.status_code == 200
    assert "or tick “remove”" in response.content.decode()
    item.refresh_from_db()
    assert item.text == "Map the jobs"
    removed = client_of(world.fiona).post(
        _url(workshop, candidate),
        _form(base_version=1, **_item_fields(item, text="", remove="on")),
    )
    assert removed.status_code == 302
    assert not AgreedItem.objects.filter(pk=item.pk).exists()


def test_dates_must_follow_the_workshop_and_not_lie_ahead(
    world: World, client_of, workshop: Workshop, candidate: Candidate
) -> None:
    response = client_of(world.fiona).post(
        _url(workshop, candidate),
        _form(
            planned_for=(workshop.starts_on - WEEK).isoformat(),
            held_on=(TODAY + WEEK).isoformat(),
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "planned_for" in form.errors and "held_on" in form.errors
    assert not FollowUpConversation.objects.exists()


def test_items_carry_over_to_the_conversation_after_the_next_workshop(
    world: World, client_of, workshop: Workshop, second: Workshop, candidate: Candidate
) -> None:
    make_conversation(
        workshop,
        candidate,
        held_on=TODAY - 6 * WEEK,
        items=[("Map the jobs", Progress.DONE), ("Language and practice", Progress.UNDER_WAY)],
    )
    fiona = client_of(world.fiona)
    page = fiona.get(_url(second, candidate)).content.decode()
    assert "The items agreed after workshop 1 carry over" in page
    assert "Language and practice (under way)" in page
    response = fiona.post(
        _url(second, candidate),
        _form(planned_for=(TODAY + WEEK).isoformat(), new_1_text="Follow up the placements"),
    )
    assert response.status_code == 302
    later = FollowUpConversation.objects.get(candidate=candidate, after_workshop=second)
    assert [(item.text, item.progress) for item in later.items.all()] == [
        ("Map the jobs", Progress.DONE),
        ("Language and practice", Progress.UNDER_WAY),
        ("Follow up the placements", Progress.NOT_STARTED),
    ]
    copied = later.items.get(text="Language and practice")
    rows: dict[str, object] = {}
    for item in later.items.all():
        rows.update(_item_fields(item))
    rows.update(_item_fields(copied, progress=Progress.DONE))
    fiona.post(
        _url(second, candidate),
        _form(base_version=1, planned_for=(TODAY + WEEK).isoformat(), **rows),
    )
    copied.refresh_from_db()
    assert copied.progress == Progress.DONE
    earlier = AgreedItem.objects.get(
        conversation__after_workshop=workshop, text="Language and practice"
    )
    assert earlier.progress == Progress.UNDER_WAY  # the earlier record stays as it was
    # A second save of the later conversation copies nothing again.
    assert later.items.count() == 3


def test_a_conflict_writes_nothing_and_keeps_the_input(
    world: World, client_of, workshop: Workshop, candidate: Candidate
) -> None:
    conversation = make_conversation(workshop, candidate, items=[("Map the jobs", Progress.DONE)])
    item = conversation.items.get()
    # Someone else saves meanwhile and adds an item.
    conversation_save(
        by=world.admin,
        candidate=candidate,
        workshop=workshop,
        base_version=1,
        data=ConversationInput(
            planned_for=TODAY,
            notes="Theirs",
            items=[
                ItemInput(text=item.text, progress=item.progress, item=item),
                ItemInput(text="Their new item"),
            ],
        ),
    )
    response = client_of(world.fiona).post(
        _url(workshop, candidate),
        _form(base_version=1, notes="Mine", **_item_fields(item, note="My note")),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved the conversation while you were editing" in html
    assert "Mine" in html and "My note" in html  # the input is kept
    assert 'value="Their new item"' in html  # their item has its row now
    assert response.context["form"]["base_version"].value() == "2"
    conversation.refresh_from_db()
    assert conversation.notes == "Theirs"
    assert AgreedItem.objects.get(pk=item.pk).note == ""


def test_two_first_saves_are_a_conflict(
    world: World, workshop: Workshop, candidate: Candidate
) -> None:
    conversation_save(
        by=world.fiona,
        candidate=candidate,
        workshop=workshop,
        base_version=0,
        data=ConversationInput(planned_for=TODAY),
    )
    with pytest.raises(FollowUpConflict) as raised:
        conversation_save(
            by=world.admin,
            candidate=candidate,
            workshop=workshop,
            base_version=0,
            data=ConversationInput(planned_for=TODAY + WEEK),
        )
    assert raised.value.version == 1
    assert FollowUpConversation.objects.get().planned_for == TODAY


def test_items_of_another_conversation_are_refused(
    world: World, workshop: Workshop, second: Workshop, candidate: Candidate
) -> None:
    other = make_conversation(workshop, candidate, items=[("Map the jobs", Progress.DONE)])
    mine = make_conversation(second, candidate)
    with pytest.raises(ValidationError):
        conversation_save(
            by=world.fiona,
            candidate=candidate,
            workshop=second,
            base_version=mine.version,
            data=ConversationInput(
                items=[ItemInput(text="Hijacked", item=other.items.get())],
            ),
        )
    assert other.items.get().text == "Map the jobs"


def test_the_municipality_reads_its_conversation_and_may_not_write(
    world: World, client_of, workshop: Workshop, candidate: Candidate
) -> None:
    make_conversation(
        workshop,
        candidate,
        held_on=TODAY - WEEK,
        notes="Good progress.",
        items=[("Map the jobs", Progress.DONE)],
    )
    for user in (world.alice, world.bob):
        client = client_of(user)
        page = client.get(_url(workshop, candidate))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Good progress." in html and "Map the jobs" in html
        assert '<form method="post" class="trinvis-form"' not in html
        assert client.post(_url(workshop, candidate), _form(base_version=1)).status_code == 403
    assert FollowUpConversation.objects.get().notes == "Good progress."


# --- the internal note -----------------------------------------------------------------------


def _note_url(workshop: Workshop) -> str:
    return reverse("programmes:follow_up_note", args=[workshop.pk])


def test_the_note_is_written_with_the_items_counted_beside_it(
    world: World, client_of, workshop: Workshop, second: Workshop, candidate: Candidate
) -> None:
    town = other_candidate(world)
    make_conversation(
        workshop,
        candidate,
        held_on=TODAY - 6 * WEEK,
        items=[("Map the jobs", Progress.DONE), ("Language", Progress.UNDER_WAY)],
    )
    make_conversation(
        workshop, town, items=[("Employers", Progress.DONE), ("Mentors", Progress.DROPPED)]
    )
    fiona = client_of(world.fiona)
    page = fiona.get(_note_url(workshop))
    assert page.status_code == 200
    counts = page.context["follow_up"].counts
    assert counts == ItemCounts(not_started=0, under_way=1, done=2, dropped=1)
    html = page.content.decode()
    assert "1 of 2 conversations held." in html
    assert "to adjust workshop 2" in html
    response = fiona.post(
        _note_url(workshop), {"base_version": 0, "text": "Care works; language lags."}
    )
    assert response.status_code == 302
    note = InternalNote.objects.get(after_workshop=workshop)
    assert (note.text, note.version, note.written_by) == (
        "Care works; language lags.",
        1,
        world.fiona,
    )


def test_an_empty_note_is_refused_and_a_conflict_keeps_the_text(
    world: World, client_of, workshop: Workshop
) -> None:
    fiona = client_of(world.fiona)
    empty = fiona.post(_note_url(workshop), {"base_version": 0, "text": "  "})
    assert empty.status_code == 200 and empty.context["form"].errors
    make_note(workshop, text="Theirs")
    response = fiona.post(_note_url(workshop), {"base_version": 0, "text": "Mine"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved the note while you were writing" in html
    assert "Mine" in html and "Theirs" in html
    assert response.context["form"]["base_version"].value() == "1"
    assert InternalNote.objects.get().text == "Theirs"


def test_the_note_is_not_for_the_municipalities(
    world: World, client_of, workshop: Workshop
) -> None:
    make_note(workshop)
    for user in (world.alice, world.bob, world.charlie):
        client = client_of(user)
        assert client.get(_note_url(workshop)).status_code == 404
        assert client.post(_note_url(workshop), {"base_version": 1, "text": "x"}).status_code == 404
    assert InternalNote.objects.get().text == "Care works; language lags."


# --- query counts ----------------------------------------------------------------------------


def _municipalities_with_conversations(world: World, workshop: Workshop, count: int) -> None:
    for number in range(count):
        town = other_candidate(world, code=f"60{number:02d}", name=f"Town {number}")
        make_conversation(
            workshop,
            town,
            planned_for=TODAY - WEEK,
            items=[(f"Item {n}", Progress.UNDER_WAY) for n in range(3)],
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_do_not_grow_with_the_municipalities(
    world: World, client_of, workshop: Workshop, second: Workshop
) -> None:
    fiona = client_of(world.fiona)
    _municipalities_with_conversations(world, workshop, 1)
    few = (_queries(fiona, _index(workshop)), _queries(fiona, _note_url(workshop)))
    _municipalities_with_conversations(world, workshop, 12)
    _municipalities_with_conversations(world, second, 12)
    many = (_queries(fiona, _index(workshop)), _queries(fiona, _note_url(workshop)))
    assert many == few


def test_the_overview_costs_four_queries(
    world: World, django_assert_num_queries, workshop: Workshop, second: Workshop
) -> None:
    _municipalities_with_conversations(world, workshop, 5)
    with django_assert_num_queries(4):
        overview = follow_up_overview(
            programme=workshop.programme, user=world.fiona, runs=True, today=TODAY
        )
    assert [after.overdue for after in overview] == [5, 0]
