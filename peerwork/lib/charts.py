"""Server-rendered, accessible SVG bar charts.

No inline styles or scripts (the Content Security Policy forbids them): colours and sizes are
SVG presentation attributes. Every chart carries a <title> and <desc>, and pages must still
show the same figures in a data table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Colour-blind-safe palette (Okabe–Ito), each with ≥3:1 contrast on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # None: suppressed or missing, drawn as a gap
    # Optional words per value, drawn instead of (or beside) the bar: "suppressed", "no data",
    # "not applicable", "none". A gap without a note reads "suppressed / no data".
    notes: Sequence[str | None] = ()


def _label(text: str, limit: int = 28) -> str:
    """Category labels get a fixed column; longer ones are shortened (tables show them whole)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bar_chart_svg(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    description: str = "",
    unit: str = "",
    max_value: float | None = None,
    width: int = 640,
    bar_height: int = 18,
    id_prefix: str = "chart",
) -> str:
    """Horizontal grouped bar chart: one group per category, one bar per series.

    Returns SVG markup, safe to mark_safe (every text is escaped). Give each chart on a page
    its own ``id_prefix``: the title and description ids derive from it.
    """
    prefix = escape(id_prefix)
    label_width = 190
    legend_height = 22 if len(series) > 1 else 0
    top = 30 + legend_height
    plot_width = width - label_width - 60
    group_gap = 10
    group_height = bar_height * len(series) + group_gap
    height = top + group_height * max(len(categories), 1) + 10
    values = [v for s in series for v in s.values if v is not None]
    scale_max = max_value if max_value is not None else (max(values) if values else 1) or 1

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(description or title)}</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<defs><pattern id="{prefix}-gap" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="2" height="4" fill="#595959"/></pattern></defs>',
        f'<text x="0" y="16" font-size="14" font-weight="600" fill="#212529">{escape(title)}</text>',
    ]
    if len(series) > 1:
        x = 0
        for index, one in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="26" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 16}" y="36" fill="#212529">{escape(one.name)}</text>')
            x += 24 + 7 * len(one.name)
    for row, category in enumerate(categories):
        y0 = top + row * group_height
        parts.append(
            f'<text x="{label_width - 8}" y="{y0 + group_height / 2}" text-anchor="end" '
            f'dominant-baseline="middle" fill="#212529"><title>{escape(str(category))}</title>'
            f"{escape(_label(category))}</text>"
        )
        for index, one in enumerate(series):
            value = one.values[row] if row < len(one.values) else None
            note = one.notes[row] if row < len(one.notes) else None
            y = y0 + index * bar_height
            if value is None:
                # A hatched box marks the gap, so a missing bar never reads as a short one.
                parts.append(
                    f'<rect x="{label_width + 2}" y="{y + 3}" width="14" height="{bar_height - 7}" '
                    f'fill="url(#{prefix}-gap)" stroke="#595959"/>'
                )
                parts.append(
                    f'<text x="{label_width + 22}" y="{y + bar_height / 2}" dominant-baseline="middle" '
                    f'fill="#595959">{escape(one.name + ": " if len(series) > 1 else "")}'
                    f"{escape(note or 'suppressed / no data')}</text>"
                )
                continue
            bar = max(0.0, float(value)) / scale_max * plot_width
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{label_width}" y="{y + 1}" width="{bar:.1f}" height="{bar_height - 3}" '
                f'fill="{colour}"><title>{escape(one.name)}: {_fmt(value)}{escape(unit)}</title></rect>'
            )
            parts.append(
                f'<text x="{label_width + bar + 4:.1f}" y="{y + bar_height / 2}" '
                f'dominant-baseline="middle" fill="#212529">{_fmt(value)}{escape(unit)}'
                f"{escape(' (' + note + ')') if note else ''}</text>"
            )
    parts.append(
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{height - 8}" stroke="#6c757d"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


# --- Small multiples of line charts (trajectories) ------------------------------------------


@dataclass(frozen=True)
class LinePanel:
    """One small chart: a title and its lines, one value per x position (None: a gap)."""

    title: str
    series: Sequence[Series]


@dataclass(frozen=True)
class Marker:
    """A dated event drawn as a dashed vertical line at an x position, numbered."""

    position: int
    label: str
    number: int = 0  # shown beside the line (default: its place in ``markers``)


def small_multiples_svg(
    *,
    title: str,
    x_labels: Sequence[str],
    panels: Sequence[LinePanel],
    y_min: float,
    y_max: float,
    description: str = "",
    markers: Sequence[Marker] = (),
    columns: int = 3,
    panel_width: int = 220,
    panel_height: int = 150,
    id_prefix: str = "multiples",
) -> str:
    """A grid of small line charts sharing their axes: one panel per site (or domain), one
    line per series, points marked so a single wave still shows. Markers (e.g. milestones) are
    numbered dashed lines; the page lists them in its data table.

    Returns SVG markup, safe to mark_safe (every text is escaped).
    """
    prefix = escape(id_prefix)
    names = [one.name for panel in panels for one in panel.series]
    legend = list(dict.fromkeys(names))
    columns = max(1, min(columns, len(panels) or 1))
    rows = -(-len(panels) // columns) if panels else 1
    legend_height = 20 * (-(-len(legend) // 2)) if len(legend) > 1 else 0
    top = 30 + legend_height
    gap = 16
    width = columns * (panel_width + gap) + 10
    height = top + rows * (panel_height + gap + 24) + 10
    span = (y_max - y_min) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'font-family="system-ui, sans-serif" font-size="11">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(description or title)}</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="0" y="16" font-size="14" font-weight="600" fill="#212529">{escape(title)}</text>',
    ]
    for index, name in enumerate(legend):
        x = 0 if index % 2 == 0 else width // 2
        y = 26 + 20 * (index // 2)
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 16}" y="{y + 10}" fill="#212529">{escape(_label(name, 44))}</text>'
        )
    count = max(len(x_labels), 1)
    for number, panel in enumerate(panels):
        left = 34 + (number % columns) * (panel_width + gap)
        upper = top + (number // columns) * (panel_height + gap + 24) + 16
        inner_width = panel_width - 40
        parts.append(
            f'<text x="{left}" y="{upper - 4}" font-weight="600" fill="#212529">'
            f"<title>{escape(panel.title)}</title>{escape(_label(panel.title, 32))}</text>"
        )
        parts.append(
            f'<rect x="{left}" y="{upper}" width="{inner_width}" height="{panel_height - 30}" '
            f'fill="none" stroke="#6c757d"/>'
        )

        def x_at(position: int, left: int = left, inner_width: int = inner_width) -> float:
            return left + (inner_width * (position + 0.5) / count)

        def y_at(value: float, upper: int = upper) -> float:
            return upper + (panel_height - 30) * (1 - (value - y_min) / span)

        for tick in (y_min, y_max):
            parts.append(
                f'<text x="{left - 4}" y="{y_at(tick) + 4:.1f}" text-anchor="end" fill="#595959">'
                f"{_fmt(tick)}</text>"
            )
        for position, label in enumerate(x_labels):
            parts.append(
                f'<text x="{x_at(position):.1f}" y="{upper + panel_height - 16}" text-anchor="middle" '
                f'fill="#595959">{escape(_label(label, 10))}</text>'
            )
        for marker_number, marker in enumerate(markers, start=1):
            marker_x = x_at(marker.position)
            parts.append(
                f'<line x1="{marker_x:.1f}" y1="{upper}" x2="{marker_x:.1f}" y2="{upper + panel_height - 30}" '
                f'stroke="#595959" stroke-dasharray="3 3"><title>{escape(marker.label)}</title></line>'
            )
            parts.append(
                f'<text x="{marker_x + 2:.1f}" y="{upper + 10}" fill="#595959">'
                f"{marker.number or marker_number}</text>"
            )
        for one in panel.series:
            colour = PALETTE[legend.index(one.name) % len(PALETTE)]
            points = [
                (x_at(position), y_at(float(value)))
                for position, value in enumerate(one.values)
                if value is not None
            ]
            if len(points) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
            for position, value in enumerate(one.values):
                if value is None:
                    continue
                parts.append(
                    f'<circle cx="{x_at(position):.1f}" cy="{y_at(float(value)):.1f}" r="3" '
                    f'fill="{colour}"><title>{escape(one.name)}, {escape(x_labels[position])}: '
                    f"{float(value):.2f}</title></circle>"
                )
    parts.append("</svg>")
    return "".join(parts)
