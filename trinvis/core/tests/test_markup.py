"""Tables written in Python escape every text and localise every number as a template would."""

from django.template import Context, Template
from django.utils import translation

from trinvis.core.markup import figures_table, text


def test_text_escapes_and_localises_like_a_template_variable() -> None:
    template = Template("{{ value }}")
    with translation.override("da"):
        for value in ("<b>&", 2.5, 1234567, None, "plain"):
            assert text(value) == template.render(Context({"value": value}))
        assert text(2.5) == "2,5"
    assert text("<script>") == "&lt;script&gt;"


def test_figures_table_writes_head_and_rows_escaped() -> None:
    html = figures_table(
        "<Year>", ["A & B", "C"], [("2025", ["1", "<i>2</i>"]), ("2026", [3, 4.5])]
    )
    assert html == (
        '<thead><tr><th scope="col">&lt;Year&gt;</th><th scope="col">A &amp; B</th>'
        '<th scope="col">C</th></tr></thead><tbody>'
        '<tr><th scope="row">2025</th><td>1</td><td>&lt;i&gt;2&lt;/i&gt;</td></tr>'
        '<tr><th scope="row">2026</th><td>3</td><td>4.5</td></tr></tbody>'
    )
