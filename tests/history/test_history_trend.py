"""Trend numbers from sessions whose values are known: change, slope per week, asymmetry."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from formcheck.cli import history as history_cli
from formcheck.history import SessionRecord, list_sessions, save_records, save_report
from formcheck.history.trend import RECENT_SESSIONS, TrendMetric, asymmetries, series_trends
from formcheck.types import Exercise, FrameRecord, Mistake, MistakeCode, Report, Side

START = datetime(2026, 11, 1, 7, 30, tzinfo=timezone.utc)


def _couch(day: int, side: str, peak_deg: float) -> SessionRecord:
    return SessionRecord(
        performed_at=START + timedelta(days=day),
        clip=f"couch_{side}_{day}.mp4",
        exercise="couch-stretch",
        side=side,
        peak_hip_extension_deg=peak_deg,
    )


def _thomas(day: int, side: str, angle_deg: float) -> SessionRecord:
    return SessionRecord(
        performed_at=START + timedelta(days=day),
        clip=f"thomas_{side}_{day}.mp4",
        exercise="thomas-test",
        side=side,
        thomas_angle_deg=angle_deg,
        thomas_result="positive" if angle_deg >= 8 else "negative",
    )


@pytest.fixture
def two_weeks(tmp_path):
    """Daily couch stretch for 14 days: left gains 0.5 deg/day from 8, right 0.5 deg/day from 4."""
    records = [_couch(day, "left", 8.0 + 0.5 * day) for day in range(14)]
    records += [_couch(day, "right", 4.0 + 0.5 * day) for day in range(14)]
    records += [_thomas(0, "left", 12.0), _thomas(7, "left", 9.0), _thomas(13, "left", 5.0)]
    records += [_thomas(0, "right", 6.0), _thomas(13, "right", 1.0)]
    db = tmp_path / "h.sqlite3"
    save_records(records, db)
    return db


def test_a_steady_half_degree_a_day_gain_reads_as_three_and_a_half_degrees_a_week(two_weeks):
    trends = series_trends(list_sessions(two_weeks))
    left = next(t for t in trends if t.exercise == "couch-stretch" and t.side == "left")
    assert left.sessions == 14
    assert left.first_deg == 8.0 and left.last_deg == pytest.approx(14.5)
    assert left.change_deg == pytest.approx(6.5)
    assert left.slope_deg_per_week == pytest.approx(3.5)


def test_thomas_angles_are_followed_per_side_for_the_thomas_test_only(two_weeks):
    trends = series_trends(list_sessions(two_weeks))
    thomas = [t for t in trends if t.metric is TrendMetric.TEST_ANGLE]
    assert {(t.exercise, t.side) for t in thomas} == {("thomas-test", "left"), ("thomas-test", "right")}
    left = next(t for t in thomas if t.side == "left")
    assert left.values == (12.0, 9.0, 5.0)
    assert left.change_deg == pytest.approx(-7.0)


def test_asymmetry_is_left_minus_right_over_each_sides_last_sessions(two_weeks):
    rows = asymmetries(series_trends(list_sessions(two_weeks)))
    couch = next(r for r in rows if r.exercise == "couch-stretch")
    # last 3 days (11, 12, 13): left 13.5, 14, 14.5 -> 14.0; right 9.5, 10, 10.5 -> 10.0
    assert RECENT_SESSIONS == 3
    assert couch.left_deg == pytest.approx(14.0) and couch.right_deg == pytest.approx(10.0)
    assert couch.left_minus_right_deg == pytest.approx(4.0)
    thomas = next(r for r in rows if r.metric is TrendMetric.TEST_ANGLE)
    assert thomas.left_deg == pytest.approx((12.0 + 9.0 + 5.0) / 3)
    assert thomas.right_deg == pytest.approx((6.0 + 1.0) / 2)


def test_a_side_with_a_single_session_has_no_slope_but_a_change_of_zero(tmp_path):
    db = tmp_path / "h.sqlite3"
    save_records([_couch(0, "left", 10.0)], db)
    (trend,) = series_trends(list_sessions(db))
    assert trend.change_deg == 0.0 and trend.slope_deg_per_week is None
    assert asymmetries([trend]) == []


def _report(source: str) -> Report:
    frames = [
        FrameRecord(t=i / 10, pose=True, hip_extension_deg=float(i % 7), lumbar_arch_deg=2.0 * (i % 5))
        for i in range(60)
    ]
    return Report(
        source=source,
        exercise=Exercise.COUCH_STRETCH,
        side=Side.RIGHT,
        fps=10.0,
        duration_s=6.0,
        frames_total=60,
        frames_with_pose=60,
        frames=frames,
        mistakes=[Mistake(MistakeCode.BACK_ARCH, 1.0, 2.5, 8.0, "Keep ribs down; no lumbar arch")],
        summary={"verdict": "Back arched for 1.5 s"},
    )


def test_a_saved_report_keeps_its_peaks_and_saving_it_again_adds_nothing(tmp_path):
    db = tmp_path / "h.sqlite3"
    report = _report(str(tmp_path / "missing.mp4"))
    first = save_report(report, db, performed_at=START)
    again = save_report(report, db, performed_at=START)
    (session,) = list_sessions(db)
    assert len(first) == 1 and again == []
    assert session.peak_hip_extension_deg == 6.0  # i % 7 peaks at 6
    assert session.max_lumbar_arch_deg == 8.0  # 2 * (i % 5) peaks at 8
    assert session.mistakes == ("back_arch",)
    assert (session.exercise, session.side, session.verdict) == (
        "couch-stretch",
        "right",
        "Back arched for 1.5 s",
    )


def test_the_cli_lists_sessions_and_writes_a_trend_table_and_plot(two_weeks, tmp_path):
    runner = CliRunner()
    listed = runner.invoke(history_cli.app, ["--db", str(two_weeks), "--limit", "3"])
    assert listed.exit_code == 0, listed.output
    assert len(listed.output.strip().splitlines()) == 4  # header + 3 sessions
    plot = tmp_path / "trend.png"
    trend = runner.invoke(history_cli.app, ["trend", "--db", str(two_weeks), "--plot", str(plot)])
    assert trend.exit_code == 0, trend.output
    assert "+4.0" in trend.output  # the couch-stretch asymmetry
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_cli_names_the_valid_exercises_when_given_an_unknown_one(two_weeks):
    result = CliRunner().invoke(history_cli.app, ["--db", str(two_weeks), "--exercise", "plank"])
    assert result.exit_code == 7
    assert "couch-stretch" in result.output
