"""Moodle's competency-framework CSV (admin tool "Import competency framework"), in and out.

One row per node, 14 columns; the first data row with "Is framework" set is the framework,
every other row a competency whose parent is found by "Parent ID number" (empty: top level).
Trinvis reads the tree as categories (top level) holding competences, and keeps the expected
level in Moodle's own terms: the first scale value marked proficient in "Scale
configuration". Pure Python: parsing returns a Framework or raises MoodleImportError with
every problem and its line; nothing is half-read.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

HEADERS = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
SCALE_SIZE = 5
PLAIN_TEXT_FORMAT = "2"  # Moodle's FORMAT_PLAIN


@dataclass
class Competence:
    id_number: str
    name: str
    description: str = ""
    expected_level: int | None = None
    children: list["Competence"] = field(default_factory=list)
    line: int = field(default=0, compare=False)  # where it was read from; 0 when built


@dataclass
class Framework:
    id_number: str
    name: str
    description: str
    scale: list[str]
    competences: list[Competence] = field(default_factory=list)
    line: int = field(default=0, compare=False)  # where it was read from; 0 when built


class MoodleImportError(Exception):
    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(f"{line}: {message}" for line, message in problems))
        self.problems = problems


def _scale_configuration(expected_level: int | None) -> str:
    items: list[dict[str, int | str]] = [{"scaleid": ""}]
    for value in range(1, SCALE_SIZE + 1):
        items.append(
            {
                "id": value,
                "scaledefault": 1 if value == 1 else 0,
                "proficient": 1 if expected_level is not None and value >= expected_level else 0,
            }
        )
    return json.dumps(items)


def _expected_level(configuration: str) -> int | None:
    """The lowest scale value marked proficient; raises ValueError on a malformed value."""
    if not configuration.strip():
        return None
    items = json.loads(configuration)
    if not isinstance(items, list):
        raise ValueError
    proficient = [
        int(item["id"]) for item in items[1:] if isinstance(item, dict) and item.get("proficient")
    ]
    return min(proficient) if proficient else None


def export_csv(framework: Framework) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    scale = ",".join(framework.scale)
    writer.writerow(
        [
            "",
            framework.id_number,
            framework.name,
            framework.description,
            PLAIN_TEXT_FORMAT,
            scale,
            _scale_configuration(None),
            "",
            "",
            "",
            "",
            "",
            "1",
            "competency",
        ]
    )

    def rows(nodes: list[Competence], parent: str) -> None:
        for node in nodes:
            writer.writerow(
                [
                    parent,
                    node.id_number,
                    node.name,
                    node.description,
                    PLAIN_TEXT_FORMAT,
                    scale,
                    _scale_configuration(node.expected_level),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
            rows(node.children, node.id_number)

    rows(framework.competences, "")
    return buffer.getvalue()


def parse_csv(text: str) -> Framework:
    """Read a framework; every problem is reported with its line, and nothing is returned."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or [cell.strip() for cell in header[: len(HEADERS)]] != list(HEADERS):
        raise MoodleImportError(
            [(1, _("The first line is not Moodle’s competency framework header."))]
        )
    problems: list[tuple[int, str]] = []
    framework: Framework | None = None
    nodes: dict[str, tuple[int, str, Competence]] = {}
    order: list[str] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(HEADERS, [*row, *[""] * len(HEADERS)], strict=False))
        id_number, name = cells["ID number"].strip(), cells["Short name"].strip()
        if not id_number or not name:
            problems.append((line, _("Every row needs an ID number and a short name.")))
            continue
        if cells["Is framework"].strip() not in ("", "0"):
            if framework is not None:
                problems.append((line, _("The file holds more than one framework.")))
                continue
            scale = [value.strip() for value in cells["Scale values"].split(",") if value.strip()]
            if len(scale) != SCALE_SIZE:
                problems.append(
                    (
                        line,
                        _(
                            "Trinvis uses a five-point scale; this framework’s scale has "
                            "%(n)s values."
                        )
                        % {"n": len(scale)},
                    )
                )
            framework = Framework(id_number, name, cells["Description"], scale, line=line)
            continue
        try:
            expected = _expected_level(cells["Scale configuration"])
        except (ValueError, KeyError, TypeError, json.JSONDecodeError):
            problems.append((line, _("The scale configuration cannot be read.")))
            continue
        if id_number in nodes:
            problems.append(
                (
                    line,
                    _("The ID number %(id)s is also on line %(line)s.")
                    % {"id": id_number, "line": nodes[id_number][0]},
                )
            )
            continue
        node = Competence(id_number, name, cells["Description"], expected, line=line)
        nodes[id_number] = (line, cells["Parent ID number"].strip(), node)
        order.append(id_number)
    if framework is None:
        problems.append((2, _("No row is marked as the framework (“Is framework” = 1).")))
    roots: list[Competence] = []
    for id_number in order:
        line, parent, node = nodes[id_number]
        if not parent:
            roots.append(node)
        elif parent not in nodes:
            problems.append(
                (line, _("The parent ID number %(id)s is not in the file.") % {"id": parent})
            )
        else:
            nodes[parent][2].children.append(node)
    problems.extend(_cycles(nodes))
    if problems:
        raise MoodleImportError(sorted(problems))
    assert framework is not None
    framework.competences = roots
    return framework


def _cycles(nodes: dict[str, tuple[int, str, Competence]]) -> list[tuple[int, str]]:
    problems = []
    for id_number, (line, parent, _node) in nodes.items():
        seen = {id_number}
        while parent and parent in nodes:
            if parent in seen:
                problems.append(
                    (line, _("The parents of %(id)s go round in a circle.") % {"id": id_number})
                )
                break
            seen.add(parent)
            parent = nodes[parent][1]
    return problems
