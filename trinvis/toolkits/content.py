"""Toolkit content files: reading YAML with line numbers and checking the schema.

Pure Python (no Django), so the rules are fast to test. A toolkit file describes one process
model: phases in order, each with steps; each step has a purpose, reflection questions,
knowledge (Markdown), tips and the worksheet templates it uses. Every text is a mapping of
language code to text. The schema, by example:

    slug: strategic-education          # stable id, [a-z0-9-]
    version: 1                         # raise it whenever the file changes
    title: {da: …, nb: …, en: …}
    summary: {da: …, nb: …, en: …}
    source: {da: …, nb: …, en: …}      # where the facts come from
    references:                        # lists shown beside every phase (optional)
      - key: attention-points
        title: {…}
        items: [{…}, …]
    barriers:                          # optional: the barrier check (see below)
      - key: no-follow-up
        label: {…}
        addressed_by: [step-key, worksheet-key, …]
    phases:
      - key: strategy
        title: {…}
        intro: {…}                     # optional
        steps:
          - key: break-down-goals
            title: {…}
            purpose: {…}
            reflection_questions: [{…}, …]
            knowledge: {…}             # Markdown
            tips: [{…}, …]
            worksheets: [strategy-goals]
    worksheets:
      strategy-goals:
        title: {…}
        description: {…}
        rows: free                     # or fixed, with row_labels
        row_labels: [{key: …, label: {…}}]
        columns:
          - key: theme
            label: {…}
            type: text                 # see COLUMN_TYPES
            choices: [{key: …, label: {…}}]   # for type choice
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

LANGUAGES = ("da", "nb", "en")
COLUMN_TYPES = (
    "text",
    "long_text",
    "person",
    "unit",
    "date",
    "status",
    "number",
    "scale_1_5",
    "scale_0_10",
    "choice",
)
KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


@dataclass(frozen=True)
class Problem:
    """One reason a content file is refused, at its line (1-based; 0 when unknown)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


Path = tuple[str | int, ...]


def parse(text: str, file: str) -> tuple[Any, dict[Path, int]]:
    """YAML to Python data, with the line where each value starts, keyed by its path."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        column = f" at column {mark.column + 1}" if mark is not None else ""
        reason = getattr(error, "problem", None) or str(error)
        raise ContentError([Problem(file, line, f"not valid YAML{column}: {reason}")]) from None
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    duplicates: list[Problem] = []

    def walk(node: yaml.Node, path: Path) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if key_node.value in seen:
                    line = key_node.start_mark.line + 1
                    duplicates.append(Problem(file, line, f"“{key_node.value}” appears twice"))
                seen.add(key_node.value)
                walk(value_node, (*path, key_node.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    if root is not None:
        walk(root, ())
    if duplicates:
        raise ContentError(duplicates)
    return data, lines


class _Checker:
    def __init__(self, file: str, lines: dict[Path, int]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: Path, message: str) -> None:
        line = 0
        for length in range(len(path), -1, -1):
            if path[:length] in self.lines:
                line = self.lines[path[:length]]
                break
        where = ".".join(str(part) for part in path)
        self.problems.append(Problem(self.file, line, f"{where}: {message}" if where else message))

    def mapping(
        self, value: Any, path: Path, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> bool:
        if not isinstance(value, dict):
            self.problem(path, "must be a mapping (key: value)")
            return False
        for key in required:
            if key not in value:
                self.problem(path, f"“{key}” is missing")
        for key in value:
            if key not in required and key not in optional:
                self.problem((*path, key), f"unknown field “{key}”")
        return True

    def key(self, value: Any, path: Path) -> None:
        if not isinstance(value, str) or not KEY_PATTERN.match(value):
            self.problem(path, "must be a key of lower-case letters, digits and hyphens")

    def text(self, value: Any, path: Path) -> None:
        if not isinstance(value, dict) or not value:
            self.problem(path, "must map languages (da, nb, en) to text")
            return
        for language, text in value.items():
            if language not in LANGUAGES:
                self.problem((*path, language), f"unknown language “{language}”")
            elif not isinstance(text, str) or not text.strip():
                self.problem((*path, language), "must be a non-empty text")

    def texts(self, value: Any, path: Path) -> None:
        if not isinstance(value, list):
            self.problem(path, "must be a list")
            return
        for index, item in enumerate(value):
            self.text(item, (*path, index))

    def unique_keys(self, items: list[Any], path: Path, what: str) -> set[str]:
        seen: set[str] = set()
        for index, item in enumerate(items):
            key = item.get("key") if isinstance(item, dict) else None
            if isinstance(key, str):
                if key in seen:
                    self.problem((*path, index, "key"), f"the {what} key “{key}” is used twice")
                seen.add(key)
        return seen


def check(document: Any, lines: dict[Path, int], file: str) -> list[Problem]:
    """Every problem in a parsed toolkit document; an empty list means it can be loaded."""
    c = _Checker(file, lines)
    top = ("slug", "version", "title", "summary", "phases", "worksheets")
    if not c.mapping(document, (), top, ("source", "references", "barriers")):
        return c.problems
    c.key(document.get("slug"), ("slug",))
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        c.problem(("version",), "must be a whole number from 1")
    for field in ("title", "summary", "source"):
        if field in document:
            c.text(document[field], (field,))
    worksheet_keys = _check_worksheets(c, document.get("worksheets"))
    step_keys = _check_phases(c, document.get("phases"), worksheet_keys)
    _check_references(c, document.get("references", []))
    _check_barriers(c, document.get("barriers", []), step_keys | worksheet_keys)
    return c.problems


def _check_worksheets(c: _Checker, worksheets: Any) -> set[str]:
    path: Path = ("worksheets",)
    if not isinstance(worksheets, dict):
        c.problem(path, "must map worksheet keys to worksheet templates")
        return set()
    for key, sheet in worksheets.items():
        here = (*path, key)
        c.key(key, here)
        required = ("title", "rows", "columns")
        if not c.mapping(sheet, here, required, ("description", "row_labels", "row_header")):
            continue
        c.text(sheet.get("title"), (*here, "title"))
        for field in ("description", "row_header"):
            if field in sheet:
                c.text(sheet[field], (*here, field))
        rows = sheet.get("rows")
        if rows not in ("free", "fixed"):
            c.problem((*here, "rows"), "must be “free” or “fixed”")
        labels = sheet.get("row_labels")
        if rows == "fixed":
            if not isinstance(labels, list) or not labels:
                c.problem((*here, "row_labels"), "fixed rows need a list of row labels")
            else:
                _check_labelled(c, labels, (*here, "row_labels"), "row")
        elif labels is not None:
            c.problem((*here, "row_labels"), "only fixed rows have row labels")
        columns = sheet.get("columns")
        if not isinstance(columns, list) or not columns:
            c.problem((*here, "columns"), "must be a non-empty list")
            continue
        c.unique_keys(columns, (*here, "columns"), "column")
        for index, column in enumerate(columns):
            where = (*here, "columns", index)
            if not c.mapping(column, where, ("key", "label", "type"), ("choices", "help")):
                continue
            c.key(column.get("key"), (*where, "key"))
            c.text(column.get("label"), (*where, "label"))
            if "help" in column:
                c.text(column["help"], (*where, "help"))
            kind = column.get("type")
            if kind not in COLUMN_TYPES:
                c.problem((*where, "type"), f"must be one of {', '.join(COLUMN_TYPES)}")
            if kind == "choice":
                choices = column.get("choices")
                if not isinstance(choices, list) or not choices:
                    c.problem((*where, "choices"), "a choice column needs choices")
                else:
                    _check_labelled(c, choices, (*where, "choices"), "choice")
            elif "choices" in column:
                c.problem((*where, "choices"), "only a choice column has choices")
    return {key for key in worksheets if isinstance(key, str)}


def _check_labelled(c: _Checker, items: list[Any], path: Path, what: str) -> None:
    c.unique_keys(items, path, what)
    for index, item in enumerate(items):
        if c.mapping(item, (*path, index), ("key", "label"), ()):
            c.key(item.get("key"), (*path, index, "key"))
            c.text(item.get("label"), (*path, index, "label"))


def _check_phases(c: _Checker, phases: Any, worksheet_keys: set[str]) -> set[str]:
    if not isinstance(phases, list) or not phases:
        c.problem(("phases",), "must be a non-empty list")
        return set()
    c.unique_keys(phases, ("phases",), "phase")
    step_keys: set[str] = set()
    for p_index, phase in enumerate(phases):
        here: Path = ("phases", p_index)
        if not c.mapping(phase, here, ("key", "title", "steps"), ("intro",)):
            continue
        c.key(phase.get("key"), (*here, "key"))
        c.text(phase.get("title"), (*here, "title"))
        if "intro" in phase:
            c.text(phase["intro"], (*here, "intro"))
        steps = phase.get("steps")
        if not isinstance(steps, list) or not steps:
            c.problem((*here, "steps"), "must be a non-empty list")
            continue
        for s_index, step in enumerate(steps):
            where = (*here, "steps", s_index)
            optional = ("reflection_questions", "knowledge", "tips", "worksheets")
            if not c.mapping(step, where, ("key", "title", "purpose"), optional):
                continue
            key = step.get("key")
            c.key(key, (*where, "key"))
            if isinstance(key, str):
                if key in step_keys:
                    c.problem((*where, "key"), f"the step key “{key}” is used twice")
                step_keys.add(key)
            c.text(step.get("title"), (*where, "title"))
            c.text(step.get("purpose"), (*where, "purpose"))
            if "knowledge" in step:
                c.text(step["knowledge"], (*where, "knowledge"))
            for field in ("reflection_questions", "tips"):
                if field in step:
                    c.texts(step[field], (*where, field))
            for w_index, sheet in enumerate(step.get("worksheets", [])):
                if sheet not in worksheet_keys:
                    c.problem((*where, "worksheets", w_index), f"no worksheet “{sheet}”")
    return step_keys


def _check_references(c: _Checker, references: Any) -> None:
    if not isinstance(references, list):
        c.problem(("references",), "must be a list")
        return
    c.unique_keys(references, ("references",), "reference")
    for index, reference in enumerate(references):
        here: Path = ("references", index)
        if c.mapping(reference, here, ("key", "title", "items"), ("intro",)):
            c.key(reference.get("key"), (*here, "key"))
            c.text(reference.get("title"), (*here, "title"))
            if "intro" in reference:
                c.text(reference["intro"], (*here, "intro"))
            c.texts(reference.get("items"), (*here, "items"))


def _check_barriers(c: _Checker, barriers: Any, targets: set[str]) -> None:
    if not isinstance(barriers, list):
        c.problem(("barriers",), "must be a list")
        return
    c.unique_keys(barriers, ("barriers",), "barrier")
    for index, barrier in enumerate(barriers):
        here: Path = ("barriers", index)
        if not c.mapping(barrier, here, ("key", "label", "addressed_by"), ()):
            continue
        c.key(barrier.get("key"), (*here, "key"))
        c.text(barrier.get("label"), (*here, "label"))
        addressed = barrier.get("addressed_by")
        if not isinstance(addressed, list) or not addressed:
            c.problem((*here, "addressed_by"), "must list the steps or worksheets that help")
            continue
        for a_index, target in enumerate(addressed):
            if target not in targets:
                c.problem((*here, "addressed_by", a_index), f"no step or worksheet “{target}”")


def missing_translations(document: Any) -> Iterator[str]:
    """Paths of texts that lack a language; shipped content must have none."""

    def walk(value: Any, path: str) -> Iterator[str]:
        if isinstance(value, dict):
            if (
                value
                and set(value) <= set(LANGUAGES)
                and all(isinstance(v, str) for v in value.values())
            ):
                for language in LANGUAGES:
                    if language not in value:
                        yield f"{path} ({language})"
                return
            for key, item in value.items():
                yield from walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, f"{path}.{index}")

    yield from walk(document, "")


def load_text(text: str, file: str) -> dict[str, Any]:
    """Parse and check one file; raise ContentError with every problem found."""
    document, lines = parse(text, file)
    problems = check(document, lines, file)
    if problems:
        raise ContentError(problems)
    return document
