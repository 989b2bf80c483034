"""Plots of fidelity: group comparisons (bars), every site's trajectory (small multiples) and
one site's timeline with its milestones — server-side SVG from ``peerwork.lib.charts``, each
shown beside a table of the same figures."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fidelity.selectors import GroupComparison, Trajectory
from peerwork.lib.charts import LinePanel, Marker, Series, bar_chart_svg, small_multiples_svg
from peerwork.lib.dates import quarter_start


def group_plot_svg(comparison: GroupComparison) -> str:
    """Mean total score per group; a suppressed group is drawn as a hatched gap."""
    figures = [*comparison.groups, *([comparison.total] if comparison.total else [])]
    instrument = comparison.wave.instrument
    return bar_chart_svg(
        title=_("Fidelity by %(grouping)s, %(wave)s")
        % {"grouping": comparison.grouping_label.lower(), "wave": comparison.wave.name},
        categories=[f"{figure.label} ({figure.sites})" for figure in figures],
        series=[
            Series(
                _("Mean total score"),
                [figure.total_mean for figure in figures],
                [_("suppressed") if figure.is_suppressed else None for figure in figures],
            )
        ],
        description=_(
            "Mean of the sites' total scores on the %(low)s–%(high)s scale; groups of fewer than %(k)s sites are suppressed."
        )
        % {"low": instrument.scale_min, "high": instrument.scale_max, "k": comparison.threshold},
        max_value=float(instrument.scale_max),
        id_prefix="fidelity-groups",
    )


def _scale(trajectories: list[Trajectory]) -> tuple[float, float]:
    instruments = [p.wave.instrument for t in trajectories for p in t.points]
    if not instruments:
        return 1.0, 4.0
    return float(min(i.scale_min for i in instruments)), float(
        max(i.scale_max for i in instruments)
    )


def trajectories_svg(trajectories: list[Trajectory]) -> str:
    """One panel per site: each domain's score wave by wave."""
    wave_names: list[str] = []
    for trajectory in trajectories:
        for point in trajectory.points:
            if point.wave.name not in wave_names:
                wave_names.append(point.wave.name)
    panels = []
    for trajectory in trajectories:
        keys: list[str] = []
        for point in trajectory.points:
            for key in point.score.domains if point.score else {}:
                if key not in keys:
                    keys.append(key)
        by_wave = {point.wave.name: point.score for point in trajectory.points}
        series = [
            Series(
                key,
                [
                    (score.domains.get(key) if (score := by_wave.get(name)) else None)
                    for name in wave_names
                ],
            )
            for key in keys
        ]
        panels.append(LinePanel(trajectory.initiative.research_code, series))
    low, high = _scale(trajectories)
    return small_multiples_svg(
        title=_("Fidelity domain scores across waves, by site"),
        x_labels=wave_names,
        panels=panels,
        y_min=low,
        y_max=high,
        description=_(
            "One small chart per site (research code); one line per domain; the table below gives the same scores."
        ),
        id_prefix="fidelity-trajectories",
    )


def site_timeline_svg(trajectory: Trajectory) -> str:
    """The site's domain scores placed at the quarter each wave ended, with its achieved
    milestones as numbered dashed lines."""
    quarters = trajectory.quarters
    labels = trajectory.quarter_labels
    keys: list[str] = []
    for point in trajectory.points:
        for key in point.score.domains if point.score else {}:
            if key not in keys:
                keys.append(key)
    values: dict[str, list[float | None]] = {key: [None] * len(quarters) for key in keys}
    for point in trajectory.points:
        if point.score is None:
            continue
        position = quarters.index(quarter_start(point.wave.ends_on))
        for key, score in point.score.domains.items():
            values[key][position] = score
    markers = [
        Marker(quarters.index(quarter_start(day)), f"{day.isoformat()} {label}", number)
        for number, (day, label) in enumerate(trajectory.milestones, start=1)
        if quarter_start(day) in quarters
    ]
    low, high = _scale([trajectory])
    return small_multiples_svg(
        title=_("%(code)s: fidelity and milestones over time")
        % {"code": trajectory.initiative.research_code},
        x_labels=labels,
        panels=[LinePanel(_("Domain scores"), [Series(key, values[key]) for key in keys])],
        y_min=low,
        y_max=high,
        markers=markers,
        columns=1,
        panel_width=max(320, 60 * len(labels)),
        panel_height=220,
        description=_(
            "Domain scores at the quarter each wave ended; dashed numbered lines mark achieved milestones, listed below."
        ),
        id_prefix="fidelity-site",
    )
