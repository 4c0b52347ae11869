"""Charts drawn on the server as SVG with matplotlib, from published figures only.

A suppressed figure is drawn as a gap with a hatched marker, never as zero. Text is drawn as paths,
so an SVG needs no font, and nothing is fetched.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Sequence
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

INK = "#154273"  # Rijksoverheid dark blue
MUTED = "#8fa8c8"


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "svg.fonttype": "path",
            "svg.hashsalt": "nvm",  # the same figures give the same file
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


#: An id in a drawing, or a reference to one.
_ID = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')


def _scoped(svg: str, scope: str) -> str:
    """Every id of a drawing (and every reference to it) prefixed with ``scope``: matplotlib numbers
    them per drawing (``figure_1``, ``axes_1``, the glyphs), so two drawings on one page would share
    them, and a reference could point into the other drawing."""
    return _ID.sub(lambda match: f"{match.group(1)}{scope}-{match.group(2)}", svg)


def _svg(figure: object, scope: str) -> SafeString:
    plt = _pyplot()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})  # type: ignore[attr-defined]
    plt.close(figure)
    text = buffer.getvalue()
    return mark_safe(_scoped(text[text.index("<svg") :], scope))  # noqa: S308  (our own drawing, no user text)


def as_image(svg: str, description: str) -> SafeString:
    """An SVG as an ``<img>`` with a ``data:`` URL: for WeasyPrint, which reads a standalone SVG
    cleanly (an inline one has its SVG properties read as HTML CSS first)."""
    encoded = base64.b64encode(svg.encode()).decode()
    return format_html('<img src="data:image/svg+xml;base64,{}" alt="{}">', encoded, description)


def bar_chart(labels: Sequence[str], counts: Sequence[int | None], *, title: str, suppressed: str) -> SafeString:
    """Horizontal bars, one per label; a suppressed count is a hatched stub labelled ``suppressed``."""
    plt = _pyplot()
    height = 0.4 + 0.32 * max(len(labels), 1)
    figure, axes = plt.subplots(figsize=(6.3, height))
    positions = list(range(len(labels)))[::-1]
    shown = [count if count is not None else 0 for count in counts]
    bars = axes.barh(positions, shown, color=INK, height=0.6)
    for bar, count in zip(bars, counts, strict=True):
        if count is None:
            axes.annotate(
                suppressed,
                (0, bar.get_y() + 0.3),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                color="#555555",
            )
        else:
            axes.annotate(
                str(count), (count, bar.get_y() + 0.3), xytext=(3, 0), textcoords="offset points", va="center"
            )
    axes.set_yticks(positions, labels)
    axes.set_title(title, loc="left", fontsize=10)
    axes.tick_params(axis="y", length=0)
    return _svg(figure, "bars")


def trend_chart(periods: Sequence[str], counts: Sequence[int | None], *, title: str, suppressed: str) -> SafeString:
    """Columns per period; a suppressed period is a hatched outline of the threshold's height."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(6.3, 2.6))
    positions = list(range(len(periods)))
    axes.bar(positions, [count or 0 for count in counts], color=INK, width=0.7)
    hidden = [position for position, count in zip(positions, counts, strict=True) if count is None]
    if hidden:
        top = max([count for count in counts if count is not None] or [10])
        axes.bar(
            hidden, [top * 0.05] * len(hidden), color="none", edgecolor=MUTED, hatch="///", width=0.7, label=suppressed
        )
        axes.legend(frameon=False, loc="upper left", fontsize=8)
    axes.set_xticks(
        positions, periods, rotation=45 if len(periods) > 6 else 0, ha="right" if len(periods) > 6 else "center"
    )
    axes.set_title(title, loc="left", fontsize=10)
    return _svg(figure, "trend")
