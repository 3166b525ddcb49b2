"""reset(): one loaded model serves the next clip exactly as a freshly created one would."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formcheck.pose import create_estimator
from formcheck.sources import open_source
from formcheck.types import Frame


@pytest.fixture(scope="module")
def clip_frames(realclips_dir: Path) -> list[Frame]:
    with open_source(realclips_dir / "bss_gym_side_01.mp4", max_fps=10) as source:
        return [frame for frame, _ in zip(source, range(6), strict=False)]


@pytest.mark.parametrize("backend", ["bundled", "tasks"])
def test_after_reset_the_next_clip_gets_the_same_poses_as_a_fresh_estimator(
    clip_frames: list[Frame], backend: str, tmp_path: Path
) -> None:
    if backend == "bundled":
        kwargs: dict = {}
    else:
        from formcheck.pose.mediapipe_backend import build_task_from_bundled_model

        kwargs = {"model_path": build_task_from_bundled_model(tmp_path / "full.task")}
    second_clip = clip_frames[3:]  # starts again at its own t=0 below
    restarted = [
        Frame(i, frame.timestamp_s - second_clip[0].timestamp_s, frame.image)
        for i, frame in enumerate(second_clip)
    ]
    with create_estimator(segmentation=False, **kwargs) as fresh:
        expected = [fresh.estimate(frame) for frame in restarted]
    with create_estimator(segmentation=False, **kwargs) as reused:
        for frame in clip_frames:  # the first clip, which runs past the second clip's timestamps
            reused.estimate(frame)
        reused.reset()
        got = [reused.estimate(frame) for frame in restarted]
    for want, have in zip(expected, got, strict=True):
        assert want is not None and have is not None
        np.testing.assert_allclose(have.landmarks_px, want.landmarks_px, atol=1e-6)
