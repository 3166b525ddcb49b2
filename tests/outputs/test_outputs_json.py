"""The JSON report (schema formcheck.report/1): exact keys, rounding, no NaN, round trip, atomic write."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from formcheck.outputs.json_report import (
    TOP_LEVEL_KEYS,
    UnsupportedReportSchema,
    read_report_json,
    report_from_dict,
    report_to_dict,
    write_report_json,
)
from formcheck.types import Exercise, FrameRecord, Mistake, MistakeCode, Report, Side, StoppedEarly


def _report() -> Report:
    return Report(
        source="clips/couch.mp4",
        exercise=Exercise.COUCH_STRETCH,
        side=Side.LEFT,
        fps=29.97002997,
        duration_s=2.0020004,
        frames_total=3,
        frames_with_pose=2,
        frames=[
            FrameRecord(
                t=0.0,
                pose=True,
                hip_extension_deg=12.3456,
                trunk_thigh_deg=-3.04,
                knee_flexion_deg=90.0,
                lumbar_confidence=0.87654,
                sagittal_score=0.91234,
                phase="reset",
            ),  # fmt: skip
            FrameRecord(
                t=0.0333667, pose=True, hip_extension_deg=float("nan"), lumbar_arch_deg=np.float64(4.26)
            ),
            FrameRecord(t=0.0667334, pose=False),
        ],
        mistakes=[
            Mistake(
                MistakeCode.BACK_ARCH,
                start_s=1.23456,
                end_s=2.5,
                peak=17.456,
                message="Ribs down.",
                side=Side.LEFT,
            )
        ],
        summary={
            "hold_s": 25.04449,
            "peak_hip_extension_deg": np.float32(14.26),
            "reps": np.int64(3),
            "per_side": {"left": {"max_deg": float("inf")}},
            "verdict": None,
        },  # fmt: skip
        stopped_early=StoppedEarly(at_s=2.0333333, frame_index=61, reason="could not decode frame 61"),
        warnings=["view is oblique"],
    )


def test_top_level_keys_are_exactly_the_documented_ones() -> None:
    data = report_to_dict(_report())
    assert tuple(data) == TOP_LEVEL_KEYS
    assert TOP_LEVEL_KEYS == (
        "schema", "source", "exercise", "side", "fps", "duration_s", "frames_total", "frames_with_pose",
        "frames", "mistakes", "summary", "stopped_early", "warnings", "shots",
    )  # fmt: skip
    assert data["schema"] == "formcheck.report/1.2"
    assert (data["exercise"], data["side"]) == ("couch-stretch", "left")


def test_angles_are_rounded_to_a_tenth_and_times_to_a_millisecond() -> None:
    data = report_to_dict(_report())
    first, second = data["frames"][0], data["frames"][1]
    assert first["hip_extension_deg"] == 12.3
    assert first["trunk_thigh_deg"] == -3.0
    assert first["lumbar_confidence"] == 0.877 and first["sagittal_score"] == 0.912
    assert second["t"] == 0.033 and second["lumbar_arch_deg"] == 4.3
    assert data["fps"] == 29.97 and data["duration_s"] == 2.002
    assert data["mistakes"][0] == {
        "code": "back_arch", "start_s": 1.235, "end_s": 2.5, "peak": 17.46, "message": "Ribs down.", "side": "left",
    }  # fmt: skip
    assert data["stopped_early"] == {"at_s": 2.033, "frame_index": 61, "reason": "could not decode frame 61"}
    assert data["summary"]["hold_s"] == 25.044 and data["summary"]["peak_hip_extension_deg"] == 14.3
    assert data["summary"]["reps"] == 3 and isinstance(data["summary"]["reps"], int)


def test_every_frame_carries_every_frame_record_field_in_order() -> None:
    frame = report_to_dict(_report())["frames"][2]
    assert list(frame) == [
        "t", "pose", "hip_extension_deg", "lumbar_arch_deg", "trunk_thigh_deg", "thigh_to_horizontal_deg",
        "knee_flexion_deg", "lumbar_confidence", "sagittal_score", "phase", "leg_identity_confidence",
        "lumbar_neutral", "lumbar_uncertainty_deg",
    ]  # fmt: skip
    assert frame["pose"] is False and frame["hip_extension_deg"] is None


def test_nan_and_infinity_become_null_and_the_file_is_strict_json(tmp_path: Path) -> None:
    path = write_report_json(_report(), tmp_path / "report.json")
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text, parse_constant=lambda name: pytest.fail(f"non-standard JSON constant {name}"))
    assert data["frames"][1]["hip_extension_deg"] is None
    assert data["summary"]["per_side"]["left"]["max_deg"] is None


def test_a_report_round_trips_through_json(tmp_path: Path) -> None:
    original = _report()
    back = read_report_json(write_report_json(original, tmp_path / "r.json"))
    assert report_to_dict(back) == report_to_dict(original)
    assert back.exercise is Exercise.COUCH_STRETCH and back.side is Side.LEFT
    assert back.mistakes[0].code is MistakeCode.BACK_ARCH
    assert back.stopped_early == StoppedEarly(2.033, 61, "could not decode frame 61")
    assert back.frames[2] == FrameRecord(t=0.067, pose=False)


def test_a_report_without_exercise_or_damage_round_trips() -> None:
    bare = Report(source="camera 0", exercise=None, side=None, fps=30.0, duration_s=0.0, frames_total=0,
                  frames_with_pose=0)  # fmt: skip
    data = report_to_dict(bare)
    assert data["exercise"] is None and data["stopped_early"] is None and data["frames"] == []
    assert report_to_dict(report_from_dict(data)) == data


def test_a_later_minor_version_is_read_and_its_new_fields_ignored() -> None:
    data = report_to_dict(_report())
    data["schema"] = "formcheck.report/1.3"
    data["new_top_level_thing"] = {"x": 1}
    data["frames"][0]["pelvic_tilt_deg"] = 5.0
    assert report_from_dict(data).frames[0].hip_extension_deg == 12.3


@pytest.mark.parametrize("schema", ["formcheck.report/2", "formcheck.report/0.9", "other.report/1", None])
def test_another_major_version_or_a_foreign_file_is_refused_clearly(schema: object) -> None:
    data = report_to_dict(_report())
    data["schema"] = schema
    with pytest.raises(UnsupportedReportSchema) as caught:
        report_from_dict(data)
    assert "\n" not in str(caught.value) and "formcheck.report/1" in str(caught.value)


def test_an_unknown_mistake_code_is_refused_clearly() -> None:
    data = report_to_dict(_report())
    data["mistakes"][0]["code"] = "slouching"
    with pytest.raises(UnsupportedReportSchema, match="slouching"):
        report_from_dict(data)


def test_writing_replaces_the_file_whole_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    write_report_json(_report(), target)
    write_report_json(_report(), target)
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]
    assert json.loads(target.read_text())["frames_total"] == 3


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_report_json(_report(), target)
    before = target.read_text()
    broken = _report()
    broken.summary = {"bad": object()}
    with pytest.raises(TypeError):
        write_report_json(broken, target)
    assert target.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_no_negative_zero_in_reports() -> None:
    report = _report()
    report.frames[0].trunk_thigh_deg = -0.04
    value = report_to_dict(report)["frames"][0]["trunk_thigh_deg"]
    assert value == 0.0 and math.copysign(1, value) == 1
