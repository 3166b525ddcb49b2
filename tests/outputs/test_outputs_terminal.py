"""The terminal summary says what the report says: the exercise's figures come from its summary."""

from __future__ import annotations

from formcheck.outputs.terminal import format_report_summary
from formcheck.types import Exercise, FrameRecord, Report, Side

FRAMES = [
    # a set-up frame with a wild arch (not in position), then two frames in position
    FrameRecord(t=0.0, pose=True, hip_extension_deg=30.0, lumbar_arch_deg=33.0),
    FrameRecord(t=0.1, pose=True, hip_extension_deg=12.0, lumbar_arch_deg=4.0),
    FrameRecord(t=0.2, pose=True, hip_extension_deg=14.0, lumbar_arch_deg=None),
]


def _report(exercise: Exercise | None, summary: dict) -> Report:
    return Report(
        source="clip.mp4", exercise=exercise, side=Side.LEFT, fps=10.0, duration_s=0.3, frames_total=3,
        frames_with_pose=3, frames=FRAMES, summary=summary,
    )  # fmt: skip


def test_with_an_exercise_the_peak_and_max_are_the_summarys_over_frames_in_position():
    summary = {
        "frames_in_position": 2,
        "peak_hip_extension_deg": 14.0,
        "max_lumbar_arch_deg": 4.0,
        "arch_measured_fraction": 0.5,
    }
    text = format_report_summary(_report(Exercise.COUCH_STRETCH, summary))
    assert "in position (2 frames, arch measurable in 50% of them)" in text
    assert "peak hip extension 14.0°" in text and "max lumbar arch 4.0°" in text
    assert "33.0" not in text and "30.0" not in text


def test_without_an_exercise_every_frame_counts():
    text = format_report_summary(_report(None, {}))
    assert "peak hip extension 30.0°" in text and "max lumbar arch 33.0°" in text
    assert "(measurable in 2/3 frames)" in text


def test_why_the_back_could_not_be_judged_is_printed_when_the_summary_says_so():
    note = "back arch could not be judged in 1/2 frames in position (arm over the back)"
    text = format_report_summary(_report(Exercise.SPLIT_SQUAT, {"frames_in_position": 2, "arch_note": note}))
    assert f"  note: {note}" in text.splitlines()
    assert "note:" not in format_report_summary(_report(Exercise.SPLIT_SQUAT, {"frames_in_position": 2}))


def test_a_report_sent_to_standard_output_is_named_so_not_as_a_file_called_dash():
    from pathlib import Path

    text = format_report_summary(_report(None, {}), [Path("-"), Path("r.csv")])
    assert "wrote standard output" in text and "wrote r.csv" in text


def test_the_range_line_names_what_range_was_judged_on_and_the_proxy_beside_it():
    from formcheck.exercises.range_reading import LandmarkProxy, RangeReading

    reading = RangeReading(
        LandmarkProxy("thigh_inclination_deg", "the knee against the hip line (+ = behind)", -3.0, False)
    )
    reading.observe(0.0, 6.0, 12.0)
    reading.observe(0.1, None, 12.0)
    summary = {"frames_in_position": 2, "range": reading.summary()}
    text = format_report_summary(_report(Exercise.SPLIT_SQUAT, summary))
    assert "range judged on hip extension 6.0° (measured in 50% of 2 frames)" in text
    assert "not judged on, shown beside it: the knee against the hip line 12.0°" in text
