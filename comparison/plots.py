"""Plots of the comparison: a fact, or a people figure, by context — inline SVG
(``peerwork.lib.charts``) and PNG (matplotlib, Agg).

Bars show the same cells as the tables; a cell that is "none", "no data", "not applicable" or
"suppressed" is drawn as that word with a hatched mark, never as a short bar, and every plot
comes with its data table and a plain-language source.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from comparison import selectors
from comparison.disclosure import Kind, Measure, State
from comparison.facts import Fact, FactKind
from comparison.models import PracticeProfile
from comparison.selectors import Selection, Shown
from peerwork.lib.charts import PALETTE, Series, bar_chart_svg


@dataclass
class Plot:
    kind: str  # "fact" or "measure"
    key: str
    title: str
    source: str
    description: str
    categories: list[str]
    series: list[str]
    shown: list[list[Shown]]  # [series][category]
    unit: str
    max_value: float | None
    caption: str

    @property
    def source_line(self) -> str:
        """The plain-language source, as printed under the plot and inside its downloads."""
        return _("Where this comes from: %(source)s") % {"source": self.source}

    def values(self, series_index: int) -> list[float | None]:
        return [None if shown.state in _GAPS else shown.value for shown in self.shown[series_index]]

    def notes(self, series_index: int) -> list[str | None]:
        return [
            shown.state_label if shown.state != State.VALUE else None
            for shown in self.shown[series_index]
        ]

    @property
    def rows(self) -> list[tuple[str, list[Shown]]]:
        return [
            (category, [self.shown[s][c] for s in range(len(self.series))])
            for c, category in enumerate(self.categories)
        ]


_GAPS = (State.NO_DATA, State.NOT_APPLICABLE, State.SUPPRESSED)


def fact_plot(selection: Selection, fact: Fact, *, own: Sequence[PracticeProfile] = ()) -> Plot:
    matrix = selectors.context_matrix(selection, own=own)
    rows = [
        row
        for _group, fact_rows in matrix.groups
        for row in fact_rows
        if row.fact.key == fact.key and not row.is_heading
    ]
    series = [column.label for column in matrix.columns]
    shown = [[row.cells[index] for row in rows] for index in range(len(series))]
    is_number = fact.kind == FactKind.NUMBER
    return Plot(
        kind="fact",
        key=fact.key,
        title=str(fact.label),
        source=str(fact.source),
        description=str(fact.description),
        categories=[row.label for row in rows],
        series=series,
        shown=shown,
        unit="" if is_number else "%",
        max_value=None if is_number else 100,
        caption=_(
            "Share of initiatives (of those for which it is known) in %(quarter)s, by context."
        )
        % {"quarter": selection.label.split(" – ")[-1]}
        if not is_number
        else _("Median across initiatives, by context."),
    )


def people_plot(
    selection: Selection, measure: Measure, *, own: Sequence[PracticeProfile] = ()
) -> Plot:
    matrix = selectors.context_matrix(selection, own=own)
    row = next((row for row in matrix.people if row.measure.key == measure.key), None)
    series = [column.label for column in matrix.columns]
    shown = (
        [[cell] for cell in row.cells]
        if row
        else [[Shown(matrix.people_note or _("no data"), State.NO_DATA)] for _c in series]
    )
    is_share = measure.kind == Kind.SHARE
    return Plot(
        kind="measure",
        key=measure.key,
        title=str(measure.label),
        source=str(measure.source),
        description=str(measure.description),
        categories=[str(measure.label)],
        series=series,
        shown=shown,
        unit="%" if is_share else "",
        max_value=100 if is_share else None,
        caption=_(
            "Calendar year %(year)s, by context; figures from fewer than %(k)s people are suppressed."
        )
        % {"year": selection.people_year, "k": matrix.threshold},
    )


def plot_svg(plot: Plot) -> str:
    return bar_chart_svg(
        title=plot.title,
        description=f"{plot.description} {plot.caption} {plot.source_line}",
        categories=plot.categories,
        series=[
            Series(name, plot.values(index), plot.notes(index))
            for index, name in enumerate(plot.series)
        ],
        unit=plot.unit,
        max_value=plot.max_value,
        id_prefix=f"plot-{plot.key}",
    )


def plot_png(plot: Plot) -> bytes:
    # The object-oriented API with the Agg canvas: no pyplot global state, safe in a server.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    groups = len(plot.categories)
    bars = max(len(plot.series), 1)
    height = 1.6 + groups * (0.3 * bars + 0.35)
    figure = Figure(figsize=(8, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bar_height = 0.8 / bars
    values = [v for s in range(bars) for v in plot.values(s) if v is not None]
    top = plot.max_value or max(values or [1]) or 1
    for index, name in enumerate(plot.series):
        colour = PALETTE[index % len(PALETTE)]
        for group, shown in enumerate(plot.shown[index]):
            y = group + index * bar_height
            if shown.state in _GAPS:
                axes.barh(
                    y,
                    top * 0.03,
                    height=bar_height * 0.9,
                    color="white",
                    edgecolor="#595959",
                    hatch="///",
                )
                axes.text(
                    top * 0.04, y, f" {shown.state_label}", va="center", fontsize=8, color="#595959"
                )
                continue
            axes.barh(
                y,
                shown.value or 0,
                height=bar_height * 0.9,
                color=colour,
                label=name if group == 0 else None,
            )
            axes.text(shown.value or 0, y, f" {shown.text}", va="center", fontsize=8)
    axes.set_yticks([group + 0.4 - bar_height / 2 for group in range(groups)])
    axes.set_yticklabels(plot.categories)
    axes.invert_yaxis()
    axes.set_xlim(0, top * 1.3)
    if plot.unit == "%":
        axes.set_xlabel("%")
    axes.set_title(plot.title)
    if any(plot.values(index) for index in range(bars)):
        axes.legend(loc="lower right", fontsize=8, frameon=False)
    figure.text(0.01, 0.01, f"{plot.caption}\n{plot.source_line}", fontsize=7, color="#595959")
    figure.tight_layout(rect=(0, 0.07, 1, 1))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
