"""Per-dimension grouped bar plots: inline SVG (peerwork.lib.charts) and PNG (matplotlib, Agg).

Bars are grouped by category (the dimension itself, or each category of a distribution) with
one bar per context (or per initiative / pooled context for a service manager). Suppressed
figures are gaps labelled "suppressed", exactly as in the tables.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from comparison.access import Audience
from comparison.registry import Dimension, Kind
from comparison.tables import (
    Comparison,
    Shown,
    shown_category,
    shown_cell,
)
from peerwork.lib.charts import PALETTE, Series, bar_chart_svg


@dataclass
class Plot:
    dimension: Dimension
    title: str
    categories: list[str]
    series: list[str]
    shown: list[list[Shown]]  # [series][category]
    unit: str
    max_value: float | None

    def values(self, series_index: int) -> list[float | None]:
        return [shown.value for shown in self.shown[series_index]]

    @property
    def rows(self) -> list[tuple[str, list[Shown]]]:
        """The data table: one row per category, one cell per series."""
        return [
            (category, [self.shown[s][c] for s in range(len(self.series))])
            for c, category in enumerate(self.categories)
        ]


def plot_for(comparison: Comparison, dimension: Dimension) -> Plot:
    columns = list(comparison.context_columns)
    if comparison.audience == Audience.MANAGER:
        columns = [*comparison.initiative_columns, *columns]
    series = [column.name or column.label for column in columns]
    cells = [comparison.cell(column, dimension) for column in columns]
    if dimension.kind == Kind.DISTRIBUTION:
        categories = [str(label) for _value, label, _aggregate in dimension.categories]
        shown = [
            [shown_category(cell, index) for index in range(len(categories))] for cell in cells
        ]
    else:
        categories = [str(dimension.label)]
        shown = [[shown_cell(dimension, cell)] for cell in cells]
    is_percent = dimension.kind in (Kind.PROPORTION, Kind.DISTRIBUTION)
    return Plot(
        dimension=dimension,
        title=str(dimension.label),
        categories=categories,
        series=series,
        shown=shown,
        unit="%" if is_percent else dimension.unit,
        max_value=100 if is_percent else None,
    )


def plot_svg(plot: Plot) -> str:
    return bar_chart_svg(
        title=plot.title,
        description=_("%(title)s by organisational context. Suppressed figures are left out.")
        % {"title": plot.title},
        categories=plot.categories,
        series=[Series(name, plot.values(index)) for index, name in enumerate(plot.series)],
        unit=plot.unit,
        max_value=plot.max_value,
    )


def plot_png(plot: Plot) -> bytes:
    # The object-oriented API with the Agg canvas: no pyplot global state, safe in a server.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    groups = len(plot.categories)
    bars = max(len(plot.series), 1)
    height = 1.2 + groups * (0.3 * bars + 0.35)
    figure = Figure(figsize=(8, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bar_height = 0.8 / bars
    top = plot.max_value or max(
        [v for s in range(bars) for v in plot.values(s) if v is not None] or [1]
    )
    for index, name in enumerate(plot.series):
        colour = PALETTE[index % len(PALETTE)]
        for group, shown in enumerate(plot.shown[index]):
            y = group + index * bar_height
            if shown.value is None:
                axes.text(0, y, f" {shown.text}", va="center", fontsize=8, color="#595959")
                continue
            axes.barh(
                y,
                shown.value,
                height=bar_height * 0.9,
                color=colour,
                label=name if group == 0 else None,
            )
            axes.text(shown.value, y, f" {shown.text}", va="center", fontsize=8)
        if all(shown.value is None for shown in plot.shown[index]):
            axes.barh(0, 0, height=0, color=colour, label=name)
    axes.set_yticks([group + 0.4 - bar_height / 2 for group in range(groups)])
    axes.set_yticklabels(plot.categories)
    axes.invert_yaxis()
    axes.set_xlim(0, top * 1.15)
    if plot.unit == "%":
        axes.set_xlabel("%")
    axes.set_title(plot.title)
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
