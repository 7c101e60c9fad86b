"""A survey's figures on a page: `{% question_table table results %}` writes a question's
table (what goes inside <table>), `{% suppressed reason minimum %}` says why a group's
figures are hidden.

The question tables are written in Python (trinvis.core.markup explains why): a results page
shows one per question, each with a row per group and a cell per option.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trinvis.core.markup import text
from trinvis.core.numbers import rounded_text
from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.result_tables import QuestionTable, Row
from trinvis.surveys.results import SurveyResults

register = template.Library()


@register.simple_tag
def suppressed(reason: Suppressed | None, minimum: int) -> str:
    """Why a group's figures are hidden, in words."""
    if reason == Suppressed.COMPLEMENTARY:
        return _("hidden (see note)")
    return _("fewer than %(minimum)s respondents") % {"minimum": localize(minimum)}


def _or_dash(value: float | None, places: int, unit: str = "") -> str:
    return "–" if value is None else f"{rounded_text(value, places)}{unit}"


def _row(table: QuestionTable, row: Row, minimum: int) -> str:
    total = ' class="trinvis-results__total"' if row.is_total else ""
    cells = [f'<th scope="row">{text(row.label)}</th>']
    if not row.shown:
        cells.append(
            f'<td colspan="{table.width}" class="trinvis-results__suppressed">'
            f"{escape(suppressed(row.suppressed, minimum))}</td>"
        )
        return f"<tr{total}>{''.join(cells)}</tr>"
    cells.append(f"<td>{text(row.n)}</td>")
    for count, percentage in row.cells:
        share = "" if percentage is None else f" ({rounded_text(percentage, 0)} %)"
        cells.append(f"<td>{text(count)}{share}</td>")
    if table.has_mean:
        cells.append(f"<td>{_or_dash(row.mean, 2)}</td>")
    if table.is_scale:
        cells.append(f"<td>{_or_dash(row.top_two_box, 0, ' %')}</td>")
    return f"<tr{total}>{''.join(cells)}</tr>"


@register.simple_tag
def question_table(table: QuestionTable, results: SurveyResults) -> SafeString:
    """A question's figures: a row per group (or one for all), n, a column per option (count
    and share), the mean and the top-2-box where the question has them."""
    group = results.breakdown_label if results.by else _("Group")
    off_scale = escape(_("not on the scale"))
    head = [
        f'<th scope="col">{text(group)}</th>',
        f'<th scope="col"><abbr title="{escape(_("number who answered"))}">n</abbr></th>',
    ]
    for column in table.all_columns:
        note = (
            f' <span class="ds-sr-only">({off_scale})</span>' if column in table.off_scale else ""
        )
        head.append(f'<th scope="col">{text(column.label)}{note}</th>')
    if table.has_mean:
        head.append(f'<th scope="col">{escape(_("Mean"))}</th>')
    if table.is_scale:
        head.append(f'<th scope="col">{escape(_("Top 2 box"))}</th>')
    body = "".join(_row(table, row, results.minimum) for row in table.rows)
    # Every text is escaped above; the figures are numbers (core.numbers rounds them as the
    # templates' floatformat does).
    return mark_safe(  # noqa: S308
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>{body}</tbody>"
    )
