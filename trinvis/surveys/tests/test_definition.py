"""A questionnaire is stored whole (as JSON) and as one row per answerable question."""

from hypothesis import HealthCheck, given, settings

from conftest import World
from trinvis.surveys.definition import from_json, to_json
from trinvis.surveys.models import Question
from trinvis.surveys.services import questionnaire_create
from trinvis.surveys.tests.test_xlsform import questionnaires, som_form
from trinvis.surveys.xlsform import Questionnaire, parse_xlsform


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(questionnaires())
def test_the_stored_definition_gives_back_the_same_questionnaire(
    questionnaire: Questionnaire,
) -> None:
    assert from_json(to_json(questionnaire)) == questionnaire


def test_every_answerable_question_gets_a_row_and_a_matrix_one_per_item(world: World) -> None:
    definition = parse_xlsform(som_form())
    stored = questionnaire_create(by=world.fiona, organisation=world.agency, definition=definition)
    rows = list(Question.objects.filter(questionnaire=stored))
    answerable = [q for q in definition.questions() if q.type.value != "note"]
    matrices = [q for q in answerable if q.type.value == "matrix"]
    expected = len(answerable) - len(matrices) + sum(len(m.items) for m in matrices)
    assert len(rows) == expected
    assert [row.position for row in rows] == list(range(len(rows)))
    for matrix in matrices:
        items = [row for row in rows if row.matrix == matrix.name]
        assert [row.key for row in items] == [f"{matrix.name}/{item.name}" for item in matrix.items]
        assert all(row.choices for row in items)
    assert from_json(stored.definition) == definition
