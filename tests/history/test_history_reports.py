"""Which session rows a report becomes: one per measured side, figures from that side's summary."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from formcheck.history import list_sessions, records_from_report, save_report
from formcheck.types import Exercise, FrameRecord, Mistake, MistakeCode, Report, Side

WHEN = datetime(2026, 11, 20, 7, 0, tzinfo=timezone.utc)


def _thomas_both_legs() -> Report:
    frames = [
        FrameRecord(t=i / 10, pose=True, thigh_to_horizontal_deg=9.0, hip_extension_deg=-9.0)
        for i in range(30)
    ]
    return Report(
        source="thomas_both.mp4",
        exercise=Exercise.THOMAS_TEST,
        side=Side.LEFT,
        fps=10.0,
        duration_s=3.0,
        frames_total=30,
        frames_with_pose=30,
        frames=frames,
        mistakes=[
            Mistake(MistakeCode.BACK_ARCH, 2.0, 2.8, 17.0, "Keep ribs down; no lumbar arch", Side.RIGHT)
        ],
        summary={
            "thomas_result": "positive",
            "per_side": {
                "left": {
                    "result": "positive",
                    "thigh_to_horizontal_deg": 9.5,
                    "peak_hip_extension_deg": -9.5,
                },
                "right": {"result": "invalid", "thigh_to_horizontal_deg": 2.0},
            },
            "verdict": "Thomas test: left leg positive; right leg invalid.",
        },
    )


def test_a_thomas_test_of_both_legs_becomes_one_row_per_leg_with_that_legs_angle_and_result():
    rows = {r.side: r for r in records_from_report(_thomas_both_legs(), performed_at=WHEN)}
    assert set(rows) == {"left", "right"}
    assert (rows["left"].thomas_angle_deg, rows["left"].thomas_result) == (9.5, "positive")
    assert (rows["right"].thomas_angle_deg, rows["right"].thomas_result) == (2.0, "invalid")
    assert rows["right"].mistakes == ("back_arch",) and rows["left"].mistakes == ()
    # the per-frame curves belong to the working (left) side only: never lent to the right side
    assert rows["right"].peak_hip_extension_deg is None
    assert rows["left"].peak_hip_extension_deg == -9.5


def test_the_analyzers_in_position_peak_wins_over_the_raw_frame_maximum():
    report = _thomas_both_legs()
    report.exercise = Exercise.COUCH_STRETCH
    report.summary = {"peak_hip_extension_deg": 4.0, "per_side": {}}
    report.frames[3].hip_extension_deg = 30.0  # e.g. a set-up moment, outside the position
    (row,) = records_from_report(report, performed_at=WHEN)
    assert row.peak_hip_extension_deg == 4.0


def test_a_figure_the_analyzer_reports_as_unmeasured_stays_unmeasured():
    report = _thomas_both_legs()
    report.exercise = Exercise.SPLIT_SQUAT
    report.summary = {"max_lumbar_arch_deg": None}
    report.frames[0].lumbar_arch_deg = 40.0
    (row,) = records_from_report(report, performed_at=WHEN)
    assert row.max_lumbar_arch_deg is None


def test_saving_a_two_leg_report_adds_two_sessions(tmp_path):
    db = tmp_path / "h.sqlite3"
    ids = save_report(_thomas_both_legs(), db, performed_at=WHEN)
    assert len(ids) == 2
    assert sorted(s.thomas_angle_deg for s in list_sessions(db)) == [pytest.approx(2.0), pytest.approx(9.5)]


def test_a_loose_hug_of_the_other_leg_counts_against_the_only_leg_tested():
    report = _thomas_both_legs()
    report.summary["per_side"].pop("right")
    report.mistakes = [
        Mistake(MistakeCode.KNEE_NOT_HUGGED, 1.0, 2.0, 60.0, "Hug one knee tight to your chest", Side.RIGHT)
    ]
    (row,) = records_from_report(report, performed_at=WHEN)
    assert row.side == "left" and row.mistakes == ("knee_not_hugged",)
