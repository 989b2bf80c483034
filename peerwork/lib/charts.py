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
