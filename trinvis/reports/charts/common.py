"""What every chart shares: colours and patterns, series, the cached Altair layers and SVG."""

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by shape too.
COLOURS = ("#0062ba", "#b45309", "#15803d", "#6d28d9", "#be123c")
DASHES = ((1, 0), (6, 4), (2, 3), (8, 3, 2, 3), (4, 2))
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross")
GRID = "#8a94a0"
LABEL = "#1e2b3c"
VEGA_LITE_VERSION = "6.4"  # the version in static_build/vendor/vega-lite.min.js
LABEL_LIMIT = 200  # pixels before an axis label is cut with an ellipsis


@dataclass(frozen=True)
class Series:
    """One line of a chart: a name (shown in the legend) and one value per axis."""

    name: str
    values: Sequence[float | None]


class Frozen(dict[str, Any]):
    """`extra` as a cache key: hashable by its JSON (it only holds JSON values)."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(json.dumps(self, sort_keys=True))


def to_svg(spec: dict[str, Any]) -> str:
    """The spec as an SVG document, drawn without a browser and without fetching anything."""
    import vl_convert  # heavy; only PDFs and e-mails need it

    svg: str = vl_convert.vegalite_to_svg(
        vl_spec=spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[]
    )
    return svg


def placeholder(kind: str, index: int) -> str:
    """What a chart's shape (`_shape()`) holds in place of its `index`th series name or
    option label (`kind`): the layers are built once for every chart with as many, the real
    names put in afterwards (`cached_spec`). Names differ from page to page (a municipality,
    a person, a question's options), so a shape holding them was built afresh, some 15 ms a
    chart, on nearly every page."""
    return f"\x1f{kind} {index}\x1f"


def placeholder_series(
    series: Sequence[Series], values: Sequence[float | None] = ()
) -> tuple[Series, ...]:
    """The series of a chart's shape: placeholders for names, `values` for values."""
    return tuple(Series(placeholder("series", index), values) for index in range(len(series)))


def placeholder_options(options: Sequence[str]) -> tuple[str, ...]:
    return tuple(placeholder("option", index) for index in range(len(options)))


@functools.lru_cache(maxsize=256)
def _layers(shape: Any) -> dict[str, Any]:
    layers: dict[str, Any] = shape.chart().to_dict(validate=False)
    return layers


def _filled(node: Any, names: dict[str, str]) -> Any:
    """A copy of the cached layers (`node`) with the placeholders named."""
    if isinstance(node, dict):
        return {key: _filled(value, names) for key, value in node.items()}
    if isinstance(node, list):
        return [_filled(value, names) for value in node]
    if isinstance(node, str):
        return names.get(node, node)
    return node


def cached_spec(chart: Any, *, validate: bool, rows: dict[str, Any]) -> dict[str, Any]:
    """A chart's Vega-Lite spec: the layers Altair built once for the chart's shape (its
    `_shape()`, which leaves out rows, top-level texts and the names of series and options),
    with those named, then its title, description and rows. `validate=True` builds afresh and
    checks the spec against the Vega-Lite schema."""
    if validate:
        spec: dict[str, Any] = chart.chart().to_dict(validate=True)
    else:
        names = {
            placeholder("series", index): series.name
            for index, series in enumerate(getattr(chart, "series", ()))
        }
        names.update(
            (placeholder("option", index), option)
            for index, option in enumerate(getattr(chart, "options", ()))
        )
        names.update(
            (placeholder(text, 0), getattr(chart, text)) for text in getattr(chart, "TEXTS", ())
        )
        spec = _filled(_layers(chart._shape()), names)
        spec.update({"title": chart.title} if chart.title else {})
        spec.update({"description": chart.description} if chart.description else {})
    spec["datasets"] = rows
    return spec


def check_series(series: Sequence[Series], count: int, what: str) -> None:
    """A chart has at most as many series as colours, each with one value per `what`."""
    if len(series) > len(COLOURS):
        raise ValueError(f"at most {len(COLOURS)} series")
    for one in series:
        if len(one.values) != count:
            raise ValueError(f"series {one.name!r} needs one value per {what}")


class Drawing:
    """What a figure (a chart as a page shows it) shares: its spec's element id, the spec and
    the SVG; subclasses are dataclasses with `id` and `chart`."""

    id: str
    chart: Any

    @property
    def spec_id(self) -> str:
        return f"{self.id}-spec"

    @property
    def spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = self.chart.spec()
        return spec

    def svg(self) -> str:
        svg: str = self.chart.svg()
        return svg
