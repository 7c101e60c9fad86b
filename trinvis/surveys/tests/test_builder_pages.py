"""The builder's pages: a new questionnaire, the outline, the editor of questions and
sections, skip rules without expressions, moving and deleting, conflicts between two people,
the read-only state once a survey uses the questionnaire, the XLSForm export of what was
built, and answering it through the answer links."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from trinvis.surveys import builder
from trinvis.surveys.builder import Place, QuestionDraft, StatementDraft
from trinvis.surveys.definition import from_json
from trinvis.surveys.models import Answer, Question, Questionnaire, Response
from trinvis.surveys.services_responses import survey_create
from trinvis.surveys.tests.factories_distribution import invite_with_token
from trinvis.surveys.xlsform import Choice, QuestionType, parse_xlsform

TOKEN = "builder-test-token-0123456789abcdef"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start(world: World, languages: tuple[str, ...] = ("da", "en")) -> Questionnaire:
    return builder.questionnaire_start(
        by=world.alice,
        organisation=world.municipality_a,
        title="Kursusevaluering",
        languages=languages,
        default_language="da",
    )


def build(questionnaire: Questionnaire, change: builder.Change) -> Questionnaire:
    questionnaire.refresh_from_db()
    return builder.questionnaire_build(
        questionnaire=questionnaire, base_version=questionnaire.version, change=change
    )


def add(questionnaire: Questionnaire, draft: QuestionDraft, place: Place) -> str:
    made: list[str] = []

    def change(definition: Any) -> Any:
        changed, name = builder.question_put(definition, draft, place=place)
        made.append(name)
        return changed

    build(questionnaire, change)
    return made[0]


def definition_of(questionnaire: Questionnaire) -> Any:
    questionnaire.refresh_from_db()
    return from_json(questionnaire.definition)


def builder_url(questionnaire: Questionnaire) -> str:
    return reverse("surveys:builder", args=[questionnaire.pk])


def add_url(questionnaire: Questionnaire, kind: str, at: str = "") -> str:
    url = reverse("surveys:builder_add", args=[questionnaire.pk])
    return f"{url}?kind={kind}&at={at}" if at else f"{url}?kind={kind}"


def edit_url(questionnaire: Questionnaire, name: str) -> str:
    return reverse("surveys:builder_edit", args=[questionnaire.pk, name])


def formset(prefix: str, rows: list[dict[str, str]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


# --- a new questionnaire -------------------------------------------------------------------


def test_the_start_page_links_to_a_new_questionnaire(world: World) -> None:
    page = client_for(world.alice).get(reverse("surveys:index")).content.decode()
    assert reverse("surveys:builder_new") in page
    bob_page = client_for(world.bob).get(reverse("surveys:index")).content.decode()
    assert reverse("surveys:builder_new") not in bob_page


def test_a_new_questionnaire_is_empty_and_opens_the_builder(world: World) -> None:
    response = client_for(world.alice).post(
        reverse("surveys:builder_new"),
        {
            "title": "Evaluering af kurset",
            "organisation": world.municipality_a.pk,
            "languages": ["en", "da"],
            "default_language": "da",
        },
    )
    questionnaire = Questionnaire.objects.get(title="Evaluering af kurset")
    assert response.status_code == 302
    assert response["Location"] == builder_url(questionnaire)
    assert questionnaire.organisation == world.municipality_a
    assert questionnaire.created_by == world.alice
    definition = from_json(questionnaire.definition)
    assert definition.languages == ("da", "en")  # in a fixed order, not the order ticked
    assert definition.default_language == "da" and definition.items == ()
    page = client_for(world.alice).get(response["Location"]).content.decode()
    assert "No questions yet" in page


def test_the_default_language_must_be_one_of_the_languages(world: World) -> None:
    response = client_for(world.alice).post(
        reverse("surveys:builder_new"),
        {
            "title": "X",
            "organisation": world.municipality_a.pk,
            "languages": ["da"],
            "default_language": "en",
        },
    )
    assert response.status_code == 200
    assert "Choose one of the questionnaire&#x27;s languages." in response.content.decode()
    assert not Questionnaire.objects.filter(title="X").exists()


def test_an_employee_cannot_make_a_questionnaire(world: World) -> None:
    assert client_for(world.bob).get(reverse("surveys:builder_new")).status_code == 403


# --- the editor ------------------------------------------------------------------------------


def test_a_single_choice_question_is_added_with_its_options(world: World) -> None:
    questionnaire = start(world)
    client = client_for(world.alice)
    form = client.get(add_url(questionnaire, "single_choice"))
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="label_da"' in html and 'name="label_en"' in html
    assert 'lang="en"' in html
    response = client.post(
        add_url(questionnaire, "single_choice"),
        {
            "version": questionnaire.version,
            "kind": "single_choice",
            "type": "single_choice",
            "at": ":0",
            "label_da": "Er du leder eller medarbejder?",
            "label_en": "Are you a leader or an employee?",
            "required": "on",
            **formset(
                "option",
                [
                    {"label_da": "Leder", "label_en": "Leader"},
                    {"label_da": "Medarbejder", "label_en": "Employee", "name": "staff"},
                    {"label_da": "", "label_en": ""},
                ],
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert response["Location"].endswith("#item-er_du_leder_eller_medarbejder")
    definition = definition_of(questionnaire)
    question = next(definition.questions())
    assert question.required and question.type is QuestionType.SINGLE_CHOICE
    options = definition.choice_list(question.choice_list).choices
    assert [(c.name, c.labels["en"]) for c in options] == [
        ("leder", "Leader"),
        ("staff", "Employee"),
    ]
    assert questionnaire.version == 2
    assert Question.objects.filter(questionnaire=questionnaire).count() == 1


def test_the_default_language_text_is_required_and_errors_are_summarised(world: World) -> None:
    questionnaire = start(world)
    response = client_for(world.alice).post(
        add_url(questionnaire, "short_text"),
        {
            "version": questionnaire.version,
            "kind": "short_text",
            "type": "short_text",
            "at": ":0",
            "label_en": "Only English",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="ds-error-summary"' in html
    assert 'href="#id_label_da"' in html
    assert 'aria-invalid="true"' in html
    assert "Only English" in html  # what was typed is kept
    assert from_json(Questionnaire.objects.get(pk=questionnaire.pk).definition).items == ()


def test_a_likert_question_on_a_ready_scale_with_dont_know(world: World) -> None:
    questionnaire = start(world, ("da", "nb", "en"))
    response = client_for(world.alice).post(
        add_url(questionnaire, "likert"),
        {
            "version": questionnaire.version,
            "kind": "likert",
            "type": "likert",
            "at": ":0",
            "label_da": "Hvor tilfreds er du med kurset?",
            "scale": "satisfaction",
            "dont_know": "on",
        },
    )
    assert response.status_code == 302
    definition = definition_of(questionnaire)
    scale = definition.choice_lists[0]
    assert scale.is_likert and [c.scale_value for c in scale.choices] == [1, 2, 3, 4, 5, None]
    assert scale.choices[4].labels == {
        "da": "Meget tilfreds",
        "nb": "Svært fornøyd",
        "en": "Very satisfied",
    }
    row = Question.objects.get(questionnaire=questionnaire)
    assert row.kind == "likert"
    assert [choice["scale_value"] for choice in row.choices] == [1, 2, 3, 4, 5, None]


def test_a_matrix_of_statements_on_one_scale(world: World) -> None:
    questionnaire = start(world)
    response = client_for(world.alice).post(
        add_url(questionnaire, "matrix"),
        {
            "version": questionnaire.version,
            "kind": "matrix",
            "type": "matrix",
            "at": ":0",
            "label_da": "I hvilken grad passer udsagnene?",
            "scale": "agreement",
            **formset(
                "statement",
                [
                    {"label_da": "Underviseren kendte vores praksis", "required": "on"},
                    {"label_da": "Der var tid til øvelser"},
                ],
            ),
        },
    )
    assert response.status_code == 302
    keys = list(Question.objects.filter(questionnaire=questionnaire).values_list("key", "kind"))
    assert keys == [
        ("i_hvilken_grad_passer_udsagnene/underviseren_kendte_vores_praksis", "likert"),
        ("i_hvilken_grad_passer_udsagnene/der_var_tid_til_oevelser", "likert"),
    ]


def test_a_number_question_with_limits_tells_respondents_what_is_allowed(world: World) -> None:
    questionnaire = start(world, ("da",))
    client_for(world.alice).post(
        add_url(questionnaire, "integer"),
        {
            "version": questionnaire.version,
            "kind": "integer",
            "type": "integer",
            "at": ":0",
            "label_da": "Hvor mange deltog fra jeres enhed?",
            "minimum": "1",
            "maximum": "200",
        },
    )
    question = next(definition_of(questionnaire).questions())
    assert question.constraint == ". >= 1 and . <= 200"
    assert set(question.constraint_messages) == {"da"}
    # The editor shows the limits again, not the expression.
    html = client_for(world.alice).get(edit_url(questionnaire, question.name)).content.decode()
    assert 'name="minimum" value="1"' in html and 'name="maximum" value="200"' in html


def test_limits_the_wrong_way_round_are_refused(world: World) -> None:
    questionnaire = start(world, ("da",))
    response = client_for(world.alice).post(
        add_url(questionnaire, "decimal"),
        {
            "version": questionnaire.version,
            "kind": "decimal",
            "type": "decimal",
            "at": ":0",
            "label_da": "Timer",
            "minimum": "5",
            "maximum": "1",
        },
    )
    assert "The largest number is below the smallest." in response.content.decode()


def test_adding_an_option_row_keeps_what_was_typed(world: World) -> None:
    questionnaire = start(world, ("da",))
    response = client_for(world.alice).post(
        add_url(questionnaire, "multiple_choice"),
        {
            "version": questionnaire.version,
            "kind": "multiple_choice",
            "type": "multiple_choice",
            "at": ":0",
            "label_da": "Hvilke moduler tog du?",
            "action": "add_option",
            **formset("option", [{"label_da": "Modul 1"}, {"label_da": "Modul 2"}]),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="option-TOTAL_FORMS" value="3"' in html
    assert "Modul 2" in html and "Hvilke moduler tog du?" in html
    assert 'class="ds-error-summary"' not in html
    assert definition_of(questionnaire).items == ()


def test_changing_the_type_shows_its_fields_and_keeps_the_text(world: World) -> None:
    questionnaire = start(world, ("da",))
    response = client_for(world.alice).post(
        add_url(questionnaire, "short_text"),
        {
            "version": questionnaire.version,
            "kind": "short_text",
            "type": "likert",
            "at": ":0",
            "label_da": "Hvor nyttigt var det?",
            "action": "retype",
        },
    )
    html = response.content.decode()
    assert 'name="scale"' in html and "Hvor nyttigt var det?" in html
    assert 'name="kind" value="likert"' in html
    assert definition_of(questionnaire).items == ()


def test_change_the_type_with_the_type_unchanged_saves(world: World) -> None:
    """Enter in a field presses the form's first button, "Change the type"."""
    questionnaire = start(world, ("da",))
    response = client_for(world.alice).post(
        add_url(questionnaire, "short_text"),
        {
            "version": questionnaire.version,
            "kind": "short_text",
            "type": "short_text",
            "at": ":0",
            "label_da": "Navn på kurset",
            "action": "retype",
        },
    )
    assert response.status_code == 302
    assert next(definition_of(questionnaire).questions()).labels == {"da": "Navn på kurset"}


def test_editing_keeps_the_name_and_changes_the_text(world: World) -> None:
    questionnaire = start(world, ("da",))
    name = add(
        questionnaire, QuestionDraft(QuestionType.LONG_TEXT, {"da": "Kommentar"}), Place("", 0)
    )
    questionnaire.refresh_from_db()
    client = client_for(world.alice)
    html = client.get(edit_url(questionnaire, name)).content.decode()
    assert "Kommentar" in html and 'value="long_text" selected' in html
    response = client.post(
        edit_url(questionnaire, name),
        {
            "version": questionnaire.version,
            "kind": "long_text",
            "type": "long_text",
            "label_da": "Har du andre kommentarer?",
            "hint_da": "Skriv frit",
        },
    )
    assert response.status_code == 302
    question = next(definition_of(questionnaire).questions())
    assert question.name == name == "kommentar"
    assert question.labels == {"da": "Har du andre kommentarer?"}
    assert question.hints == {"da": "Skriv frit"}


def test_a_section_is_added_and_questions_go_inside(world: World) -> None:
    questionnaire = start(world, ("da",))
    client = client_for(world.alice)
    response = client.post(
        add_url(questionnaire, "section"),
        {"version": questionnaire.version, "kind": "section", "at": ":0", "label_da": "Om dig"},
    )
    assert response.status_code == 302
    questionnaire.refresh_from_db()
    add(
        questionnaire,
        QuestionDraft(QuestionType.SHORT_TEXT, {"da": "Din rolle"}),
        Place("om_dig", 0),
    )
    definition = definition_of(questionnaire)
    assert [(str(p), i.name) for p, i in builder.walk(definition.items)] == [
        (":0", "om_dig"),
        ("om_dig:0", "din_rolle"),
    ]
    page = client.get(builder_url(questionnaire)).content.decode()
    assert 'role="heading" aria-level="3">Om dig' in page
    assert "?at=om_dig:0#add" in page


# --- skip rules ------------------------------------------------------------------------------


def rule_questionnaire(world: World) -> Questionnaire:
    questionnaire = start(world, ("da", "en"))
    add(
        questionnaire,
        QuestionDraft(
            QuestionType.SINGLE_CHOICE,
            {"da": "Så du ændringer?", "en": "Did you see changes?"},
            required=True,
            choices=(
                Choice("ja", {"da": "Ja", "en": "Yes"}),
                Choice("nej", {"da": "Nej", "en": "No"}),
            ),
        ),
        Place("", 0),
    )
    add(questionnaire, QuestionDraft(QuestionType.LONG_TEXT, {"da": "Hvilke?"}), Place("", 1))
    questionnaire.refresh_from_db()
    return questionnaire


def test_show_only_if_an_earlier_question_is_an_option(world: World) -> None:
    questionnaire = rule_questionnaire(world)
    client = client_for(world.alice)
    html = client.get(edit_url(questionnaire, "hvilke")).content.decode()
    assert 'value="saa_du_aendringer"' in html  # the earlier question is offered
    response = client.post(
        edit_url(questionnaire, "hvilke"),
        {
            "version": questionnaire.version,
            "kind": "long_text",
            "type": "long_text",
            "label_da": "Hvilke?",
            "rule_question": "saa_du_aendringer",
            "rule_operator": "is",
            "rule_option": "ja",
        },
    )
    assert response.status_code == 302
    question = list(definition_of(questionnaire).questions())[1]
    assert question.relevant == "${saa_du_aendringer} = 'ja'"
    page = client.get(builder_url(questionnaire)).content.decode()
    assert "Shown only if “Did you see changes?” is “Yes”" in page


def test_the_first_question_offers_no_rule_and_later_ones_are_not_offered(world: World) -> None:
    questionnaire = rule_questionnaire(world)
    html = (
        client_for(world.alice).get(edit_url(questionnaire, "saa_du_aendringer")).content.decode()
    )
    assert "No question comes before this one" in html
    assert 'value="hvilke"' not in html


def test_a_condition_that_does_not_fit_the_question_is_explained(world: World) -> None:
    questionnaire = rule_questionnaire(world)
    response = client_for(world.alice).post(
        edit_url(questionnaire, "hvilke"),
        {
            "version": questionnaire.version,
            "kind": "long_text",
            "type": "long_text",
            "label_da": "Hvilke?",
            "rule_question": "saa_du_aendringer",
            "rule_operator": "at_least",
            "rule_option": "ja",
        },
    )
    html = response.content.decode()
    assert "Choose a condition that fits this question: is, is not." in html
    # The conditions shown are now only those of the chosen question.
    assert '<option value="includes"' not in html


def test_show_the_conditions_narrows_them_to_the_chosen_question(world: World) -> None:
    questionnaire = rule_questionnaire(world)
    response = client_for(world.alice).post(
        edit_url(questionnaire, "hvilke"),
        {
            "version": questionnaire.version,
            "kind": "long_text",
            "type": "long_text",
            "label_da": "Hvilke?",
            "rule_question": "saa_du_aendringer",
            "rule_shown_for": "",
            "action": "refresh",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="is_not">' in html and '<option value="at_least">' not in html
    assert 'name="rule_number"' not in html
    assert list(definition_of(questionnaire).questions())[1].relevant == ""


def test_a_hand_written_rule_is_kept_shown_and_can_be_removed(world: World) -> None:
    questionnaire = rule_questionnaire(world)
    expression = "${saa_du_aendringer} = 'ja' or string-length(${saa_du_aendringer}) > 5"

    def hand_written(definition: Any) -> Any:
        question = list(definition.questions())[1]
        draft = QuestionDraft(QuestionType.LONG_TEXT, question.labels, relevant=expression)
        return builder.question_put(definition, draft, name=question.name)[0]

    build(questionnaire, hand_written)
    questionnaire.refresh_from_db()
    client = client_for(world.alice)
    assert (
        "this hand-written rule holds:" in client.get(builder_url(questionnaire)).content.decode()
    )
    html = client.get(edit_url(questionnaire, "hvilke")).content.decode()
    assert 'name="remove_relevant"' in html and 'name="rule_question"' not in html
    data = {
        "version": questionnaire.version,
        "kind": "long_text",
        "type": "long_text",
        "label_da": "Hvilke ændringer?",
    }
    client.post(edit_url(questionnaire, "hvilke"), data)
    kept = list(definition_of(questionnaire).questions())[1]
    assert kept.labels == {"da": "Hvilke ændringer?"} and kept.relevant == expression
    client.post(
        edit_url(questionnaire, "hvilke"),
        {**data, "version": questionnaire.version, "remove_relevant": "on"},
    )
    assert list(definition_of(questionnaire).questions())[1].relevant == ""


def test_deleting_a_question_a_rule_uses_is_refused_with_the_reason(world: World) -> None:
    questionnaire = rule_questionnaire(world)

    def with_rule(definition: Any) -> Any:
        draft = QuestionDraft(
            QuestionType.LONG_TEXT, {"da": "Hvilke?"}, relevant="${saa_du_aendringer} = 'ja'"
        )
        return builder.question_put(definition, draft, name="hvilke")[0]

    build(questionnaire, with_rule)
    questionnaire.refresh_from_db()
    url = reverse("surveys:builder_delete", args=[questionnaire.pk, "saa_du_aendringer"])
    client = client_for(world.alice)
    # Texts in the reader's language (English here), else the default language.
    assert "Delete “Did you see changes?”?" in client.get(url).content.decode()
    response = client.post(url, {"version": questionnaire.version})
    assert response.status_code == 200
    assert "uses “Did you see changes?”, which would no longer be" in response.content.decode()
    assert len(list(definition_of(questionnaire).questions())) == 2


# --- moving, deleting, conflicts -------------------------------------------------------------


def test_move_and_delete_through_the_outline(world: World) -> None:
    questionnaire = rule_questionnaire(world)
    client = client_for(world.alice)
    page = client.get(builder_url(questionnaire)).content.decode()
    assert page.count(">Move up<") == 1 and page.count(">Move down<") == 1
    moved = client.post(
        reverse("surveys:builder_move", args=[questionnaire.pk, "hvilke"]),
        {"direction": "up", "version": questionnaire.version},
    )
    assert moved["Location"].endswith("#item-hvilke")
    assert [q.name for q in definition_of(questionnaire).questions()] == [
        "hvilke",
        "saa_du_aendringer",
    ]
    deleted = client.post(
        reverse("surveys:builder_delete", args=[questionnaire.pk, "hvilke"]),
        {"version": questionnaire.version},
    )
    assert deleted.status_code == 302
    assert [q.name for q in definition_of(questionnaire).questions()] == ["saa_du_aendringer"]


def test_deleting_a_section_can_keep_its_questions(world: World) -> None:
    questionnaire = start(world, ("da",))
    build(
        questionnaire,
        lambda d: builder.section_put(d, labels={"da": "Del 1"}, relevant="", place=Place("", 0))[
            0
        ],
    )
    add(questionnaire, QuestionDraft(QuestionType.SHORT_TEXT, {"da": "A"}), Place("del_1", 0))
    questionnaire.refresh_from_db()
    url = reverse("surveys:builder_delete", args=[questionnaire.pk, "del_1"])
    client = client_for(world.alice)
    assert 'name="contents"' in client.get(url).content.decode()
    client.post(url, {"version": questionnaire.version, "contents": "keep"})
    assert [i.name for i in definition_of(questionnaire).items] == ["a"]


def test_a_save_on_an_older_version_is_a_conflict_that_keeps_the_input(world: World) -> None:
    questionnaire = rule_questionnaire(world)
    opened_on = questionnaire.version
    # Someone else saves in between.
    add(questionnaire, QuestionDraft(QuestionType.SHORT_TEXT, {"da": "Ny"}), Place("", 2))
    data = {
        "version": opened_on,
        "kind": "long_text",
        "type": "long_text",
        "label_da": "Hvilke ændringer så du?",
    }
    client = client_for(world.alice)
    response = client.post(edit_url(questionnaire, "hvilke"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed the questionnaire while you were working" in html
    assert "Hvilke ændringer så du?" in html
    questionnaire.refresh_from_db()
    assert f'name="version" value="{questionnaire.version}"' in html
    assert list(definition_of(questionnaire).questions())[1].labels == {"da": "Hvilke?"}
    # Saving again applies the change to the newer version, which keeps the other's question.
    client.post(edit_url(questionnaire, "hvilke"), {**data, "version": questionnaire.version})
    labels = [q.labels["da"] for q in definition_of(questionnaire).questions()]
    assert labels == ["Så du ændringer?", "Hvilke ændringer så du?", "Ny"]


def test_a_move_on_an_older_version_changes_nothing(world: World) -> None:
    questionnaire = rule_questionnaire(world)
    response = client_for(world.alice).post(
        reverse("surveys:builder_move", args=[questionnaire.pk, "hvilke"]),
        {"direction": "up", "version": questionnaire.version - 1},
        follow=True,
    )
    assert "Someone else changed the questionnaire in the meantime" in response.content.decode()
    assert [q.name for q in definition_of(questionnaire).questions()] == [
        "saa_du_aendringer",
        "hvilke",
    ]


def test_changing_the_title_and_adding_a_language(world: World) -> None:
    questionnaire = start(world, ("da",))
    response = client_for(world.alice).post(
        reverse("surveys:builder_settings", args=[questionnaire.pk]),
        {
            "version": questionnaire.version,
            "title": "Kursusevaluering 2025",
            "languages": ["da", "nb"],
            "default_language": "da",
        },
    )
    assert response.status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.title == "Kursusevaluering 2025"
    assert questionnaire.languages == ["da", "nb"]


# --- used by a survey ------------------------------------------------------------------------


def test_a_questionnaire_a_survey_uses_is_read_only_with_a_copy_action(world: World) -> None:
    questionnaire = rule_questionnaire(world)
    survey_create(
        by=world.alice,
        questionnaire=questionnaire,
        organisation=world.municipality_a,
        title="Evaluering",
        mode="open",
    )
    client = client_for(world.alice)
    page = client.get(builder_url(questionnaire)).content.decode()
    assert "A survey uses this questionnaire" in page
    assert reverse("surveys:questionnaire_copy", args=[questionnaire.pk]) in page
    assert (
        ">Move up<" not in page
        and reverse("surveys:builder_add", args=[questionnaire.pk]) not in page
    )
    response = client.get(edit_url(questionnaire, "hvilke"))
    assert response.status_code == 302 and response["Location"] == builder_url(questionnaire)
    before = questionnaire.definition
    moved = client.post(
        reverse("surveys:builder_move", args=[questionnaire.pk, "hvilke"]),
        {"direction": "up", "version": questionnaire.version},
        follow=True,
    )
    assert (
        "A survey uses this questionnaire; its questions stay as they are."
        in moved.content.decode()
    )
    questionnaire.refresh_from_db()
    assert questionnaire.definition == before


def test_the_builder_page_query_count_does_not_grow_with_the_questions(
    world: World, django_assert_max_num_queries: Any
) -> None:
    questionnaire = start(world, ("da",))
    for index in range(30):
        add(
            questionnaire,
            QuestionDraft(QuestionType.SHORT_TEXT, {"da": f"Spørgsmål {index}"}),
            Place("", index),
        )
    client = client_for(world.alice)
    client.get(builder_url(questionnaire))  # warm the session and the scope
    # Session, user, scope (3), the questionnaire, "does a survey use it", the header.
    with django_assert_max_num_queries(10):
        assert client.get(builder_url(questionnaire)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(edit_url(questionnaire, "spoergsmaal_29")).status_code == 200


# --- export and answering --------------------------------------------------------------------


def full_questionnaire(world: World) -> Questionnaire:
    """Every kind of question the builder makes, with skip rules, built through the service."""
    questionnaire = start(world, ("da", "en"))
    build(
        questionnaire,
        lambda d: builder.section_put(
            d, labels={"da": "Om kurset", "en": "About the course"}, relevant="", place=Place("", 0)
        )[0],
    )
    add(
        questionnaire,
        QuestionDraft(
            QuestionType.SINGLE_CHOICE,
            {"da": "Så du ændringer?", "en": "Did you see changes?"},
            required=True,
            choices=(Choice("", {"da": "Ja", "en": "Yes"}), Choice("", {"da": "Nej", "en": "No"})),
        ),
        Place("om_kurset", 0),
    )
    add(
        questionnaire,
        QuestionDraft(
            QuestionType.LONG_TEXT,
            {"da": "Hvilke?", "en": "Which?"},
            required=True,
            relevant="${saa_du_aendringer} = 'ja'",
        ),
        Place("om_kurset", 1),
    )
    add(
        questionnaire,
        QuestionDraft(
            QuestionType.LIKERT,
            {"da": "Tilfreds?", "en": "Satisfied?"},
            choices=builder.scale_choices("satisfaction", dont_know=True, languages=("da", "en")),
            scale="satisfaction",
        ),
        Place("", 1),
    )
    add(
        questionnaire,
        QuestionDraft(
            QuestionType.MATRIX,
            {"da": "Udsagn", "en": "Statements"},
            choices=builder.scale_choices("extent", dont_know=False, languages=("da", "en")),
            scale="extent",
            statements=(StatementDraft("", {"da": "Nyttigt", "en": "Useful"}, True),),
            relevant="${tilfreds} >= 4",
        ),
        Place("", 2),
    )
    add(
        questionnaire,
        QuestionDraft(
            QuestionType.INTEGER,
            {"da": "Antal år", "en": "Years"},
            constraint=builder.number_constraint(Decimal(0), Decimal(50)),
            constraint_messages=builder.number_messages(Decimal(0), Decimal(50), ("da", "en")),
        ),
        Place("", 3),
    )
    add(
        questionnaire,
        QuestionDraft(QuestionType.SCALE_0_10, {"da": "Anbefal", "en": "Recommend"}),
        Place("", 4),
    )
    questionnaire.refresh_from_db()
    return questionnaire


def test_the_xlsform_export_of_a_built_questionnaire_imports_back_identical(world: World) -> None:
    questionnaire = full_questionnaire(world)
    response = client_for(world.alice).get(
        reverse("surveys:questionnaire_export", args=[questionnaire.pk])
    )
    assert response.status_code == 200
    assert parse_xlsform(response.content) == from_json(questionnaire.definition)


def test_a_built_questionnaire_is_answered_through_its_link(world: World) -> None:
    questionnaire = full_questionnaire(world)
    survey = survey_create(
        by=world.alice,
        questionnaire=questionnaire,
        organisation=world.municipality_a,
        title="Evaluering",
        mode="personal",
    )
    invite_with_token(survey, world.bob, TOKEN)
    link = reverse("answer:personal", kwargs={"token": TOKEN})
    client = Client()
    first = client.get(link + "?lang=en").content.decode()
    assert "Did you see changes?" in first and "Which?" not in first
    # Page 1: the section's first question; its follow-up depends on it, so page 2.
    assert (
        client.post(link, {"saa_du_aendringer": "ja", "page": "1", "action": "next"}).status_code
        == 302
    )
    follow_up = client.get(link + "?page=2&lang=en").content.decode()
    assert "Which?" in follow_up
    client.post(link, {"hvilke": "Vi taler mere med arbejdsgivere", "page": "2", "action": "next"})
    client.post(link, {"tilfreds": "2", "page": "3", "action": "next"})
    refused = client.post(
        link, {"antal_aar": "70", "anbefal": "9", "page": "4", "action": "submit"}
    )
    assert refused.status_code == 200
    assert "Enter a number from 0 to 50." in refused.content.decode()
    done = client.post(link, {"antal_aar": "12", "anbefal": "9", "page": "4", "action": "submit"})
    assert done["Location"] == reverse("answer:thanks")
    response = Response.objects.get(survey=survey)
    assert response.submitted_at is not None
    stored = {
        answer.question.key: answer.choice
        or answer.text
        or (f"{answer.number.normalize():f}" if answer.number is not None else "")
        for answer in Answer.objects.filter(response=response).select_related("question")
    }
    # "Satisfied" at 2: the matrix (shown only from 4) was skipped.
    assert stored == {
        "saa_du_aendringer": "ja",
        "hvilke": "Vi taler mere med arbejdsgivere",
        "tilfreds": "2",
        "antal_aar": "12",
        "anbefal": "9",
    }


@pytest.mark.parametrize("persona", ["bob", "charlie", "fiona"])
def test_others_cannot_open_the_builder_of_municipality_as_questionnaire(
    world: World, persona: str
) -> None:
    questionnaire = start(world)
    status = client_for(getattr(world, persona)).get(builder_url(questionnaire)).status_code
    assert status == 404


# --- questionnaires made elsewhere (XLSForm, the library) ------------------------------------


def imported(world: World) -> Questionnaire:
    """As an XLSForm might bring it: a scale in its own words and a matrix on a yes/no list."""
    from trinvis.surveys.services import questionnaire_create
    from trinvis.surveys.xlsform import ChoiceList, MatrixItem
    from trinvis.surveys.xlsform import Question as Q
    from trinvis.surveys.xlsform import Questionnaire as Definition

    own = ChoiceList("often", tuple(Choice(str(p), {"da": f"Trin {p}"}) for p in range(1, 6)))
    yes_no = ChoiceList("yes_no", (Choice("yes", {"da": "Ja"}), Choice("no", {"da": "Nej"})))
    definition = Definition(
        title="Importeret",
        default_language="da",
        languages=("da",),
        choice_lists=(own, yes_no),
        items=(
            Q("how_often", QuestionType.LIKERT, {"da": "Hvor tit?"}, choice_list="often"),
            Q(
                "done",
                QuestionType.MATRIX,
                {"da": "Har du gjort det?"},
                choice_list="yes_no",
                items=(MatrixItem("read", {"da": "Læst"}), MatrixItem("tried", {"da": "Prøvet"})),
            ),
        ),
    )
    return questionnaire_create(
        by=world.alice, organisation=world.municipality_a, definition=definition
    )


def test_an_imported_scale_and_matrix_can_be_kept_when_edited(world: World) -> None:
    questionnaire = imported(world)
    client = client_for(world.alice)
    likert = client.get(edit_url(questionnaire, "how_often")).content.decode()
    assert "Keep the current scale: 1 Trin 1 … 5 Trin 5" in likert
    matrix = client.get(edit_url(questionnaire, "done")).content.decode()
    assert "Keep the current options: Ja, Nej" in matrix
    response = client.post(
        edit_url(questionnaire, "done"),
        {
            "version": questionnaire.version,
            "kind": "matrix",
            "type": "matrix",
            "label_da": "Har du gjort det her?",
            "scale": "own",
            **formset(
                "statement",
                [{"name": "read", "label_da": "Læst"}, {"name": "tried", "label_da": "Prøvet"}],
            ),
        },
    )
    assert response.status_code == 302
    client.post(
        edit_url(questionnaire, "how_often"),
        {
            "version": questionnaire.version + 1,
            "kind": "likert",
            "type": "likert",
            "label_da": "Hvor tit?",
            "scale": "own",
            "dont_know": "on",
        },
    )
    definition = definition_of(questionnaire)
    assert questionnaire.version == 3
    assert [c.name for c in definition.choice_list("yes_no").choices] == ["yes", "no"]
    often = definition.choice_list(next(definition.questions()).choice_list)
    assert [c.name for c in often.choices] == ["1", "2", "3", "4", "5", "dont_know"]
    assert often.choices[0].labels == {"da": "Trin 1"}
    assert parse_xlsform(reverse_export(world, questionnaire)) == definition


def reverse_export(world: World, questionnaire: Questionnaire) -> bytes:
    url = reverse("surveys:questionnaire_export", args=[questionnaire.pk])
    return client_for(world.alice).get(url).content


def test_an_option_needs_its_default_language_text_and_removed_rows_go(world: World) -> None:
    questionnaire = start(world)
    data = {
        "version": questionnaire.version,
        "kind": "single_choice",
        "type": "single_choice",
        "at": ":0",
        "label_da": "Hvilken enhed?",
    }
    client = client_for(world.alice)
    refused = client.post(
        add_url(questionnaire, "single_choice"),
        {**data, **formset("option", [{"label_da": "Jobcenter"}, {"label_en": "Language centre"}])},
    )
    html = refused.content.decode()
    assert 'href="#id_option-1-label_da"' in html
    assert "Option 2, dansk: This field is required." in html
    saved = client.post(
        add_url(questionnaire, "single_choice"),
        {
            **data,
            **formset(
                "option",
                [
                    {"label_da": "Jobcenter"},
                    {"label_en": "Language centre", "remove": "on"},
                    {"label_da": "Sprogcenter"},
                ],
            ),
        },
    )
    assert saved.status_code == 302
    definition = definition_of(questionnaire)
    options = definition.choice_list(next(definition.questions()).choice_list).choices
    assert [choice.name for choice in options] == ["jobcenter", "sprogcenter"]


def test_the_questionnaire_page_links_to_the_builder_for_those_who_may_change_it(
    world: World,
) -> None:
    questionnaire = start(world)
    url = reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
    assert builder_url(questionnaire) in client_for(world.alice).get(url).content.decode()
    page = client_for(world.alice).get(builder_url(questionnaire)).content.decode()
    assert f'href="{url}"' in page  # the preview
