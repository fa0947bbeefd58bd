"""The figures' charts: bar charts drawn on the server as SVG with pygal, put in the page as they
are (no script, no request to another site; the data table beside each chart says the same in
words and numbers).

pygal's SVG would carry a script (its tooltips, and a ``<script>`` with its configuration) and
may name outside style sheets (web fonts): ``js=[]``, and ``_clean`` takes every ``<script>``
out; its own style is inlined in the SVG, scoped to the chart's id, from the files that come
with the package, and carries the response's CSP nonce (config/headers.py); the tooltip group,
which needs pygal's script and an inline ``style`` attribute, is taken out too. The ``<svg>`` is an image (``role="img"``) named by ``aria-label`` and its
``<title>``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from xml.etree import ElementTree

import pygal
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from pygal.style import Style

# The site's colours (site/static/css/kring.css): text 14:1 and muted text 7:1 on the page.
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#2b2622",
    foreground_strong="#2b2622",
    foreground_subtle="#5c534b",
    guide_stroke_color="#e9d9c6",
    major_guide_stroke_color="#8a8178",
    opacity="1",
    opacity_hover="0.85",
    colors=("#1f5d57", "#c2410c", "#5c534b", "#1d4ed8"),
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    no_data_font_size=20,
)

Values = Sequence[float | int | None]


def _local(tag: str) -> str:
    """A tag without its namespace (``{http://www.w3.org/2000/svg}script`` -> ``script``)."""
    return tag.rsplit("}", 1)[-1]


def _clean(label: str, nonce: str) -> Callable[[ElementTree.Element], ElementTree.Element]:
    """An xml filter for pygal: no scripts, no comments, no tooltips, the style with the
    response's nonce, an image with a name."""

    def apply(root: ElementTree.Element) -> ElementTree.Element:
        for parent in list(root.iter()):
            for child in list(parent):
                # A comment's (or processing instruction's) tag is a function, not a name.
                unwanted = not isinstance(child.tag, str) or _local(child.tag) == "script"
                if unwanted or "tooltip" in child.get("class", "").split():
                    parent.remove(child)
                elif _local(child.tag) == "style" and nonce:
                    child.set("nonce", nonce)
        root.set("role", "img")
        root.set("aria-label", label)
        root.set("focusable", "false")
        for child in root:
            if _local(child.tag) == "title":
                child.text = label
        return root

    return apply


def _integer_ticks(series: Sequence[tuple[str, Values]]) -> list[int] | None:
    """Whole-number ticks on the value axis for counts (pygal would draw 0.2, 0.4, ...)."""
    values = [value for _name, values in series for value in values if value is not None]
    if not values or any(not float(value).is_integer() for value in values):
        return None
    top = max(int(max(values)), 1)
    step = max(1, -(-top // 5))  # at most about six ticks
    return list(range(0, top + step, step))


def bar_chart(
    *,
    label: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Values]],
    horizontal: bool = False,
    nonce: str = "",
) -> SafeString:
    """A bar chart of ``series`` (name, one value per category) as inline SVG; ``label`` names
    it for people who do not see it (the table beside it has the numbers). ``nonce``: the
    response's CSP nonce (``request.csp_nonce``), without which the chart's style is refused."""
    chart_type = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = chart_type(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        classes=["pygal-chart", "figures-chart__svg"],
        width=760 if horizontal else 560,
        height=max(220, 40 * len(categories) + 90) if horizontal else 320,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        truncate_label=-1,
        truncate_legend=-1,
        x_label_rotation=0 if horizontal or sum(map(len, categories)) <= 60 else 45,
        y_labels=_integer_ticks(series),
        no_data_text=gettext("No data"),
        value_formatter=_number,
    )
    chart.add_xml_filter(_clean(label, nonce))
    # pygal draws a horizontal chart's first category at the bottom: turn it round, so the
    # chart reads from the top like the table beside it.
    order = (lambda items: list(items)[::-1]) if horizontal else list
    chart.x_labels = order(categories)
    for name, values in series:
        chart.add(name, order(values))
    # The text comes from our own labels and numbers; pygal escapes it as XML.
    return mark_safe(chart.render(is_unicode=True))  # noqa: S308


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return number_format(value, decimal_pos=1)
