"""Fill in and send a page's form the way a browser would, for scenario tests that go
through the real pages: read the form's fields with their current values from the HTML,
change the ones the user changes, and post the lot.

Only what a browser sends is read: ticked checkboxes and radios, the selected options of a
select (its first option when none is marked, as a browser does for a single select), text
of textareas, values of other inputs; buttons and unticked boxes send nothing.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.test import Client

Values = dict[str, list[str]]


@dataclass
class Form:
    method: str
    action: str
    values: Values = field(default_factory=dict)

    def add(self, name: str, value: str) -> None:
        self.values.setdefault(name, []).append(value)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: list[str] | None = None
        self._option_selected = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {key: value or "" for key, value in attributes}
        present = {key for key, _value in attributes}
        if tag == "form":
            self._form = Form(attrs.get("method", "get").lower(), attrs.get("action", ""))
            self.forms.append(self._form)
        if self._form is None or "disabled" in present:
            return
        name = attrs.get("name", "")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in present:
                return
            self._form.add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in present), []
        elif tag == "option" and self._select is not None:
            self._option = [attrs["value"]] if "value" in attrs else []
            self._option_selected = "selected" in present
            if self._option:
                self._options.append((self._option[0], self._option_selected))
                self._option = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None:
            self._option.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            # A browser drops the one line break that follows the opening tag.
            text = "".join(self._text)
            self._form.add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._options.append(("".join(self._option).strip(), self._option_selected))
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            for value in chosen:
                self._form.add(name, value)
            self._select = None


def forms_of(html: str) -> list[Form]:
    reader = _Reader()
    reader.feed(html)
    return reader.forms


def post_form(
    client: Client, url: str, changes: dict[str, Any], *, action: str | None = None
) -> Any:
    """Open `url`, take its first POST form that posts to `action` (by default: to the
    page itself, which leaves out the layout's language and logout forms), change the
    fields in `changes` (a value, a list of values, or None to send nothing) and post it.
    Returns the response to the post."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    targets = {action} if action is not None else {"", url, url.split("?")[0]}
    forms = [
        form
        for form in forms_of(page.content.decode())
        if form.method == "post" and form.action in targets
    ]
    assert forms, f"no form to post on {url}"
    form = forms[0]
    values = dict(form.values)
    for name, value in changes.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = (
                [str(item) for item in value] if isinstance(value, list) else [str(value)]
            )
    return client.post(form.action or url, values)
