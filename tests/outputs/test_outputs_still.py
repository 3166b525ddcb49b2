"""A photo's report reads as one moment: no duration, no curve over time, no time ranges."""

from __future__ import annotations

from formcheck.exercises import create_analyzer
from formcheck.exercises.still import judge_still
from formcheck.kinematics.lumbar import ArchRange
from formcheck.outputs.html_report import render_html_report
from formcheck.outputs.terminal import format_report_summary
from formcheck.types import Exercise, FrameRecord, Report, Side
from tests.exercises.test_exercises_still import thomas_photo


def photo_report(hug_deg: float = 120.0) -> Report:
    frame = thomas_photo(12.0, hug=hug_deg, knee=75.0)
    result = judge_still(create_analyzer(Exercise.THOMAS_TEST), frame, ArchRange(0.0, 25.0))
    record = FrameRecord(
        t=0.0, pose=True, thigh_to_horizontal_deg=12.0, knee_flexion_deg=75.0, phase="in_position"
    )
    return Report(
        source="photo.jpg", exercise=Exercise.THOMAS_TEST, side=Side.RIGHT, fps=1.0, duration_s=1.0,
        frames_total=1, frames_with_pose=1, frames=[record], mistakes=result.mistakes, summary=result.summary,
    )  # fmt: skip


def test_the_terminal_summary_of_a_photo_gives_the_moment_not_a_duration() -> None:
    text = format_report_summary(photo_report(hug_deg=60.0))
    assert "photo (one moment)" in text and "1.0 s" not in text and "frames" not in text
    assert "Thomas test: invalid" in text
    assert "thigh to horizontal 12.0°" in text and "knee flexion 75.0°" in text
    assert "lumbar arch 0–25° (not judged)" in text
    assert "at this moment  knee_not_hugged  value 60.0" in text and " s  knee_not_hugged" not in text
    assert "nothing is timed or counted" in text


def test_the_html_report_of_a_photo_has_no_curve_over_time_and_no_time_ranges() -> None:
    page = render_html_report(photo_report(hug_deg=60.0))
    assert "a photo: one moment judged" in page and "s analysed" not in page
    assert "Over time" not in page and "0:00.0" not in page
    assert "in the photo" in page and "Thomas test result" in page
    assert "Lumbar arch (range over neutral backs)" in page
