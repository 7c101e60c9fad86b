"""Template components that wrap Designsystemet: pages use these, not raw markup.

- `{% component "alert" color="success" %}…{% endcomponent %}`: a wrapper component whose
  template (core/components/<name>.html) receives the inner HTML as `content`; used for
  alert, table and card.
- `{% field form.email %}`: label, input, help text and errors, linked for screen readers.
- `{% form_errors form %}`: the error summary at the top of a form.
- `{% button %}`, `{% link_button %}`, `{% empty_state %}`, `{% step_indicator %}`.
"""

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.template.base import FilterExpression, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


class ComponentNode(template.Node):
    def __init__(
        self, name: FilterExpression, options: dict[str, FilterExpression], nodelist: Any
    ) -> None:
        self.name = name
        self.options = options
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        options = {key: value.resolve(context) for key, value in self.options.items()}
        options["content"] = self.nodelist.render(context)
        name = self.name.resolve(context)
        return render_to_string(f"core/components/{name}.html", options)


@register.tag
def component(parser: Parser, token: Token) -> ComponentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("component needs a name")
    options = {}
    for bit in bits[2:]:
        key, sep, value = bit.partition("=")
        if not sep:
            raise template.TemplateSyntaxError(f"component options are key=value, not {bit!r}")
        options[key] = parser.compile_filter(value)
    nodelist = parser.parse(("endcomponent",))
    parser.delete_first_token()
    return ComponentNode(parser.compile_filter(bits[1]), options, nodelist)


def _widget_kind(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.inclusion_tag("core/components/field.html")
def field(bound: forms.BoundField, **attrs: Any) -> dict[str, Any]:
    widget_attrs: dict[str, str | bool] = {"class": "ds-input"}
    described_by = []
    if bound.help_text:
        described_by.append(f"{bound.auto_id}_help")
    if bound.errors:
        described_by.append(f"{bound.auto_id}_error")
        widget_attrs["aria-invalid"] = "true"
    if described_by:
        widget_attrs["aria-describedby"] = " ".join(described_by)
    widget_attrs.update({key.replace("_", "-"): value for key, value in attrs.items()})
    kind = _widget_kind(bound)
    if kind == "choices":
        widget_attrs.pop("class")
    return {
        "bound": bound,
        "kind": kind,
        "widget": bound.as_widget(attrs=widget_attrs),
        "required": bound.field.required,
    }


@register.inclusion_tag("core/components/form_errors.html")
def form_errors(form: forms.BaseForm) -> dict[str, Any]:
    field_errors = [
        (form[name].auto_id, form[name].label, error)
        for name, errors in form.errors.items()
        if name != NON_FIELD_ERRORS
        for error in errors
    ]
    return {"non_field_errors": form.non_field_errors(), "field_errors": field_errors}


@register.inclusion_tag("core/components/button.html")
def button(
    label: str, variant: str = "primary", type: str = "submit", name: str = "", value: str = ""
) -> dict[str, Any]:
    return {"label": label, "variant": variant, "type": type, "name": name, "value": value}


@register.inclusion_tag("core/components/link_button.html")
def link_button(label: str, url: str, variant: str = "secondary") -> dict[str, Any]:
    return {"label": label, "url": url, "variant": variant}


@register.inclusion_tag("core/components/empty_state.html")
def empty_state(
    title: str, text: str = "", action_url: str = "", action_label: str = "", level: int = 3
) -> dict[str, Any]:
    return {
        "title": title,
        "text": text,
        "action_url": action_url,
        "action_label": action_label,
        "level": level,
    }


@register.inclusion_tag("core/components/step_indicator.html")
def step_indicator(steps: list[dict[str, Any]], label: str = "") -> dict[str, Any]:
    """Steps are dicts with `label`, `status` (done/current/todo/skipped) and optional `url`."""
    return {"steps": steps, "label": label}


@register.inclusion_tag("core/components/pagination.html", takes_context=True)
def pagination(context: Context, page: Any) -> dict[str, Any]:
    """Previous/next links that keep the page's other query parameters (search, filters)."""
    return {"page": page, "request": context["request"]}
