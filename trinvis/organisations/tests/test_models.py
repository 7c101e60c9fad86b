"""Organisation rules: where each kind may sit, municipality numbers, population and size."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trinvis.organisations.models import Organisation, size_class_for

Kind = Organisation.Kind
Size = Organisation.SizeClass

# Written out from the domain, not copied from the model: the tree is agency → region →
# municipality → unit → team, with an agency's or region's own units as shortcuts.
ALLOWED = {
    (Kind.AGENCY, None),
    (Kind.REGION, None),
    (Kind.REGION, Kind.AGENCY),
    (Kind.MUNICIPALITY, None),
    (Kind.MUNICIPALITY, Kind.AGENCY),
    (Kind.MUNICIPALITY, Kind.REGION),
    (Kind.UNIT, Kind.AGENCY),
    (Kind.UNIT, Kind.REGION),
    (Kind.UNIT, Kind.MUNICIPALITY),
    (Kind.UNIT, Kind.UNIT),
    (Kind.TEAM, Kind.MUNICIPALITY),
    (Kind.TEAM, Kind.UNIT),
}
PARENT_IN_WORLD = {
    Kind.AGENCY: "agency",
    Kind.REGION: "region_dk",
    Kind.MUNICIPALITY: "municipality_a",
    Kind.UNIT: "unit_a_job",
    Kind.TEAM: "team_a",
}


def valid_fields(kind: str) -> dict[str, object]:
    if kind == Kind.MUNICIPALITY:
        return {"country": "DK", "municipality_number": "101", "population": 42_000}
    if kind == Kind.UNIT:
        return {"unit_type": Organisation.UnitType.OTHER}
    return {}


def errors_of(organisation: Organisation) -> dict[str, list[str]]:
    try:
        organisation.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def municipality(number: str, country: str = "DK", population: int | None = 1_000):
    return Organisation(
        name="M",
        kind=Kind.MUNICIPALITY,
        country=country,
        municipality_number=number,
        population=population,
    )


# --- where each kind may sit ----------------------------------------------------------------


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("parent_kind", [None, *Kind])
def test_each_kind_may_sit_only_under_its_allowed_parents(world, kind, parent_kind):
    parent = getattr(world, PARENT_IN_WORLD[parent_kind]) if parent_kind else None
    organisation = Organisation(name="New", kind=kind, parent=parent, **valid_fields(kind))

    errors = errors_of(organisation)

    if (kind, parent_kind) in ALLOWED:
        assert errors == {}
    else:
        assert list(errors) == ["parent"]


# --- municipalities -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "number", "valid"),
    [
        ("DK", "101", True),
        ("DK", "4610", False),
        ("DK", "10", False),
        ("DK", "1a1", False),
        ("DK", "", False),
        ("NO", "0301", True),
        ("NO", "301", False),
        ("NO", "03011", False),
        ("NO", "", False),
    ],
)
def test_municipality_number_has_three_digits_in_denmark_and_four_in_norway(
    db, country, number, valid
):
    errors = errors_of(municipality(number, country))

    assert ("municipality_number" not in errors) is valid


numbers = st.one_of(
    st.text(alphabet="0123456789", max_size=5),
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=3, max_size=4),
    st.text(max_size=5),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=numbers)
def test_municipality_number_is_accepted_only_as_ascii_digits_of_the_right_length(db, number):
    """Statistics are matched on the number, so look-alike digits (٤٦١, ４６１) are refused."""
    for country, digits in (("DK", 3), ("NO", 4)):
        expected_valid = len(number) == digits and all(c in "0123456789" for c in number)

        errors = errors_of(municipality(number, country))

        assert ("municipality_number" not in errors) is expected_valid, (country, number)


def test_municipality_number_is_unique_within_a_country(world):
    duplicate = municipality(world.municipality_a.municipality_number, "DK")
    duplicate.parent = world.region_dk

    errors = errors_of(duplicate)

    assert "municipality_number" in errors
    assert "461" in errors["municipality_number"][0]


def test_municipality_keeps_its_own_number_when_edited(world):
    world.municipality_a.population = 1

    assert errors_of(world.municipality_a) == {}


def test_same_number_may_be_used_again_in_the_other_country(world):
    """Numbers are unique per country; a Norwegian 0461 is no clash with Danish 461."""
    organisation = municipality("0461", "NO")
    organisation.parent = world.region_no

    assert errors_of(organisation) == {}


def test_municipality_needs_a_country_and_a_population(db):
    organisation = Organisation(name="M", kind=Kind.MUNICIPALITY, municipality_number="101")

    errors = errors_of(organisation)

    assert {"country", "population"} <= set(errors)


@pytest.mark.parametrize("kind", [Kind.AGENCY, Kind.REGION])
@pytest.mark.parametrize(
    "field", [{"population": 5_000}, {"country": "DK"}, {"municipality_number": "101"}]
)
def test_only_a_municipality_has_country_number_and_population(db, kind, field):
    organisation = Organisation(name="X", kind=kind, **field)

    assert list(errors_of(organisation)) == list(field)


def test_a_unit_cannot_have_a_population(world):
    unit = Organisation(
        name="U", kind=Kind.UNIT, parent=world.municipality_a, unit_type="other", population=10
    )

    assert list(errors_of(unit)) == ["population"]


@pytest.mark.parametrize("kind", [Kind.AGENCY, Kind.REGION, Kind.MUNICIPALITY, Kind.TEAM])
def test_only_a_unit_has_a_type_of_unit(world, kind):
    parent = world.municipality_a if kind == Kind.TEAM else None
    organisation = Organisation(
        name="X", kind=kind, parent=parent, unit_type="employment", **valid_fields(kind)
    )

    assert list(errors_of(organisation)) == ["unit_type"]


def test_a_unit_without_a_type_is_allowed(world):
    unit = Organisation(name="U", kind=Kind.UNIT, parent=world.municipality_a)

    assert errors_of(unit) == {}


# --- size class -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "size"),
    [
        (0, Size.SMALL),
        (4_999, Size.SMALL),
        (5_000, Size.MEDIUM),
        (19_999, Size.MEDIUM),
        (20_000, Size.LARGE),
        (1_000_000, Size.LARGE),
        (None, None),
    ],
)
def test_size_class_boundaries(population, size):
    assert size_class_for(population) == size


@given(population=st.integers(min_value=0, max_value=50_000_000))
def test_size_class_follows_the_published_thresholds(population):
    expected = (
        Size.SMALL if population < 5_000 else Size.MEDIUM if population < 20_000 else Size.LARGE
    )
    assert size_class_for(population) == expected


ORDER: list[str] = [Size.SMALL, Size.MEDIUM, Size.LARGE]


@given(
    smaller=st.integers(min_value=0, max_value=10_000_000),
    more=st.integers(min_value=0, max_value=10_000_000),
)
def test_a_bigger_population_never_gives_a_smaller_size_class(smaller, more):
    small_class = size_class_for(smaller)
    big_class = size_class_for(smaller + more)
    assert small_class is not None and big_class is not None
    assert ORDER.index(small_class) <= ORDER.index(big_class)


def test_municipality_shows_its_size_class_in_words(world):
    assert world.municipality_a.size_class == Size.LARGE
    assert world.municipality_b.get_size_class_display() == "Small (under 5,000 inhabitants)"


def test_only_municipalities_have_a_size_class(world):
    assert world.unit_a_job.size_class is None
    assert world.unit_a_job.get_size_class_display() == ""


def test_ancestor_ids_list_the_path_above_an_organisation_top_first(world):
    assert world.team_a.ancestor_ids == [
        world.agency.pk,
        world.region_dk.pk,
        world.municipality_a.pk,
        world.unit_a_job.pk,
    ]
