"""Small-group protection across filters and breakdowns: which cells of a cross-tabulation of
respondent attributes may be shown. Pure functions, no Django.

Why a module of its own. One breakdown alone is easy to protect: the segments
partition the respondents and the total is known, so hiding a small segment and, when it is
the only one hidden, the next smallest too keeps "total minus the shown segments" from being
one small group. Filters open more ways to subtract. The survey total minus the figures of
`role=leader` gives the non-leaders; `role=leader` and `role=employee` subtracted from the
total give everyone else, even when each filter alone hides its complement; and once a
filter is combined with a breakdown, a row of one table and a column of another can be
subtracted from each other. So a filter's figures cannot be protected one table at a time.

The model. Every figure any view shows (no filter, filters, a breakdown, both) is a *cell*:
the respondents whose attributes take given values (`role=leader, size_class=small`). The
cells over a set of attributes form a lattice: the total (no attribute fixed), the cells of
one attribute, of two, and so on. A view over the attributes K (the filters' and the
breakdown's) shows cells of K's lattice: the filtered total fixes the filters' attributes,
each row of the breakdown fixes one more.

The rules, applied to the cells of each subset J of K, smaller subsets first, per question
(a cell's size is its respondents who answered the question):
1. A cell with fewer than `minimum` respondents is hidden (TOO_FEW). An empty cell is
   hidden too but hides nothing: it never needs a complement and never
   serves as one.
2. A cell whose parent (the same cell with one attribute fewer fixed) is hidden is hidden
   (COMPLEMENTARY): otherwise the parent would be the sum of its shown children.
3. A *line* is the cells that differ in one attribute only; their parent is the line's sum.
   While some line with a shown parent has exactly one non-empty hidden cell, the smallest
   shown non-empty cell of that line is hidden too (COMPLEMENTARY; ties go to the first
   value in the attribute's order), across all the lines of all directions until nothing
   changes, so hiding a cell for one line's sake cannot leave another with one hidden cell.
   Values whose group is public knowledge (`groups`: a municipality's size class and
   country) also form lines within their group, as if the group's total were shown, and
   those are completed first: the small municipalities' total minus the small
   municipalities shown is never one municipality.
4. For two attributes (a table with its row and column totals), a small cell whose figures
   still follow from the totals exactly is hidden deeper (see `_join_bridges`).
These are the "hypercube" method of statistical disclosure control, with an exact repair
for two attributes.

What this guarantees.
- A cell is shown or hidden the same way in every view: its fate depends only on the
  respondents' counts over its own attributes, never on the other filters or the breakdown
  of the page it appears on. Switching views cannot uncover what one view hides.
- One filter shows exactly the segment the breakdown by its attribute shows, with the same
  protection; "total minus filtered" and "this row minus that one" are lines (rule 3).
- For views of at most two attributes (segments.MAX_ATTRIBUTES: the only views the pages
  offer), no group smaller than the minimum can be computed exactly by adding and
  subtracting shown figures, for someone who is not told which combinations of values have
  no respondents (rule 4 makes this exact within a pair of attributes; the tests check it,
  with exact linear algebra, on random tables, and across views over different pairs of
  three attributes). Combinations known to be empty because of public groups are covered
  by rule 3's groups.
What it does not: for three attributes or more, rules 1–3 can in rare patterns leave a small
cell computable, which is why the pages combine at most two; and it bounds nothing but exact
computation (that a hidden cell is "between 0 and 4" can follow from shown figures, as it
can from any table with a known total).
"""

from collections import deque
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from trinvis.surveys.analysis import Suppressed, check_minimum

# A cell: the fixed attributes and their values, in the order of the attributes' names.
Cell = tuple[tuple[str, Hashable], ...]
Rank = Callable[[str, Hashable], Any]


def cell_of(fixings: Mapping[str, Hashable]) -> Cell:
    return tuple(sorted(fixings.items(), key=lambda pair: pair[0]))


def _by_value(field: str, value: Hashable) -> tuple[int, str]:
    """The default order of values: unknown (None) last, the rest by their text."""
    return (1, "") if value is None else (0, str(value))


@dataclass(frozen=True)
class CellProtection:
    """Which cells of one lattice may be shown; a cell not listed has no respondents."""

    minimum: int
    sizes: Mapping[Cell, int]
    hidden: Mapping[Cell, Suppressed]

    def size(self, fixings: Mapping[str, Hashable]) -> int:
        return self.sizes.get(cell_of(fixings), 0)

    def reason(self, fixings: Mapping[str, Hashable]) -> Suppressed | None:
        """Why the cell is hidden, or None when its figures may be shown."""
        cell = cell_of(fixings)
        if self.sizes.get(cell, 0) < self.minimum:
            return Suppressed.TOO_FEW
        return self.hidden.get(cell)


def protect_cells(
    atoms: Mapping[tuple[Any, ...], int],
    *,
    fields: Sequence[str],
    minimum: int,
    rank: Rank = _by_value,
    groups: Mapping[str, Mapping[Any, Any]] | None = None,
) -> CellProtection:
    """Apply the rules of the module docstring to respondents per combination of the values
    of `fields` (`atoms[(value of fields[0], value of fields[1], …)]`). `groups` maps the
    values of an attribute to the publicly known group each belongs to (a municipality to
    its size class and country; see rule 3)."""
    check_minimum(minimum)
    if len(set(fields)) != len(fields):
        raise ValueError("the attributes must be distinct")
    order = sorted(range(len(fields)), key=lambda index: fields[index])
    names = [fields[index] for index in order]
    sorted_atoms = sorted(
        (
            (tuple(atom[index] for index in order), count)
            for atom, count in atoms.items()
            if count > 0
        ),
        key=lambda item: [rank(name, value) for name, value in zip(names, item[0], strict=True)],
    )
    sizes: dict[Cell, int] = {}
    hidden: dict[Cell, Suppressed] = {}
    for level in range(len(names) + 1):
        for subset in combinations(range(len(names)), level):
            cells: dict[Cell, int] = {}
            for values, count in sorted_atoms:
                cell = tuple((names[index], values[index]) for index in subset)
                cells[cell] = cells.get(cell, 0) + count
            sizes.update(cells)
            _protect_level(cells, hidden, minimum, rank, groups or {})
    return CellProtection(minimum=minimum, sizes=sizes, hidden=hidden)


def _drop(cell: Cell, position: int) -> Cell:
    return cell[:position] + cell[position + 1 :]


def _protect_level(
    cells: Mapping[Cell, int],
    hidden: dict[Cell, Suppressed],
    minimum: int,
    rank: Rank,
    groups: Mapping[str, Mapping[Any, Any]],
) -> None:
    """Rules 1–4 for the cells of one subset of attributes, their parents already decided."""
    width = len(next(iter(cells), ()))
    for cell, count in cells.items():
        if count < minimum:
            hidden[cell] = Suppressed.TOO_FEW
        elif any(_drop(cell, position) in hidden for position in range(width)):
            hidden[cell] = Suppressed.COMPLEMENTARY
    lines: list[tuple[Cell, int, list[Cell]]] = []
    for position in range(width):
        grouped: dict[Cell, list[Cell]] = {}
        known: dict[tuple[Cell, Hashable], list[Cell]] = {}
        group_of = groups.get(next(iter(cells))[position][0], {})
        for cell in cells:
            grouped.setdefault(_drop(cell, position), []).append(cell)
            group = group_of.get(cell[position][1])
            if group is not None:
                known.setdefault((_drop(cell, position), group), []).append(cell)
        # The known groups first, so that their complements also serve the whole line.
        lines += [(parent, position, members) for (parent, _group), members in known.items()]
        lines += [(parent, position, members) for parent, members in grouped.items()]
    while True:
        _complete_lines(lines, cells, hidden, rank)
        if width != 2 or not _join_bridges(cells, hidden, minimum, rank):
            return


def _complete_lines(
    lines: Sequence[tuple[Cell, int, list[Cell]]],
    cells: Mapping[Cell, int],
    hidden: dict[Cell, Suppressed],
    rank: Rank,
) -> None:
    """Rule 3, until no line with a shown parent has exactly one non-empty hidden cell."""
    changed = True
    while changed:
        changed = False
        for parent, position, members in lines:
            if parent in hidden or sum(1 for cell in members if cell in hidden) != 1:
                continue
            shown = [cell for cell in members if cell not in hidden]
            if shown:
                smallest = min(
                    shown,
                    key=lambda cell: (cells[cell], rank(cell[position][0], cell[position][1])),
                )
                hidden[smallest] = Suppressed.COMPLEMENTARY
                changed = True


# Rule 4, for the cells of two attributes: a table with its row and column totals. Each
# hidden cell is an unknown in the equations "a row's cells add up to its total" (the total
# of a hidden row is unknown, but that of all hidden rows together is the grand total minus
# the shown ones), and likewise per column; shown cells are constants. These are the
# equations of a bipartite graph (rows and columns the vertices, the hidden cells the edges,
# an empty combination of values counting as hidden: nobody is told it is empty), and a
# hidden cell's figures follow from them exactly when its edge is a bridge, on no cycle.
# So while a small cell is a bridge, the shown cells on the cheapest other path between
# its row and its column are hidden too, which closes a cycle through it.

Vertex = tuple[int, int, Hashable]  # (0 row / 1 column, 0 one value / 1 all hidden, value)
Edge = tuple[Vertex, Vertex, Cell]


def _vertex(side: int, name: str, value: Hashable, hidden: Mapping[Cell, Suppressed]) -> Vertex:
    return (side, 1, None) if ((name, value),) in hidden else (side, 0, value)


def _join_bridges(
    cells: Mapping[Cell, int], hidden: dict[Cell, Suppressed], minimum: int, rank: Rank
) -> bool:
    """Hide what rule 4 asks for; True when it hid anything."""
    if () in hidden:
        return False  # the grand total is hidden, so is every cell
    (row_name, _), (column_name, _) = next(iter(cells))
    rows = sorted({cell[0][1] for cell in cells}, key=lambda value: rank(row_name, value))
    columns = sorted({cell[1][1] for cell in cells}, key=lambda value: rank(column_name, value))
    edges: list[Edge] = [
        (
            _vertex(0, row_name, row, hidden),
            _vertex(1, column_name, column, hidden),
            ((row_name, row), (column_name, column)),
        )
        for row in rows
        for column in columns
    ]

    def is_hidden(cell: Cell) -> bool:
        return cell not in cells or cell in hidden

    changed = False
    while True:
        graph = [edge for edge in edges if is_hidden(edge[2])]
        bridges = _bridges(graph)
        small = [
            edge
            for index, edge in enumerate(graph)
            if index in bridges and 0 < cells.get(edge[2], 0) < minimum
        ]
        if not small:
            return changed
        path = _cheapest_path(edges, small[0], is_hidden)
        if not path:
            return changed  # no cycle can be closed here: it rests on the totals alone
        for cell in path:
            hidden[cell] = Suppressed.COMPLEMENTARY
        changed = True


def _bridges(edges: Sequence[Edge]) -> set[int]:
    """The indices of the edges on no cycle (Tarjan's bridges, parallel edges allowed)."""
    around: dict[Vertex, list[tuple[Vertex, int]]] = {}
    for index, (first, second, _cell) in enumerate(edges):
        around.setdefault(first, []).append((second, index))
        around.setdefault(second, []).append((first, index))
    order: dict[Vertex, int] = {}
    low: dict[Vertex, int] = {}
    found: set[int] = set()
    for start in around:
        if start in order:
            continue
        order[start] = low[start] = len(order)
        stack: list[tuple[Vertex, int, int]] = [(start, -1, 0)]
        while stack:
            vertex, via, position = stack[-1]
            if position < len(around[vertex]):
                stack[-1] = (vertex, via, position + 1)
                neighbour, index = around[vertex][position]
                if index == via:
                    continue
                if neighbour in order:
                    low[vertex] = min(low[vertex], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, index, 0))
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[vertex])
                if low[vertex] > order[parent]:
                    found.add(via)
    return found


def _cheapest_path(
    edges: Sequence[Edge], bridge: Edge, is_hidden: Callable[[Cell], bool]
) -> list[Cell]:
    """The shown cells to hide so that the bridge's ends are joined another way: a path
    from one end to the other over hidden cells (free) and shown ones (one each), fewest
    shown first; empty when there is none."""
    start, goal, _cell = bridge
    around: dict[Vertex, list[tuple[Vertex, Cell]]] = {}
    for first, second, cell in edges:
        if cell != bridge[2]:
            around.setdefault(first, []).append((second, cell))
            around.setdefault(second, []).append((first, cell))
    cost = {start: 0}
    came: dict[Vertex, tuple[Vertex, Cell]] = {}
    queue: deque[Vertex] = deque([start])
    while queue:
        vertex = queue.popleft()
        for neighbour, cell in around.get(vertex, []):
            step = 0 if is_hidden(cell) else 1
            if cost[vertex] + step < cost.get(neighbour, cost[vertex] + step + 1):
                cost[neighbour] = cost[vertex] + step
                came[neighbour] = (vertex, cell)
                if step:
                    queue.append(neighbour)
                else:
                    queue.appendleft(neighbour)
    if goal not in cost:
        return []
    path = []
    vertex = goal
    while vertex != start:
        vertex, cell = came[vertex]
        if not is_hidden(cell):
            path.append(cell)
    return path
