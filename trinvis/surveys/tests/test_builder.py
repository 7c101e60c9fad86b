"""The builder's edits as pure functions: names, places, moves, options and scales, skip
rules in and out of XLSForm expressions, what a change must not break, and that what the
builder makes survives an XLSForm round trip unchanged."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from trinvis.surveys import builder, expressions
from trinvis.surveys.builder import Operator, Place, QuestionDraft, Rule, StatementDraft
from trinvis.surveys.xlsform import (
    Choice,
    ChoiceList,
    Question,
    QuestionType,
    Section,
    export_xlsform,
    parse_xlsform,
)
from trinvis.surveys.xlsform import Questionnaire as Definition

LANGUAGES = ("da", "en")


@pytest.fixture(autouse=True)
def _english() -> None:
    translation.activate("en")


def empty() -> Definition:
    return Definition(
        title="Kursusevaluering", default_language="da", languages=LANGUAGES, items=()
    )


def yes_no() -> tuple[Choice, ...]:
    return (Choice("", {"da": "Ja", "en": "Yes"}), Choice("", {"da": "Nej", "en": "No"}))


def put(definition: Definition, draft: QuestionDraft, place: Place) -> tuple[Definition, str]:
    return builder.question_put(definition, draft, place=place)


def course_evaluation() -> Definition:
    """A course evaluation of every kind the builder makes, with skip rules and limits."""
    definition = empty()
    definition, about = builder.section_put(
        definition,
        labels={"da": "Om kurset", "en": "About the course"},
        relevant="",
        place=Place("", 0),
    )
    definition, role = put(
        definition,
        QuestionDraft(
            QuestionType.SINGLE_CHOICE,
            {"da": "Er du leder?", "en": "Are you a leader?"},
            required=True,
            choices=yes_no(),
        ),
        Place(about, 0),
    )
    definition, satisfied = put(
        definition,
        QuestionDraft(
            QuestionType.LIKERT,
            {"da": "Hvor tilfreds er du?", "en": "How satisfied are you?"},
            hints={"da": "Alt i alt", "en": "All in all"},
            choices=builder.scale_choices("satisfaction", dont_know=True, languages=LANGUAGES),
            scale="satisfaction",
        ),
        Place(about, 1),
    )
    definition, why = put(
        definition,
        QuestionDraft(
            QuestionType.LONG_TEXT,
            {"da": "Hvad kunne være bedre?"},
            relevant=f"${{{satisfied}}} <= 2",
        ),
        Place(about, 2),
    )
    definition, topics = put(
        definition,
        QuestionDraft(
            QuestionType.MULTIPLE_CHOICE,
            {"da": "Hvilke emner brugte du?", "en": "Which topics did you use?"},
            choices=(Choice("", {"da": "Sprog"}), Choice("jobs", {"da": "Job", "en": "Jobs"})),
        ),
        Place("", 1),
    )
    definition, _matrix = put(
        definition,
        QuestionDraft(
            QuestionType.MATRIX,
            {"da": "I hvilken grad passer udsagnene?"},
            choices=builder.scale_choices("extent", dont_know=False, languages=LANGUAGES),
            scale="extent",
            statements=(
                StatementDraft("", {"da": "Jeg lærte noget nyt", "en": "I learnt something"}, True),
                StatementDraft("", {"da": "Jeg kan bruge det"}),
            ),
            relevant=f"selected(${{{topics}}}, 'jobs')",
        ),
        Place("", 2),
    )
    definition, _age = put(
        definition,
        QuestionDraft(
            QuestionType.INTEGER,
            {"da": "Hvor mange år har du arbejdet med integration?"},
            constraint=builder.number_constraint(Decimal(0), Decimal(60)),
            constraint_messages=builder.number_messages(Decimal(0), Decimal(60), LANGUAGES),
        ),
        Place("", 3),
    )
    definition, _recommend = put(
        definition,
        QuestionDraft(QuestionType.SCALE_0_10, {"da": "Vil du anbefale kurset?"}, required=True),
        Place("", 4),
    )
    definition, _thanks = put(
        definition, QuestionDraft(QuestionType.NOTE, {"da": "Tak for dine svar."}), Place("", 5)
    )
    assert role and why
    return definition


# --- names ---------------------------------------------------------------------------------


def test_names_are_ascii_words_from_the_label() -> None:
    assert builder.ascii_name("Hvor fornøjet er du, alt i alt?", fallback="q") == (
        "hvor_fornoejet_er_du_alt_i_alt"
    )
    assert (
        builder.ascii_name("Så du ændringer på Ærø?", fallback="q") == "saa_du_aendringer_paa_aeroe"
    )
    assert builder.ascii_name("1. Alder", fallback="q") == "q_1_alder"
    assert builder.ascii_name("meta", fallback="q") == "q_meta"
    assert builder.ascii_name("???", fallback="q") == "q"
    long = builder.ascii_name("word " * 30, fallback="q")
    assert len(long) <= 40 and not long.endswith("_")


def test_a_second_question_with_the_same_label_gets_its_own_name() -> None:
    definition, first = put(
        empty(), QuestionDraft(QuestionType.SHORT_TEXT, {"da": "Navn"}), Place("", 0)
    )
    definition, second = put(
        definition, QuestionDraft(QuestionType.SHORT_TEXT, {"da": "Navn"}), Place("", 1)
    )
    assert (first, second) == ("navn", "navn_2")


def test_changing_the_label_keeps_the_names_of_question_options_and_statements() -> None:
    definition = course_evaluation()
    matrix = next(q for q in definition.questions() if q.type is QuestionType.MATRIX)
    draft = QuestionDraft(
        QuestionType.MATRIX,
        {"da": "Helt ny tekst"},
        choices=builder.scale_choices("extent", dont_know=False, languages=LANGUAGES),
        scale="extent",
        statements=(
            StatementDraft(matrix.items[1].name, {"da": "Omdøbt"}),
            StatementDraft("", {"da": "Et nyt udsagn"}),
        ),
        relevant=None,
    )
    changed, name = builder.question_put(definition, draft, name=matrix.name)
    after = next(q for q in changed.questions() if q.name == name)
    assert name == matrix.name
    assert [row.name for row in after.items] == [matrix.items[1].name, "et_nyt_udsagn"]
    assert after.relevant == matrix.relevant  # None: the rule is kept


def test_option_names_come_from_the_label_unless_given() -> None:
    definition = course_evaluation()
    topics = next(q for q in definition.questions() if q.type is QuestionType.MULTIPLE_CHOICE)
    names = [choice.name for choice in definition.choice_list(topics.choice_list).choices]
    assert names == ["sprog", "jobs"]


def test_two_options_with_one_stored_value_are_refused() -> None:
    draft = QuestionDraft(
        QuestionType.SINGLE_CHOICE,
        {"da": "Hvad?"},
        choices=(Choice("a", {"da": "A"}), Choice("a", {"da": "B"})),
    )
    with pytest.raises(ValidationError):
        put(empty(), draft, Place("", 0))


def test_a_single_choice_needs_two_options_and_a_text() -> None:
    with pytest.raises(ValidationError):
        put(
            empty(),
            QuestionDraft(QuestionType.SINGLE_CHOICE, {"da": "Hvad?"}, choices=yes_no()[:1]),
            Place("", 0),
        )
    with pytest.raises(ValidationError):
        put(empty(), QuestionDraft(QuestionType.SHORT_TEXT, {"da": "  "}), Place("", 0))


# --- choice lists and scales -----------------------------------------------------------------


def test_likert_questions_on_one_scale_share_its_list_named_after_the_scale() -> None:
    definition = empty()
    for index, text in enumerate(("Første", "Anden")):
        definition, _name = put(
            definition,
            QuestionDraft(
                QuestionType.LIKERT,
                {"da": text},
                choices=builder.scale_choices("agreement", dont_know=True, languages=LANGUAGES),
                scale="agreement",
            ),
            Place("", index),
        )
    assert [choice_list.name for choice_list in definition.choice_lists] == ["agreement_dont_know"]
    scale = definition.choice_lists[0]
    assert scale.is_likert
    assert [choice.scale_value for choice in scale.choices] == [1, 2, 3, 4, 5, None]
    assert scale.choices[0].labels == {"da": "Helt uenig", "en": "Strongly disagree"}
    assert builder.scale_of(scale, LANGUAGES) == "agreement"


def test_changing_the_options_of_a_shared_list_gives_the_question_its_own() -> None:
    shared = ChoiceList("yes_no", (Choice("yes", {"da": "Ja"}), Choice("no", {"da": "Nej"})))
    definition = Definition(
        title="T",
        default_language="da",
        languages=("da",),
        choice_lists=(shared,),
        items=(
            Question("a", QuestionType.SINGLE_CHOICE, {"da": "A?"}, choice_list="yes_no"),
            Question("b", QuestionType.SINGLE_CHOICE, {"da": "B?"}, choice_list="yes_no"),
        ),
    )
    draft = QuestionDraft(
        QuestionType.SINGLE_CHOICE,
        {"da": "B?"},
        choices=(*shared.choices, Choice("maybe", {"da": "Måske"})),
    )
    changed, _name = builder.question_put(definition, draft, name="b")
    assert changed.choice_list("yes_no") == shared  # question a still has its options
    lists = {question.name: question.choice_list for question in changed.questions()}
    assert lists == {"a": "yes_no", "b": "b"}
    # And back to the same options: the shared list again, the own list gone.
    back, _name = builder.question_put(
        changed,
        QuestionDraft(QuestionType.SINGLE_CHOICE, {"da": "B?"}, choices=shared.choices),
        name="b",
    )
    assert [choice_list.name for choice_list in back.choice_lists] == ["yes_no"]


def test_a_scale_of_its_own_is_kept_with_or_without_dont_know() -> None:
    own = tuple(Choice(str(point), {"da": f"Punkt {point}"}) for point in range(1, 6))
    assert builder.own_scale(own, dont_know=False, languages=("da",)) == own
    added = builder.own_scale(own, dont_know=True, languages=("da",))[-1]
    assert added == Choice("dont_know", {"da": "Ved ikke"})
    not_applicable = Choice("na", {"da": "Ikke relevant"})
    kept = builder.own_scale((*own, not_applicable), dont_know=True, languages=("da",))
    assert kept[-1] == not_applicable


def test_removing_a_question_removes_its_list_when_no_one_else_uses_it() -> None:
    definition = course_evaluation()
    topics = next(q for q in definition.questions() if q.type is QuestionType.MULTIPLE_CHOICE)
    matrix = next(q for q in definition.questions() if q.type is QuestionType.MATRIX)
    without = builder.item_remove(builder.item_remove(definition, matrix.name), topics.name)
    assert topics.choice_list not in {choice_list.name for choice_list in without.choice_lists}


# --- places and moves ------------------------------------------------------------------------


def names(definition: Definition) -> list[str]:
    return [f"{place}={item.name}" for place, item in builder.walk(definition.items)]


def test_moving_a_question_steps_into_and_out_of_sections() -> None:
    definition = Definition(
        title="T",
        default_language="da",
        languages=("da",),
        items=(
            Question("a", QuestionType.SHORT_TEXT, {"da": "A"}),
            Section("s", {"da": "S"}, items=(Question("b", QuestionType.SHORT_TEXT, {"da": "B"}),)),
            Question("c", QuestionType.SHORT_TEXT, {"da": "C"}),
        ),
    )
    into_end = builder.item_move(definition, "c", up=True)
    assert names(into_end) == [":0=a", ":1=s", "s:0=b", "s:1=c"]
    into_start = builder.item_move(definition, "a", up=False)
    assert names(into_start) == [":0=s", "s:0=a", "s:1=b", ":1=c"]
    out_before = builder.item_move(definition, "b", up=True)
    assert names(out_before) == [":0=a", ":1=b", ":2=s", ":3=c"]
    out_after = builder.item_move(definition, "b", up=False)
    assert names(out_after) == [":0=a", ":1=s", ":2=b", ":3=c"]
    section_swaps = builder.item_move(definition, "s", up=True)
    assert names(section_swaps) == [":0=s", "s:0=b", ":1=a", ":2=c"]
    with pytest.raises(ValidationError):
        builder.item_move(definition, "a", up=True)
    with pytest.raises(ValidationError):
        builder.item_move(definition, "c", up=False)


def test_removing_a_section_can_keep_what_it_holds() -> None:
    definition = Definition(
        title="T",
        default_language="da",
        languages=("da",),
        items=(
            Section("s", {"da": "S"}, items=(Question("b", QuestionType.SHORT_TEXT, {"da": "B"}),)),
            Question("c", QuestionType.SHORT_TEXT, {"da": "C"}),
        ),
    )
    assert names(builder.item_remove(definition, "s", keep_contents=True)) == [":0=b", ":1=c"]
    assert names(builder.item_remove(definition, "s")) == [":0=c"]


def test_a_place_that_is_gone_is_refused() -> None:
    with pytest.raises(ValidationError):
        put(empty(), QuestionDraft(QuestionType.SHORT_TEXT, {"da": "A"}), Place("nowhere", 0))
    with pytest.raises(ValidationError):
        put(empty(), QuestionDraft(QuestionType.SHORT_TEXT, {"da": "A"}), Place("", 3))


def test_every_place_is_offered_in_reading_order() -> None:
    definition = course_evaluation()
    offered = [str(place) for place, _after, _section in builder.places(definition)]
    assert offered[:5] == [":0", "om_kurset:0", "om_kurset:1", "om_kurset:2", "om_kurset:3"]
    assert offered[-1] == f":{len(definition.items)}"


# --- skip rules ------------------------------------------------------------------------------


def test_only_earlier_questions_are_sources_and_a_matrix_gives_its_statements() -> None:
    definition = course_evaluation()
    before_recommend = builder.sources_before(definition, Place("", 4))
    kinds = {source.name: source.kind for source in before_recommend}
    assert list(kinds)[:3] == ["er_du_leder", "hvor_tilfreds_er_du", "hvad_kunne_vaere_bedre"]
    assert kinds["jeg_laerte_noget_nyt"] is QuestionType.LIKERT
    assert "i_hvilken_grad_passer_udsagnene" not in kinds  # the matrix itself is not answered
    assert "vil_du_anbefale_kurset" not in kinds  # the question at the place itself
    assert builder.sources_before(definition, Place("om_kurset", 0)) == []


@pytest.mark.parametrize(
    ("kind", "operator", "value", "expression"),
    [
        (QuestionType.SINGLE_CHOICE, Operator.IS, "ja", "${q} = 'ja'"),
        (QuestionType.SINGLE_CHOICE, Operator.IS_NOT, "ja", "${q} != 'ja'"),
        (QuestionType.MULTIPLE_CHOICE, Operator.INCLUDES, "ja", "selected(${q}, 'ja')"),
        (QuestionType.MULTIPLE_CHOICE, Operator.EXCLUDES, "ja", "not(selected(${q}, 'ja'))"),
        (QuestionType.LIKERT, Operator.IS, "4", "${q} = '4'"),
        (QuestionType.LIKERT, Operator.AT_LEAST, "4", "${q} >= 4"),
        (QuestionType.SCALE_0_10, Operator.AT_MOST, "6", "${q} <= 6"),
        (QuestionType.DECIMAL, Operator.IS, "-2.50", "${q} = -2.5"),
        (QuestionType.SHORT_TEXT, Operator.ANSWERED, "", "${q} != ''"),
    ],
)
def test_a_rule_compiles_to_an_expression_and_reads_back(
    kind: QuestionType, operator: Operator, value: str, expression: str
) -> None:
    choices: tuple[Choice, ...] = ()
    if kind is QuestionType.LIKERT:
        choices = builder.scale_choices("extent", dont_know=True, languages=LANGUAGES)
    elif kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        choices = (Choice("ja", {"da": "Ja"}), Choice("nej", {"da": "Nej"}))
    source = builder.Source("q", kind, {"da": "Q"}, choices)
    rule = Rule("q", operator, value)
    assert builder.rule_problem(rule, source) == ""
    compiled = builder.rule_expression(rule, source)
    assert compiled == expression
    assert expressions.check(compiled, names={"q"}, allow_current=False) == []
    back = builder.rule_from(compiled, [source])
    assert back is not None and back.operator is operator
    assert builder.rule_expression(back, source) == expression


def test_a_rule_that_does_not_fit_the_question_is_a_problem() -> None:
    likert = builder.Source(
        "q",
        QuestionType.LIKERT,
        {"da": "Q"},
        builder.scale_choices("extent", dont_know=True, languages=("da",)),
    )
    assert builder.rule_problem(Rule("q", Operator.INCLUDES, "4"), likert)
    assert builder.rule_problem(Rule("q", Operator.AT_LEAST, "dont_know"), likert)
    assert builder.rule_problem(Rule("q", Operator.IS, "7"), likert)
    number = builder.Source("n", QuestionType.INTEGER, {"da": "N"})
    assert builder.rule_problem(Rule("n", Operator.AT_LEAST, "many"), number)


def test_hand_written_rules_the_builder_cannot_show_stay_expressions() -> None:
    source = builder.Source("q", QuestionType.SHORT_TEXT, {"da": "Q"})
    assert builder.rule_from("string-length(${q}) > 3", [source]) is None
    assert builder.rule_from("${q} != '' and ${q} != 'x'", [source]) is None
    assert builder.rule_from("${other} = 'x'", [source]) is None  # not an earlier question


def test_a_rule_in_words_uses_the_texts_of_question_and_option() -> None:
    definition = course_evaluation()
    sources = builder.sources_before(definition, Place("om_kurset", 2))
    _place, why = builder.locate(definition, "hvad_kunne_vaere_bedre")
    rule = builder.rule_from(why.relevant, sources)
    assert rule is not None
    assert rule == Rule("hvor_tilfreds_er_du", Operator.AT_MOST, "2")
    words = builder.rule_in_words(rule, sources[1], "da")
    assert words == "“How satisfied are you?” is at most “Dissatisfied”"


def test_number_limits_read_back_from_the_constraint() -> None:
    constraint = builder.number_constraint(Decimal("-1.5"), Decimal("10"))
    assert constraint == ". >= -1.5 and . <= 10"
    assert builder.number_limits(constraint) == (Decimal("-1.5"), Decimal("10"))
    assert builder.number_limits(". <= 3") == (None, Decimal("3"))
    assert builder.number_limits(". > 3") is None
    assert builder.number_messages(None, Decimal(3), ("en",)) == {
        "en": "Enter a number of at most 3."
    }


# --- what a change must not break -----------------------------------------------------------


def test_a_question_a_rule_uses_cannot_be_deleted_or_moved_after_it() -> None:
    definition = course_evaluation()
    removed = builder.item_remove(definition, "hvor_tilfreds_er_du")
    assert builder.new_problems(definition, removed) == [
        "The skip rule of “Hvad kunne være bedre?” uses “How satisfied are you?”, which would "
        "no longer be in the questionnaire. Change or remove that rule first."
    ]
    moved = builder.item_move(definition, "hvor_tilfreds_er_du", up=False)
    assert "would then come after it" in builder.new_problems(definition, moved)[0]


def test_an_option_a_rule_uses_cannot_be_taken_away() -> None:
    definition = course_evaluation()
    draft = QuestionDraft(
        QuestionType.MULTIPLE_CHOICE,
        {"da": "Hvilke emner brugte du?"},
        choices=(Choice("sprog", {"da": "Sprog"}), Choice("other", {"da": "Andet"})),
    )
    changed, _name = builder.question_put(definition, draft, name="hvilke_emner_brugte_du")
    problems = builder.new_problems(definition, changed)
    assert len(problems) == 1 and "“jobs”" in problems[0]


def test_problems_that_were_there_before_do_not_block_a_change() -> None:
    definition = Definition(
        title="T",
        default_language="da",
        languages=("da",),
        items=(
            Question("a", QuestionType.SHORT_TEXT, {"da": "A"}, relevant="${b} != ''"),
            Question("b", QuestionType.SHORT_TEXT, {"da": "B"}),
        ),
    )
    changed, _name = put(
        definition, QuestionDraft(QuestionType.SHORT_TEXT, {"da": "C"}), Place("", 2)
    )
    assert builder.new_problems(definition, changed) == []


def test_a_rule_on_an_unknown_question_is_refused_by_the_expression_check() -> None:
    with pytest.raises(ValidationError):
        put(
            empty(),
            QuestionDraft(QuestionType.SHORT_TEXT, {"da": "A"}, relevant="${nobody} = 'x'"),
            Place("", 0),
        )


# --- settings ----------------------------------------------------------------------------


def test_removing_a_language_removes_its_texts() -> None:
    definition = course_evaluation()
    changed = builder.settings_put(definition, title="Ny", languages=("da",), default_language="da")
    assert changed.languages == ("da",) and changed.title == "Ny"
    assert all(set(question.labels) == {"da"} for question in changed.questions())
    assert all(
        set(choice.labels) <= {"da"}
        for choice_list in changed.choice_lists
        for choice in choice_list.choices
    )


def test_a_language_cannot_go_when_a_text_is_only_written_in_it() -> None:
    definition, _name = put(
        empty(), QuestionDraft(QuestionType.SHORT_TEXT, {"en": "Only English"}), Place("", 0)
    )
    with pytest.raises(ValidationError, match="Only English"):
        builder.settings_put(definition, title="T", languages=("da",), default_language="da")


# --- XLSForm ------------------------------------------------------------------------------


def test_what_the_builder_makes_survives_an_xlsform_round_trip() -> None:
    definition = course_evaluation()
    assert parse_xlsform(export_xlsform(definition)) == definition


def test_an_option_with_a_quote_cannot_be_used_in_a_rule() -> None:
    source = builder.Source(
        "q",
        QuestionType.SINGLE_CHOICE,
        {"da": "Q"},
        (Choice("it's", {"da": "x"}), Choice("b", {"da": "y"})),
    )
    assert "quote" in builder.rule_problem(Rule("q", Operator.IS, "it's"), source)


def test_a_likert_question_needs_a_five_point_scale() -> None:
    with pytest.raises(ValidationError):
        put(
            empty(),
            QuestionDraft(QuestionType.LIKERT, {"da": "Hvor tit?"}, choices=yes_no()),
            Place("", 0),
        )


def test_the_outline_numbers_questions_and_says_rules_in_words() -> None:
    definition = course_evaluation()
    hand_written = "string-length(${hvad_kunne_vaere_bedre}) > 3"
    definition = builder.question_put(
        definition,
        QuestionDraft(
            QuestionType.SCALE_0_10, {"da": "Vil du anbefale kurset?"}, relevant=hand_written
        ),
        name="vil_du_anbefale_kurset",
    )[0]
    entries = builder.outline(definition)
    section = entries[0]
    assert section.is_section and not section.may_move_up and section.may_move_down
    assert [(child.number, child.label) for child in section.children] == [
        (1, "Are you a leader?"),
        (2, "How satisfied are you?"),
        (3, "Hvad kunne være bedre?"),
    ]
    assert section.children[0].may_move_up  # out of the section
    assert section.children[2].rule_words == "“How satisfied are you?” is at most “Dissatisfied”"
    matrix, _years, recommend, note = entries[2:]
    assert (
        matrix.required and matrix.rule_words == "“Jobs” is chosen in “Which topics did you use?”"
    )
    assert recommend.custom_rule == hand_written and recommend.rule_words == ""
    assert note.number == 0 and not note.may_move_down
