"""XLSForm expressions: the SØM cases, XPath's comparison rules, checks, and properties."""

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trinvis.surveys.expressions import ExpressionError, check, evaluate

SOM_CASES = [
    ("${changes} = 'yes'", {"changes": "yes"}, True),
    ("${changes} = 'yes'", {"changes": "no"}, False),
    ("${changes} = 'yes'", {}, False),
    ("selected(${goals}, 'jobs')", {"goals": ["language", "jobs"]}, True),
    ("selected(${goals}, 'jobs')", {"goals": ["language"]}, False),
    ("selected(${goals}, 'jobs')", {}, False),
    ("${recommend} >= 7", {"recommend": Decimal("7")}, True),
    ("${recommend} >= 7", {"recommend": 6}, False),
    ("${recommend} >= 7", {}, False),
    ("not(${worked} = 'yes')", {"worked": "yes"}, False),
    ("not(${worked} = 'yes')", {"worked": "no"}, True),
    ("not(${worked} = 'yes')", {}, True),
]


@pytest.mark.parametrize(("expression", "answers", "expected"), SOM_CASES)
def test_som_skip_logic(expression: str, answers: dict[str, Any], expected: bool) -> None:
    assert evaluate(expression, answers) is expected


@pytest.mark.parametrize(
    ("expression", "answers", "current", "expected"),
    [
        (". < 120", {}, Decimal("41"), True),
        (". < 120", {}, Decimal("130"), False),
        ("string-length(.) <= 5", {}, "short", True),
        ("string-length(.) <= 5", {}, "longer", False),
        ("string-length() > 0", {}, "x", True),
        ("count-selected(.) <= 2", {}, ["a", "b"], True),
        ("count-selected(.) <= 2", {}, ["a", "b", "c"], False),
        (". >= ${low} and . <= ${high}", {"low": 1, "high": 5}, 3, True),
        (". >= ${low} and . <= ${high}", {"low": 1, "high": 5}, 6, False),
        ("${a} = 'x' or (${b} = 'y' and not(${c} = 'z'))", {"b": "y"}, None, True),
        ("${a} != 'x'", {}, None, True),
        ("${n} = 2.5", {"n": Decimal("2.50")}, None, True),
        ("${n} = '7'", {"n": 7}, None, True),
        ("${n} > -1", {"n": 0}, None, True),
        ('${t} = "double"', {"t": "double"}, None, True),
        ("true() and not(false())", {}, None, True),
        ("${a} = ${b}", {}, None, True),  # both unanswered: two empty strings
        ("${a} < 1", {"a": "abc"}, None, False),  # not a number: NaN
    ],
)
def test_expressions_follow_xpath(
    expression: str, answers: dict[str, Any], current: Any, expected: bool
) -> None:
    assert evaluate(expression, answers, current) is expected


def test_a_matrix_item_counts_selected_as_chosen_list() -> None:
    assert evaluate("count-selected(${goals}) = 2", {"goals": ["a", "b"]})


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ("today() > 1", "does not know the function “today()”"),
        ("pulldata('x', 1)", "does not know the function"),
        ("${a} = ", "ends too early"),
        ("(${a} = 1", "“)” is missing"),
        ("${a} === 1", "Unexpected “=”"),
        ("${a} = 1 and", "ends too early"),
        ("selected(${a})", "selected() takes 2 argument(s), not 1"),
        ("${a} = 'open", "Cannot read"),
        ("answer = 'yes'", "write ${answer}"),
        ("${bad name} = 1", "is not a question name"),
        ("", "empty"),
    ],
)
def test_check_explains_what_is_wrong(expression: str, fragment: str) -> None:
    [problem] = check(expression)
    assert fragment in str(problem)
    with pytest.raises(ExpressionError):
        evaluate(expression, {})


def test_check_finds_references_to_unknown_questions() -> None:
    problems = check("${changes} = 'yes' and ${chnages} = 'no'", names={"changes"})
    assert [str(p) for p in problems] == ["There is no question named “chnages”."]


def test_the_current_value_belongs_in_constraints_only() -> None:
    assert check(". > 3") == []
    [problem] = check(". > 3", allow_current=False)
    assert "constraint" in str(problem)


def test_a_correct_expression_has_no_problems() -> None:
    for expression, _answers, _expected in SOM_CASES:
        assert check(expression, names={"changes", "goals", "recommend", "worked"}) == []


# --- properties ------------------------------------------------------------------------------

numbers = st.integers(min_value=-1000, max_value=1000)
options = st.sampled_from(["jobs", "language", "school", "other"])


@given(answer=numbers, limit=numbers)
def test_number_comparisons_agree_with_python(answer: int, limit: int) -> None:
    answers = {"x": Decimal(answer)}
    assert evaluate(f"${{x}} >= {limit}", answers) is (answer >= limit)
    assert evaluate(f"${{x}} < {limit}", answers) is (answer < limit)
    assert evaluate(f"${{x}} = {limit}", answers) is (answer == limit)
    assert evaluate(f"${{x}} != {limit}", answers) is (answer != limit)


@given(limit=numbers, op=st.sampled_from(["=", "<", "<=", ">", ">="]))
def test_an_unanswered_question_fails_every_number_comparison_but_not_equal(
    limit: int, op: str
) -> None:
    assert evaluate(f"${{x}} {op} {limit}", {}) is False
    assert evaluate(f"${{x}} != {limit}", {}) is True


@given(chosen=st.lists(options, unique=True), option=options)
def test_selected_and_count_selected_agree_with_the_list(chosen: list[str], option: str) -> None:
    answers = {"goals": chosen}
    assert evaluate(f"selected(${{goals}}, '{option}')", answers) is (option in chosen)
    assert evaluate(f"count-selected(${{goals}}) = {len(chosen)}", answers)


@given(a=st.booleans(), b=st.booleans())
def test_and_or_not_are_boolean_logic(a: bool, b: bool) -> None:
    answers = {"a": "yes" if a else "no", "b": "yes" if b else "no"}
    a_true, b_true = "${a} = 'yes'", "${b} = 'yes'"
    assert evaluate(f"{a_true} and {b_true}", answers) is (a and b)
    assert evaluate(f"{a_true} or {b_true}", answers) is (a or b)
    assert evaluate(f"not({a_true} and {b_true})", answers) is not (a and b)
    assert evaluate(f"not({a_true}) or not({b_true})", answers) is not (a and b)


@given(text=st.text(max_size=40))
def test_string_length_counts_characters(text: str) -> None:
    assert evaluate(f"string-length(.) = {len(text)}", {}, current=text)


@given(text=st.text(max_size=60))
def test_check_never_crashes_on_any_text(text: str) -> None:
    problems = check(text)
    assert isinstance(problems, list)
    if not problems:
        result = evaluate(text, {}, current="")
        assert isinstance(result, bool)


def test_relational_operators_compare_texts_as_numbers() -> None:
    assert evaluate("${a} > ${b}", {"a": "10", "b": "9"})  # not "10" < "9" as strings
    assert not evaluate("${a} > ${b}", {"a": "x", "b": "9"})
