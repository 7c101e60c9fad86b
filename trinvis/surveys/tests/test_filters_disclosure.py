"""disclosure.py: what filters and breakdowns may show. The leaks a naive protection would let
through, each as a small table, and an exact check on random tables: no group smaller than
the minimum can be computed by adding and subtracting the figures shown."""

import itertools
import random
from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.disclosure import Cell, CellProtection, protect_cells

MINIMUM = 5
Atoms = dict[tuple[Hashable, ...], int]


def _table(rows: Sequence[Sequence[int]]) -> Atoms:
    """A two-attribute table: `rows[a][b]` respondents with a=a, b=b."""
    return {(a, b): n for a, row in enumerate(rows) for b, n in enumerate(row) if n}


def _shows(guard: CellProtection, **fixings: Hashable) -> bool:
    return guard.reason(fixings) is None


# --- exact check -----------------------------------------------------------------------------


def _reduce(vector: list[Fraction], basis: Mapping[int, list[Fraction]]) -> list[Fraction]:
    for pivot, row in basis.items():
        if vector[pivot]:
            factor = vector[pivot]
            vector = [x - factor * y for x, y in zip(vector, row, strict=True)]
    return vector


def computable_small_cells(
    atoms: Atoms, fields: Sequence[str], values: Sequence[Sequence[Hashable]], *, top: int = 99
) -> list[Cell]:
    """The small non-empty cells whose size (and so every figure) follows exactly, by linear
    algebra, from the cells shown at levels up to `top`. Every combination of values is an
    unknown, as to someone who is not told which combinations are empty."""
    guard = protect_cells(atoms, fields=fields, minimum=MINIMUM)
    space = list(itertools.product(*values))

    def indicator(cell: Cell) -> list[Fraction]:
        where = {fields.index(name): value for name, value in cell}
        return [Fraction(all(atom[i] == v for i, v in where.items())) for atom in space]

    basis: dict[int, list[Fraction]] = {}
    for cell in guard.sizes:
        if len(cell) <= top and guard.reason(dict(cell)) is None:
            row = _reduce(indicator(cell), basis)
            pivot = next((i for i, x in enumerate(row) if x), None)
            if pivot is not None:
                basis[pivot] = [x / row[pivot] for x in row]
    return [
        cell
        for cell, size in guard.sizes.items()
        if 0 < size < MINIMUM and len(cell) <= top and not any(_reduce(indicator(cell), basis))
    ]


def _random_table(rng: random.Random, dimensions: int, most: int) -> tuple[Atoms, list[range]]:
    values = [range(rng.randint(2, most)) for _ in range(dimensions)]
    empty, small = rng.random() * 0.4, rng.random() * 0.4
    atoms: Atoms = {}
    for atom in itertools.product(*values):
        draw = rng.random()
        size = (
            0 if draw < empty else rng.randint(1, 4) if draw < empty + small else rng.randint(5, 15)
        )
        if size:
            atoms[atom] = size
    return atoms, values


# --- one attribute ---------------------------------------------------------------------------


def test_one_attribute_hides_the_small_group_and_its_complement() -> None:
    """The one-breakdown rule: the small group, and the next smallest so that the total
    minus the shown groups is never one group; an empty group hides nothing."""
    sizes = {"leader": 8, "employee": 10, "contact_person": 2, None: 0}
    guard = protect_cells({(k,): n for k, n in sizes.items()}, fields=["role"], minimum=MINIMUM)
    assert guard.reason({"role": "contact_person"}) is Suppressed.TOO_FEW
    assert guard.reason({"role": "leader"}) is Suppressed.COMPLEMENTARY
    assert guard.reason({"role": "employee"}) is None
    assert _shows(guard)  # the total


def test_filter_leaving_out_a_small_group_is_hidden() -> None:
    """Total minus "employees" would be the two leaders."""
    guard = protect_cells({("employee",): 18, ("leader",): 2}, fields=["role"], minimum=MINIMUM)
    assert guard.reason({"role": "leader"}) is Suppressed.TOO_FEW
    assert guard.reason({"role": "employee"}) is Suppressed.COMPLEMENTARY
    assert _shows(guard)


def test_two_filters_cannot_be_subtracted_from_the_total() -> None:
    """With a, b shown and c small, total − a − b = c: one of a, b is hidden too, even though
    each filter's own complement (12) is large enough."""
    guard = protect_cells({("a",): 10, ("b",): 10, ("c",): 2}, fields=["x"], minimum=MINIMUM)
    assert [_shows(guard, x=v) for v in "abc"].count(True) == 1


def test_filter_below_the_minimum_shows_nothing() -> None:
    guard = protect_cells({("a",): 4, ("b",): 30}, fields=["x"], minimum=MINIMUM)
    assert guard.reason({"x": "a"}) is Suppressed.TOO_FEW
    assert guard.reason({"x": "nobody"}) is Suppressed.TOO_FEW


def test_a_municipality_is_protected_within_its_size_class() -> None:
    """Everyone knows which municipalities are small. Hiding m1 (3) and, as its complement,
    the large m4 would leave small − m2 − m3 = m1; the complement is taken among the small
    municipalities instead."""
    sizes = {"m1": 3, "m2": 10, "m3": 12, "m4": 8, "m5": 30}
    groups = {m: ("small", "NO") if m in ("m1", "m2", "m3") else ("large", "NO") for m in sizes}
    atoms: Atoms = {(m,): n for m, n in sizes.items()}
    naive = protect_cells(atoms, fields=["municipality"], minimum=MINIMUM)
    assert _shows(naive, municipality="m2") and not _shows(naive, municipality="m4")
    guard = protect_cells(
        atoms, fields=["municipality"], minimum=MINIMUM, groups={"municipality": groups}
    )
    assert guard.reason({"municipality": "m1"}) is Suppressed.TOO_FEW
    assert guard.reason({"municipality": "m2"}) is Suppressed.COMPLEMENTARY
    assert all(_shows(guard, municipality=m) for m in ("m3", "m4", "m5"))


# --- two attributes: each rule is needed -----------------------------------------------------


def test_cells_of_a_hidden_parent_are_hidden() -> None:
    """Rule 2. a2 is hidden as the complement of a1; if its cells by b were shown, their sum
    would give a2, and total − a2 − a3 = a1."""
    atoms: Atoms = {("a1", "b1"): 2, ("a2", "b1"): 10, ("a2", "b2"): 10, ("a3", "b1"): 30}
    guard = protect_cells(atoms, fields=["a", "b"], minimum=MINIMUM)
    assert guard.reason({"a": "a2"}) is Suppressed.COMPLEMENTARY
    assert not _shows(guard, a="a2", b="b1") and not _shows(guard, a="a2", b="b2")
    assert not computable_small_cells(atoms, ["a", "b"], [["a1", "a2", "a3"], ["b1", "b2"]])


def test_hiding_for_a_column_completes_the_row() -> None:
    """Rule 3, run to the end. In [[2, 10], [10, 10]] the column b1 hides (a2, b1) as the
    complement of (a1, b1); then row a2 would have one hidden cell, (a2, b1) = a2 − (a2, b2),
    and b1 − (a2, b1) = (a1, b1) = 2."""
    atoms = _table([[2, 10], [10, 10]])
    guard = protect_cells(atoms, fields=["a", "b"], minimum=MINIMUM)
    assert not any(_shows(guard, a=a, b=b) for a in (0, 1) for b in (0, 1))
    assert all(_shows(guard, a=a) and _shows(guard, b=a) for a in (0, 1))
    assert not computable_small_cells(atoms, ["a", "b"], [range(2), range(2)])


def test_a_small_cell_linking_two_groups_of_hidden_cells_is_hidden_deeper() -> None:
    """Rule 4. Lines alone leave (2, 1) = 3 the only link between two groups of hidden cells,
    so its value follows from the row and column totals; another cell is hidden to close a
    cycle through it."""
    atoms = _table(
        [
            [14, 6, 6, 14, 14],
            [2, 11, 14, 13, 12],
            [14, 3, 5, 5, 4],
            [14, 8, 7, 0, 1],
            [6, 4, 10, 7, 11],
        ]
    )
    assert not computable_small_cells(atoms, ["a", "b"], [range(5), range(5)])


def test_the_same_cell_is_hidden_the_same_way_in_every_view() -> None:
    """A cell's fate depends on its own attributes only: the page it is on (a third filter
    or breakdown) changes nothing."""
    rng = random.Random(11)
    for _ in range(40):
        atoms, _values = _random_table(rng, 3, 4)
        wide = protect_cells(atoms, fields=["a", "b", "c"], minimum=MINIMUM)
        narrow_atoms: Atoms = {}
        for (a, b, _c), n in atoms.items():
            narrow_atoms[(a, b)] = narrow_atoms.get((a, b), 0) + n
        narrow = protect_cells(narrow_atoms, fields=["a", "b"], minimum=MINIMUM)
        for cell in narrow.sizes:
            assert wide.reason(dict(cell)) == narrow.reason(dict(cell)), cell


# --- exact checks on random tables -------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_no_small_group_can_be_computed_from_two_attribute_views(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        atoms, values = _random_table(rng, 2, 5)
        assert not computable_small_cells(atoms, ["a", "b"], values), sorted(atoms.items())


@pytest.mark.parametrize("seed", range(2))
def test_views_over_different_pairs_of_attributes_do_not_combine_into_a_leak(seed: int) -> None:
    """Every view combines at most two attributes (segments.MAX_ATTRIBUTES); the views over
    (a, b), (a, c) and (b, c) together still give no small group of the three away."""
    rng = random.Random(100 + seed)
    for _ in range(25):
        atoms, values = _random_table(rng, 3, 3)
        found = computable_small_cells(atoms, ["a", "b", "c"], values, top=2)
        assert not found, sorted(atoms.items())


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from("pqr"), st.sampled_from("xyz")),
        st.integers(min_value=1, max_value=12),
        max_size=9,
    )
)
def test_every_line_with_a_shown_total_hides_none_or_two(atoms: Atoms) -> None:
    """The invariant of rule 3 along both attributes (a line of one hidden cell and no shown
    one is its total alone: nothing to subtract it from), and rule 2."""
    guard = protect_cells(atoms, fields=["a", "b"], minimum=MINIMUM)
    cells = [dict(cell) for cell in guard.sizes if len(cell) == 2]
    for other in ("a", "b"):
        for value in {cell[other] for cell in cells}:
            line = [cell for cell in cells if cell[other] == value]
            hidden = sum(1 for cell in line if not _shows(guard, **cell))
            if _shows(guard, **{other: value}):
                assert hidden != 1 or hidden == len(line)
            else:
                assert hidden == len(line)
