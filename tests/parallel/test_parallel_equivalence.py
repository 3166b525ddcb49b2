"""Two pose workers give the one-process analysis: the same frames, times, mistakes and verdict.

BlazePose's video mode tracks from frame to frame, and a tracker started at a seam never becomes
bit-identical to one that ran through it (``formcheck.parallel.plan``). So frames before the first
seam are identical and later ones agree within what was measured on this clip (6 s of a synthetic
split squat at 30 fps, seam near 3.3 s then; 3.8 s since the first segment is posed by the caller,
which starts first): body landmarks at most 2.2 px apart, angles at most 2.1 deg (hip extension)
and 2.6 deg (lumbar arch, at a gain of 360 deg per chord length of dip) on a frame, 0.3 deg on
average. The bounds below leave about half as much again. The lumbar arch is the
back-contour dip times the arch model's gain, so its bound is a bound on the dip (0.011 chord lengths,
4 deg at that gain) scaled by the gain the model ships with.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import numpy as np
import pytest

from formcheck.kinematics.arch_model import ARCH_MODEL
from formcheck.pipeline import analyze_video
from tests.sources.clips import run_ffmpeg

pytestmark = pytest.mark.slow

BODY = [11, 12, 23, 24, 25, 26, 27, 28]  # shoulders, hips, knees, ankles
MAX_LANDMARK_PX = 3.5
MAX_ANGLE_DEG = 4.0
MEAN_ANGLE_DEG = 0.5
MAX_DIP_GAP = 4.0 / 360.0  # chord lengths: the arch's bound before the gain turns it into degrees
ANGLES = (
    "hip_extension_deg",
    "trunk_thigh_deg",
    "thigh_to_horizontal_deg",
    "knee_flexion_deg",
    "lumbar_arch_deg",
)


@pytest.fixture(scope="module")
def six_seconds(sample_videos_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A split-squat hold, 6 s at 30 fps (180 frames: long enough for two segments)."""
    out = tmp_path_factory.mktemp("parallel") / "split-squat_6s.mp4"
    clip = sample_videos_dir / "split-squat_back-arch_left_yaw15.mp4"
    run_ffmpeg(
        "-ss", "14", "-i", str(clip), "-t", "6", "-r", "30", "-c:v", "libx264", "-crf", "18", "-an", str(out)
    )
    return out


@pytest.fixture(scope="module")
def analyses(six_seconds: Path):
    one = analyze_video(six_seconds, exercise="split-squat", workers=1)
    two = analyze_video(six_seconds, exercise="split-squat", workers=2)
    return one, two


def test_no_frame_is_lost_or_doubled_and_times_are_the_same(analyses) -> None:
    one, two = analyses
    assert len(one.track.frames) == 180
    assert [f.index for f in two.track.frames] == [f.index for f in one.track.frames]
    assert [f.timestamp_s for f in two.track.frames] == [f.timestamp_s for f in one.track.frames]
    assert two.report.frames_total == one.report.frames_total
    assert two.report.frames_with_pose == one.report.frames_with_pose
    assert [r.t for r in two.report.frames] == [r.t for r in one.report.frames]


def test_the_frames_before_the_first_seam_are_identical(analyses) -> None:
    one, two = analyses
    same = 0
    for a, b in zip(one.track.frames, two.track.frames, strict=True):
        if a.pose is None or b.pose is None or not np.array_equal(a.pose.landmarks_px, b.pose.landmarks_px):
            break
        assert a.back == b.back
        same += 1
    assert 60 <= same < 180  # the first segment, bit for bit; and the second one really ran apart


def test_landmarks_after_the_seam_agree_within_the_tracker_spread(analyses) -> None:
    one, two = analyses
    gaps = [
        np.abs(a.pose.landmarks_px - b.pose.landmarks_px)[BODY].max()
        for a, b in zip(one.track.frames, two.track.frames, strict=True)
        if a.pose is not None and b.pose is not None
    ]
    assert len(gaps) == one.report.frames_with_pose
    assert max(gaps) <= MAX_LANDMARK_PX


@pytest.mark.parametrize("name", ANGLES)
def test_angles_agree_within_the_stated_tolerance(analyses, name: str) -> None:
    one, two = analyses
    pairs = [
        (getattr(a, name), getattr(b, name))
        for a, b in zip(one.report.frames, two.report.frames, strict=True)
    ]
    assert all((x is None) == (y is None) for x, y in pairs)
    gaps = [abs(x - y) for x, y in pairs if x is not None]
    assert gaps
    scale = ARCH_MODEL.gain_deg_per_dip * MAX_DIP_GAP / MAX_ANGLE_DEG if name == "lumbar_arch_deg" else 1.0
    assert max(gaps) <= MAX_ANGLE_DEG * scale
    assert float(np.mean(gaps)) <= MEAN_ANGLE_DEG * scale


def test_the_report_says_the_same(analyses) -> None:
    one, two = analyses
    assert two.report.exercise == one.report.exercise
    assert two.report.side == one.report.side
    assert [(m.code, m.start_s, m.end_s) for m in two.report.mistakes] == [
        (m.code, m.start_s, m.end_s) for m in one.report.mistakes
    ]
    assert two.report.summary["verdict"] == one.report.summary["verdict"]
    assert [r.phase for r in two.report.frames] == [r.phase for r in one.report.frames]


def test_no_worker_process_is_left_behind(analyses) -> None:
    assert multiprocessing.active_children() == []
