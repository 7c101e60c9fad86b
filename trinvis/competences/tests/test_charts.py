"""The competence spiders built from a round: their series, summaries and tables."""

from conftest import World
from trinvis.competences.charts import development_spider, person_spider, team_spider
from trinvis.competences.selectors import person_ratings, round_matrix
from trinvis.competences.tests.factories import rated_team_round


def _matrix(world: World):
    return round_matrix(
        round=rated_team_round(
            leader=world.alice,
            team=world.team_a,
            profile_owner=world.municipality_a,
            bob=world.bob,
        )
    )


def test_the_team_spider_holds_expected_level_and_team_median(world: World) -> None:
    figure = team_spider(_matrix(world))
    assert [s.name for s in figure.chart.series] == ["Expected level", "Team median"]
    assert figure.chart.table() == [
        ("Labour-market knowledge", [4.0, 3.0]),
        ("Case law on integration", [3.0, 3.0]),
        ("Conversations with an interpreter", [4.0, 2.5]),
        ("Working across units", [3.0, 2.0]),
        ("Intercultural communication", [3.0, 4.0]),
    ]
    assert "below the expected level in Labour-market knowledge" in figure.summary
    spec = figure.spec
    assert spec["description"] == figure.summary
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")


def test_the_person_spider_shows_own_and_leaders_rating(world: World) -> None:
    matrix = _matrix(world)
    ratings = person_ratings(round=matrix.round, person=world.bob, submitted_only=True)
    figure = person_spider(ratings)
    assert [s.name for s in figure.chart.series] == [
        "Expected level",
        "Own rating",
        "Leader's rating",
    ]
    assert figure.chart.table()[0] == ("Labour-market knowledge", [4.0, 5.0, 2.0])
    assert "differ by two or more in Labour-market knowledge" in figure.summary


def test_the_development_spider_names_what_rose_and_fell(world: World) -> None:
    matrix = _matrix(world)
    first = matrix.rows[0].competence
    second = matrix.rows[1].competence
    figure = development_spider(
        [(first, 2.0, 3.0), (second, 3.0, 2.5)], before="Spring", after="Autumn"
    )
    assert [s.name for s in figure.chart.series] == [
        "Expected level",
        "Before: Spring",
        "After: Autumn",
    ]
    assert f"Rose in: {first.name}. Fell in: {second.name}." in figure.summary
