"""BlazePose on the studio's rendered figure: landmarks on the body, checked against exact truth.

Runs when ``sample_videos/`` holds rendered clips with their ``.truth.json`` (skips otherwise). The
trunk points are checked, left/right swaps allowed (a known BlazePose failure in side views that
the kinematics stage handles); tolerances are a fraction of the figure's own shoulder-hip length,
so they hold at any render size.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from formcheck.landmarks import PoseLandmark as L
from formcheck.pose import create_estimator
from formcheck.sources import open_source

SAMPLE_VIDEOS = Path(__file__).resolve().parents[2] / "sample_videos"
TRUNK_TOLERANCE = 0.35  # of the shoulder-hip length in pixels
PAIRS = [("shoulder", L.LEFT_SHOULDER, L.RIGHT_SHOULDER), ("hip", L.LEFT_HIP, L.RIGHT_HIP)]


def _clips_with_truth() -> list[Path]:
    if not SAMPLE_VIDEOS.is_dir():
        return []
    clips = sorted(p for p in SAMPLE_VIDEOS.glob("*.mp4") if p.with_suffix(".truth.json").exists())
    by_exercise: dict[str, Path] = {}
    for clip in clips:  # one clip per exercise keeps this fast
        by_exercise.setdefault(clip.name.split("_")[0], clip)
    return list(by_exercise.values())


CLIPS = _clips_with_truth()


@pytest.mark.skipif(not CLIPS, reason="sample_videos/ has no rendered clips with truth yet")
@pytest.mark.parametrize("clip", CLIPS, ids=[clip.stem for clip in CLIPS])
def test_trunk_landmarks_sit_on_the_rendered_figures_joints(clip: Path) -> None:
    truth = json.loads(clip.with_suffix(".truth.json").read_text())
    middle = len(truth["frames"]) // 2
    with open_source(clip) as source, create_estimator(mode="image", segmentation=False) as estimator:
        frame = next(frame for frame in source if frame.index == middle)
        pose = estimator.estimate(frame)
    assert pose is not None, "no person found on the rendered figure"
    joints = {name: np.array(xy) for name, xy in truth["frames"][middle]["joints_px"].items()}
    torso_px = np.linalg.norm(
        (joints["left_shoulder"] + joints["right_shoulder"]) / 2
        - (joints["left_hip"] + joints["right_hip"]) / 2
    )
    for name, left, right in PAIRS:
        want_left, want_right = joints[f"left_{name}"], joints[f"right_{name}"]
        got_left, got_right = pose.point(left), pose.point(right)
        direct = max(np.linalg.norm(got_left - want_left), np.linalg.norm(got_right - want_right))
        swapped = max(np.linalg.norm(got_left - want_right), np.linalg.norm(got_right - want_left))
        assert min(direct, swapped) < TRUNK_TOLERANCE * torso_px, f"{name}: {min(direct, swapped):.0f} px off"
