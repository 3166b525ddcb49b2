"""Progress over time: per exercise and side, how a figure moved, and left/right asymmetry.

Figures followed: peak hip extension (every exercise that measures it) and, for the exercises that
are clinical tests (their spec's ``reporting.test``), the test's angle (e.g. the Thomas test's thigh
to horizontal; + = the thigh floats above horizontal, the sign of tight hip flexors).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from formcheck.exercises.registry import clinical_tests, find_spec
from formcheck.history.store import SessionRecord

# Asymmetry compares the mean of each side's most recent sessions, so one odd day does not flip it.
RECENT_SESSIONS = 3
SECONDS_PER_WEEK = 7 * 24 * 3600.0


class TrendMetric(str, Enum):
    PEAK_HIP_EXTENSION = "peak_hip_extension_deg"
    TEST_ANGLE = "thomas_angle_deg"  # the stored column of a clinical test's angle

    @property
    def label(self) -> str:
        if self is TrendMetric.TEST_ANGLE:
            return ", ".join(test.angle_label for test in clinical_tests()) + " (deg)"
        return "peak hip extension (deg)"

    def value_of(self, record: SessionRecord) -> float | None:
        return getattr(record, self.value)


@dataclass(frozen=True, slots=True)
class SeriesTrend:
    """One figure of one exercise and side over time."""

    exercise: str
    side: str
    metric: TrendMetric
    times: tuple[datetime, ...]
    values: tuple[float, ...]

    @property
    def sessions(self) -> int:
        return len(self.values)

    @property
    def first_deg(self) -> float:
        return self.values[0]

    @property
    def last_deg(self) -> float:
        return self.values[-1]

    @property
    def change_deg(self) -> float:
        return self.values[-1] - self.values[0]

    @property
    def slope_deg_per_week(self) -> float | None:
        """Least-squares slope over time; None with fewer than two distinct times."""
        seconds = [(t - self.times[0]).total_seconds() for t in self.times]
        mean_x = sum(seconds) / len(seconds)
        mean_y = sum(self.values) / len(self.values)
        spread = sum((x - mean_x) ** 2 for x in seconds)
        if spread == 0:
            return None
        covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(seconds, self.values, strict=True))
        return covariance / spread * SECONDS_PER_WEEK


@dataclass(frozen=True, slots=True)
class Asymmetry:
    """Left minus right of one figure, each side the mean of its most recent sessions."""

    exercise: str
    metric: TrendMetric
    left_deg: float
    right_deg: float

    @property
    def left_minus_right_deg(self) -> float:
        return self.left_deg - self.right_deg


def _group(
    records: Sequence[SessionRecord], metric: TrendMetric
) -> dict[tuple[str, str], list[SessionRecord]]:
    groups: dict[tuple[str, str], list[SessionRecord]] = {}
    for record in sorted(records, key=lambda r: (r.performed_at, r.id or 0)):
        if record.exercise is None or record.side is None or metric.value_of(record) is None:
            continue
        groups.setdefault((record.exercise, record.side), []).append(record)
    return groups


def _metrics_for(exercise: str) -> tuple[TrendMetric, ...]:
    spec = find_spec(exercise)
    if spec is not None and spec.reporting.test is not None:
        return (TrendMetric.TEST_ANGLE, TrendMetric.PEAK_HIP_EXTENSION)
    return (TrendMetric.PEAK_HIP_EXTENSION,)


def series_trends(records: Sequence[SessionRecord]) -> list[SeriesTrend]:
    """Every (exercise, side, figure) with at least one measured session, in a stable order."""
    trends = []
    for metric in TrendMetric:
        for (exercise, side), group in sorted(_group(records, metric).items()):
            if metric not in _metrics_for(exercise):
                continue
            trends.append(
                SeriesTrend(
                    exercise=exercise,
                    side=side,
                    metric=metric,
                    times=tuple(r.performed_at for r in group),
                    values=tuple(float(metric.value_of(r)) for r in group),  # type: ignore[arg-type]
                )
            )
    return sorted(trends, key=lambda t: (t.exercise, t.metric is not TrendMetric.TEST_ANGLE, t.side))


def _recent_mean(values: Sequence[float]) -> float:
    recent = values[-RECENT_SESSIONS:]
    return sum(recent) / len(recent)


def asymmetries(trends: Sequence[SeriesTrend]) -> list[Asymmetry]:
    """Left vs right for each exercise and figure measured on both sides."""
    by_key: dict[tuple[str, TrendMetric], dict[str, SeriesTrend]] = {}
    for trend in trends:
        by_key.setdefault((trend.exercise, trend.metric), {})[trend.side] = trend
    rows = []
    for (exercise, metric), sides in sorted(by_key.items(), key=lambda item: (item[0][0], item[0][1].value)):
        if "left" in sides and "right" in sides:
            rows.append(
                Asymmetry(
                    exercise=exercise,
                    metric=metric,
                    left_deg=_recent_mean(sides["left"].values),
                    right_deg=_recent_mean(sides["right"].values),
                )
            )
    return rows


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def format_trend_table(trends: Sequence[SeriesTrend], rows: Sequence[Asymmetry]) -> str:
    """Plain-text tables for the terminal (the exercise column as wide as its longest name)."""
    w = max([len("exercise"), *(len(t.exercise) for t in trends), *(len(r.exercise) for r in rows)])
    lines = [
        f"{'exercise':<{w}} {'side':<6} {'figure':<40} {'n':>3} {'first':>7} {'last':>7} {'change':>7} {'/week':>7}  dates"
    ]
    for trend in trends:
        dates = f"{trend.times[0]:%Y-%m-%d} .. {trend.times[-1]:%Y-%m-%d}"
        lines.append(
            f"{trend.exercise:<{w}} {trend.side:<6} {trend.metric.label:<40} {trend.sessions:>3} "
            f"{_fmt(trend.first_deg):>7} {_fmt(trend.last_deg):>7} {_fmt(trend.change_deg, True):>7} "
            f"{_fmt(trend.slope_deg_per_week, True):>7}  {dates}"
        )
    if rows:
        lines += ["", f"left/right asymmetry (mean of each side's last {RECENT_SESSIONS} sessions)"]
        lines.append(f"{'exercise':<{w}} {'figure':<40} {'left':>7} {'right':>7} {'L - R':>7}")
        for row in rows:
            lines.append(
                f"{row.exercise:<{w}} {row.metric.label:<40} {_fmt(row.left_deg):>7} {_fmt(row.right_deg):>7} "
                f"{_fmt(row.left_minus_right_deg, True):>7}"
            )
    return "\n".join(lines)
