"""The worker pool: what it splits, errors raised in the parent, Ctrl-C keeping a contiguous prefix."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from formcheck.errors import UnknownName
from formcheck.parallel import PoseWorkers
from formcheck.sources import open_source


def test_an_error_in_a_worker_is_raised_in_the_parent_and_no_worker_is_left(sample_videos_dir: Path) -> None:
    clip = sample_videos_dir / "thomas-test_negative_left_yaw0.mp4"
    workers = PoseWorkers(2, clip, model="no-such-model")
    with open_source(clip) as source, pytest.raises(UnknownName, match="no-such-model"):
        assert len(workers.plan(source)) == 2
        list(workers.observe(source))
    assert multiprocessing.active_children() == []


@pytest.mark.slow
def test_an_interrupt_keeps_the_frames_done_in_clip_order_and_stops_the_workers(
    sample_videos_dir: Path,
) -> None:
    # given two workers on a clip, interrupted (as by Ctrl-C in the parent) after 40 posed frames
    clip = sample_videos_dir / "thomas-test_negative_left_yaw0.mp4"
    workers = PoseWorkers(2, clip, min_segment_frames=30)

    def interrupt(done: int, expected: int | None) -> None:
        if done == 40:
            raise KeyboardInterrupt

    kept = []
    with open_source(clip) as source, pytest.raises(KeyboardInterrupt):
        for frame in workers.observe(source, interrupt):
            kept.append(frame)
    # then what was handed on is a gapless start of the clip, and every worker is gone
    assert [f.index for f in kept] == list(range(len(kept)))
    assert len(kept) < 40
    assert multiprocessing.active_children() == []


def test_only_a_local_video_file_is_split(sample_videos_dir: Path) -> None:
    clip = sample_videos_dir / "thomas-test_negative_left_yaw0.mp4"
    with open_source(clip) as source:
        assert len(PoseWorkers(2, clip).plan(source)) == 2
        # the same frames served over HTTP cannot be reopened at a frame by a worker
        assert len(PoseWorkers(2, "http://example.invalid/clip.mp4").plan(source)) == 1
