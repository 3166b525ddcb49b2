"""The per-frame CSV: header = FrameRecord fields, empty cells for unmeasurable values, atomic."""

from __future__ import annotations

import csv
from pathlib import Path

from formcheck.outputs.csv_report import write_frames_csv
from formcheck.types import FrameRecord, Report


def _report() -> Report:
    return Report(
        source="clip.mp4", exercise=None, side=None, fps=30.0, duration_s=0.1, frames_total=3, frames_with_pose=2,
        frames=[
            FrameRecord(t=0.0, pose=True, hip_extension_deg=10.04, knee_flexion_deg=95.26, phase="hold"),
            FrameRecord(t=0.0333333, pose=True, trunk_thigh_deg=float("nan"), sagittal_score=0.5),
            FrameRecord(t=0.0666667, pose=False),
        ],
    )  # fmt: skip


def test_one_row_per_frame_under_the_frame_record_header(tmp_path: Path) -> None:
    path = write_frames_csv(_report(), tmp_path / "frames.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "t", "pose", "hip_extension_deg", "lumbar_arch_deg", "trunk_thigh_deg", "thigh_to_horizontal_deg",
        "knee_flexion_deg", "lumbar_confidence", "sagittal_score", "phase", "leg_identity_confidence",
        "lumbar_neutral", "lumbar_uncertainty_deg",
    ]  # fmt: skip
    assert len(rows) == 3
    assert (
        rows[0]["t"] == "0.0"
        and rows[0]["hip_extension_deg"] == "10.0"
        and rows[0]["knee_flexion_deg"] == "95.3"
    )
    assert rows[0]["phase"] == "hold" and rows[0]["pose"] == "true"
    assert rows[1]["t"] == "0.033" and rows[1]["sagittal_score"] == "0.5"


def test_unmeasurable_values_are_empty_cells_never_nan_or_none(tmp_path: Path) -> None:
    path = write_frames_csv(_report(), tmp_path / "frames.csv")
    text = path.read_text(encoding="utf-8")
    assert "nan" not in text.lower() and "None" not in text
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[2][1] == "true" and rows[2][4] == ""  # NaN trunk-thigh -> empty
    assert rows[3] == ["0.067", "false", "", "", "", "", "", "", "", "", "", "", ""]


def test_every_row_has_as_many_cells_as_the_header_and_no_temporaries_stay(tmp_path: Path) -> None:
    path = write_frames_csv(_report(), tmp_path / "frames.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        widths = {len(row) for row in csv.reader(handle)}
    assert widths == {13}
    assert [p.name for p in tmp_path.iterdir()] == ["frames.csv"]
