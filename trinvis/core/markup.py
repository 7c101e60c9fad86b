"""Large tables of figures written in Python rather than by template loops.

A survey's results page has a table per question and a chart's data table beside most of
them: on the national data, the template engine's variable lookups in those loops cost more
than the rest of the page. The markup here is what the templates wrote before, with every
text escaped as the template engine escapes it (`conditional_escape`) and every number
localised as it localises it (`localize`), so the active language's decimal comma holds.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def text(value: Any) -> str:
    """A value as `{{ value }}` prints it: localised, then escaped."""
    return conditional_escape(localize(value))


def figures_table(
    row_header: Any, columns: Iterable[Any], rows: Iterable[tuple[Any, Sequence[Any]]]
) -> SafeString:
    """A table's head and body (what goes inside <table>): a header cell per column after the
    row header, then per row a row header and its cells."""
    head = "".join(f'<th scope="col">{text(column)}</th>' for column in columns)
    body = "".join(
        f'<tr><th scope="row">{text(header)}</th>'
        + "".join(f"<td>{text(cell)}</td>" for cell in cells)
        + "</tr>"
        for header, cells in rows
    )
    return mark_safe(  # noqa: S308 (every text escaped above)
        f'<thead><tr><th scope="col">{text(row_header)}</th>{head}</tr></thead>'
        f"<tbody>{body}</tbody>"
    )
