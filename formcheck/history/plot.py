"""The trend plot: one panel per figure, one line per exercise and side, dates on the x axis."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from formcheck.destinations import refuse_stdout, write_bytes
from formcheck.exercises.registry import all_specs, clinical_tests
from formcheck.history.trend import SeriesTrend, TrendMetric

SIDE_STYLE = {"left": ("#2f6db3", "o"), "right": ("#c0562f", "s")}
# The narrowest date range drawn: a week, so sessions of one day sit in the middle of their dates.
MIN_SPAN = timedelta(days=7)
# One line style per registered exercise, in registration order.
DASHES = ("-", "--", ":", "-.")


def exercise_dash(exercise: str) -> str:
    names = [spec.name for spec in all_specs()]
    return DASHES[names.index(exercise) % len(DASHES)] if exercise in names else "-"


def _figure(trends: Sequence[SeriesTrend], title: str):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    metrics = [m for m in TrendMetric if any(t.metric is m for t in trends)] or [
        TrendMetric.PEAK_HIP_EXTENSION
    ]
    figure, axes = plt.subplots(len(metrics), 1, figsize=(8, 3.2 * len(metrics)), squeeze=False, sharex=True)
    for axis, metric in zip(axes[:, 0], metrics, strict=True):
        for trend in (t for t in trends if t.metric is metric):
            colour, marker = SIDE_STYLE.get(trend.side, ("#555555", "^"))
            axis.plot(
                trend.times,
                trend.values,
                linestyle=exercise_dash(trend.exercise),
                marker=marker,
                color=colour,
                label=f"{trend.exercise} {trend.side}",
            )
        if metric is TrendMetric.TEST_ANGLE:
            axis.axhline(0.0, color="#888888", linewidth=1)
            axis.text(
                0.01,
                0.02,
                "; ".join(test.angle_note for test in clinical_tests()),
                transform=axis.transAxes,
                fontsize=8,
                color="#555555",
            )
        axis.set_ylabel(metric.label, fontsize=9)
        axis.grid(alpha=0.3)
        if axis.get_legend_handles_labels()[0]:
            axis.legend(fontsize=8, loc="best")
        axis.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    times = [time for trend in trends for time in trend.times]
    if times and max(times) - min(times) < MIN_SPAN:
        # Sessions of one day: matplotlib would spread a zero-width range over years.
        middle = min(times) + (max(times) - min(times)) / 2
        axes[0, 0].set_xlim(middle - MIN_SPAN / 2, middle + MIN_SPAN / 2)
    axes[0, 0].set_title(title, fontsize=11)
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


DEFAULT_TITLE = "formcheck history: progress per exercise and side"


def write_trend_plot(trends: Sequence[SeriesTrend], path: Path | str, *, title: str = DEFAULT_TITLE) -> Path:
    """Write the PNG (a file atomically, a device in place) and return its path."""
    import matplotlib.pyplot as plt

    refuse_stdout(path)
    figure = _figure(trends, title)
    buffer = io.BytesIO()  # drawn in memory: a failing disk then fails one write, not matplotlib
    try:
        figure.savefig(buffer, format="png", dpi=100)
    finally:
        plt.close(figure)
    return write_bytes(path, buffer.getvalue())
