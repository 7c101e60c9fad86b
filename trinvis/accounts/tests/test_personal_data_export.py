"""What a person's download holds: everything about them, nothing about anyone else, in a
fixed number of queries however much there is."""

import datetime
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from trinvis.accounts.personal_data.export import (
    personal_data,
    personal_data_json,
    personal_data_pdf,
    personal_data_pdf_html,
)
from trinvis.accounts.personal_data.mentions import mentions_of_person
from trinvis.accounts.personal_data.sources import SOURCES
from trinvis.accounts.tests.factories_personal_data import (
    BOBS_ANSWER,
    BOBS_COMMENT,
    bob_with_data,
)
from trinvis.learning.models import LearningPreferences
from trinvis.learning.tests.factories_personal import make_entry

NOW = datetime.datetime(2026, 5, 4, 12, 30, tzinfo=datetime.UTC)


def _document(person) -> dict:
    sections = personal_data(person=person, language="en")
    return json.loads(personal_data_json(person=person, sections=sections, exported_at=NOW))


def test_json_has_every_section_under_its_fixed_key_even_when_empty(world):
    document = _document(world.charlie)

    assert document["format"] == "trinvis-personal-data"
    assert document["version"] == 1
    assert document["exported_at"] == "2026-05-04T12:30:00Z"
    assert list(document["sections"]) == [source.key for source in SOURCES]
    assert document["sections"]["logbook"]["rows"] == []
    assert document["sections"]["account"]["rows"][0]["email"] == "charlie@example.org"


def test_json_holds_the_persons_records_with_iso_dates(world):
    bob_with_data(world, entries=3)

    sections = _document(world.bob)["sections"]

    logbook = sections["logbook"]["rows"]
    assert sorted(row["what_happened"] for row in logbook) == [
        "Logbook entry 0",
        "Logbook entry 1",
        "Logbook entry 2",
    ]
    assert logbook[-1]["date"] == timezone.localdate().isoformat()
    assert sections["logbook"]["fields"]["what_happened"] == "what happened"
    ratings = sections["competence_ratings"]["rows"]
    assert len(ratings) == 10  # five competences, rated by bob and by alice
    assert {row["comment"] for row in ratings} == {BOBS_COMMENT}
    assert sections["learning_goals"]["rows"][0]["what_to_learn"].startswith("Motivational")
    assert sections["motivation_checks"]["rows"][0]["meaning"] == 5
    assert sections["follow_ups"]["rows"][0]["leader"] == "Alice Leader"
    assert sections["course_enrolments"]["rows"][0]["purpose"].startswith("Bring the employer")
    assert sections["workshop_participation"]["rows"][0]["email"] == "bob@example.org"
    assert sections["memberships"]["rows"][0]["organisation"] == "Team A"


def test_survey_answers_are_those_of_the_persons_own_responses_only(world):
    bob_with_data(world)

    sections = _document(world.bob)["sections"]

    assert len(sections["survey_responses"]["rows"]) == 1
    texts = [row["text"] for row in sections["survey_answers"]["rows"] if row["text"]]
    assert texts == [BOBS_ANSWER]
    questions = {row["question_key"]: row["question"] for row in sections["survey_answers"]["rows"]}
    assert questions["useful"] == "The workshops were useful"


def test_nothing_of_anyone_else_is_in_the_download(world):
    bob_with_data(world)

    text = personal_data_json(
        person=world.bob, sections=personal_data(person=world.bob), exported_at=NOW
    ).decode()

    assert "Charlie's own entry" not in text
    assert "Said by" not in text  # the colleagues' survey answers
    assert "From the open link" not in text


def test_the_calendar_key_hash_is_never_exported(world):
    bob_with_data(world)
    stored = LearningPreferences.objects.get(person=world.bob).calendar_token
    assert stored

    document = _document(world.bob)
    text = json.dumps(document)

    assert stored not in text
    (row,) = document["sections"]["learning_preferences"]["rows"]
    assert set(row) == {"reminders_off", "calendar_feed", "updated_at"}
    assert row["calendar_feed"] is True


def test_who_opened_the_persons_records_is_in_the_download(world, client_of):
    bob_with_data(world)
    goal = world.bob.learning_goals.get()
    response = client_of(world.alice).get(reverse("learning:goal_detail", args=[goal.pk]))
    assert response.status_code == 200

    about = _document(world.bob)["sections"]["audit_about"]["rows"]

    assert [row["actor_label"] for row in about] == ["alice@example.org"]
    assert about[0]["action"] == "learning_records_viewed"


def _queries(person) -> int:
    with CaptureQueriesContext(connection) as context:
        personal_data(person=person)
    return len(context)


def test_the_number_of_queries_does_not_grow_with_the_data(world):
    small = _queries(world.bob)
    bob_with_data(world, entries=40)
    for number in range(20):
        make_entry(world.bob, text=f"More {number}")

    assert _queries(world.bob) == small == len(SOURCES)


def test_pdf_is_a_printed_document_with_the_sections(world):
    bob_with_data(world)
    sections = personal_data(person=world.bob)

    html = personal_data_pdf_html(person=world.bob, sections=sections, exported_at=NOW)
    pdf = personal_data_pdf(person=world.bob, sections=sections, exported_at=NOW)

    assert pdf.startswith(b"%PDF")
    assert "<h2>Logbook (2)</h2>" in html
    assert "Logbook entry 1" in html
    assert "Self-assessment" in html or "Leader assessment" in html  # options in words
    assert BOBS_COMMENT in html


def test_pdf_counts_other_peoples_texts_that_name_the_person_without_printing_them(world):
    make_entry(world.alice, text="Talked with Bob Employee about the course")

    html = personal_data_pdf_html(
        person=world.bob,
        sections=personal_data(person=world.bob),
        exported_at=NOW,
        mentions=mentions_of_person(person=world.bob),
    )

    assert "<h2>Other people's texts that name you</h2>" in html
    assert "<tr><td>Logbook entries</td><td>1</td></tr>" in html
    assert "about the course" not in html


def test_pdf_headings_follow_the_readers_language(world):
    bob_with_data(world)
    with translation.override("da"):
        sections = personal_data(person=world.bob)
        html = personal_data_pdf_html(person=world.bob, sections=sections, exported_at=NOW)

    assert '<html lang="da">' in html
    assert ">Hvad skete der</th>" in html  # the logbook's column, from the model's catalogue


def test_a_long_section_prints_as_paragraphs_with_the_empty_values_left_out(world, monkeypatch):
    monkeypatch.setattr("trinvis.accounts.personal_data.export.COMPACT_FROM", 2)
    bob_with_data(world, entries=3)
    sections = personal_data(person=world.bob)

    html = personal_data_pdf_html(person=world.bob, sections=sections, exported_at=NOW)

    assert '<p class="record">' in html
    assert "what happened: Logbook entry 2" in html
    assert "activity: –" not in html
