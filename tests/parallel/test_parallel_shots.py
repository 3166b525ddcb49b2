"""Shots with pose workers: the workers sign the frames they decode, and the parent finds the same shots.

The clip is two sample clips cut hard at the very frame where the two workers' segments meet, so the
step that reveals the cut is taken between the last signature of one worker and the first of the
next one. The worker whose warm-up runs across the cut restarts its tracker there, as the
one-process path does, so the second shot is posed from the same fresh start either way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import formcheck.sources.shot_signature as shot_signature
from formcheck.parallel import PoseWorkers
from formcheck.pipeline import analyze_video
from formcheck.sources import open_source
from tests.sources.clips import run_ffmpeg

pytestmark = pytest.mark.slow

FPS = 15  # the sample clips' rate
FIRST_SHOT_FRAMES = 82  # where plan_segments puts the seam of a 120-frame clip for two workers
SECOND_SHOT_FRAMES = 38


@pytest.fixture(scope="module")
def clip_with_a_cut(sample_videos_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shots") / "cut.mp4"
    first = sample_videos_dir / "split-squat_back-arch_left_yaw15.mp4"
    second = sample_videos_dir / "couch-stretch_correct_left_yaw0.mp4"
    graph = (
        f"[0:v]trim=start_frame=0:end_frame={FIRST_SHOT_FRAMES},setpts=PTS-STARTPTS[a];"
        f"[1:v]trim=start_frame=0:end_frame={SECOND_SHOT_FRAMES},setpts=PTS-STARTPTS[b];"
        "[a][b]concat=n=2:v=1:a=0,format=yuv420p[v]"
    )
    run_ffmpeg(
        "-i", str(first), "-i", str(second), "-filter_complex", graph, "-map", "[v]",
        "-r", str(FPS), "-c:v", "libx264", "-crf", "18", str(out),
    )  # fmt: skip
    return out


@pytest.fixture(scope="module")
def analyses(clip_with_a_cut: Path):
    signed_here = []
    original = shot_signature.frame_signature

    def counting(image):  # noqa: ANN001, ANN202
        signed_here.append(1)
        return original(image)

    with pytest.MonkeyPatch.context() as patch:
        # Counted in this process only: the spawned worker imports the module afresh.
        patch.setattr(shot_signature, "frame_signature", counting)
        one = analyze_video(clip_with_a_cut, workers=1)
        signed_by_one = len(signed_here)
        two = analyze_video(clip_with_a_cut, workers=2)
    return one, two, signed_by_one, len(signed_here) - signed_by_one


def test_the_cut_is_where_the_two_workers_segments_meet(clip_with_a_cut: Path) -> None:
    with open_source(clip_with_a_cut) as source:
        assert source.frame_count == FIRST_SHOT_FRAMES + SECOND_SHOT_FRAMES
        segments = PoseWorkers(2, clip_with_a_cut).plan(source)
    assert [s.start for s in segments] == [0, FIRST_SHOT_FRAMES]


def test_one_and_two_workers_find_the_same_shots(analyses) -> None:
    one, two, _, _ = analyses
    cut_s = FIRST_SHOT_FRAMES / FPS
    starts = [s.start_s for s in one.report.shots]
    assert starts == pytest.approx([0.0, cut_s], abs=0.5 / FPS)
    assert [(s.start_s, s.end_s, s.kind, s.reason) for s in two.report.shots] == [
        (s.start_s, s.end_s, s.kind, s.reason) for s in one.report.shots
    ]


def test_with_workers_each_frame_is_signed_once_the_parent_signing_only_its_own_segment(analyses) -> None:
    one, _, signed_by_one, signed_by_two = analyses
    assert signed_by_one == one.report.frames_total  # the one-process path signs every frame here
    # with two workers this process poses (and signs) the first segment; the worker the rest
    assert signed_by_two == FIRST_SHOT_FRAMES


def test_the_worker_restarts_its_tracker_at_the_cut_as_one_process_does(analyses) -> None:
    one, two, _, _ = analyses
    second_shot = slice(FIRST_SHOT_FRAMES, None)
    pairs = list(zip(one.track.frames[second_shot], two.track.frames[second_shot], strict=True))
    assert len(pairs) == SECOND_SHOT_FRAMES
    for a, b in pairs:
        assert (a.pose is None) == (b.pose is None)
        if a.pose is not None:
            assert np.array_equal(a.pose.landmarks_px, b.pose.landmarks_px)
