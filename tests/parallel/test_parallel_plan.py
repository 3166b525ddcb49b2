"""Segments cover a clip once, each after its warm-up, with the work shared evenly."""

from __future__ import annotations

import pytest

from formcheck.parallel.plan import MAX_DEFAULT_WORKERS, Segment, default_workers, plan_segments


def covered(segments: list[Segment], frame_count: int) -> list[int]:
    return [p for s in segments for p in range(s.start, frame_count if s.stop is None else s.stop)]


def work(segment: Segment, frame_count: int, skip_cost: float, start_cost: float = 0.0) -> float:
    stop = frame_count if segment.stop is None else segment.stop
    started = start_cost if segment.start > 0 else 0.0  # the first segment is posed by the caller
    return started + skip_cost * segment.warmup_start + (stop - segment.warmup_start)


@pytest.mark.parametrize("workers", [2, 3, 4, 7])
@pytest.mark.parametrize("frame_count", [421, 1000, 5003])
def test_every_frame_is_in_exactly_one_segment(workers: int, frame_count: int) -> None:
    segments = plan_segments(frame_count, workers, warmup_frames=15, min_segment_frames=60)
    assert covered(segments, frame_count) == list(range(frame_count))
    assert segments[-1].stop is None  # the last one reads to wherever the file really ends


def test_each_worker_warms_up_just_before_its_segment() -> None:
    first, *rest = plan_segments(421, 3, warmup_frames=15, min_segment_frames=60)
    assert first == Segment(0, 0, first.stop)  # the first starts cold at frame 0, as one process would
    for segment in rest:
        assert segment.start - segment.warmup_start == 15


def test_later_segments_are_shorter_by_what_skipping_to_them_costs() -> None:
    # given skipping a frame costs a tenth of posing one, 2 workers on 1000 frames:
    # worker 0 poses s frames; worker 1 skips s - 15 then poses 15 + 1000 - s, costing
    # 0.1 (s - 15) + 1015 - s = 1013.5 - 0.9 s: equal when s = 1013.5 / 1.9 = 533.4
    segments = plan_segments(1000, 2, warmup_frames=15, skip_cost=0.1, start_cost=0, min_segment_frames=60)
    assert segments[1].start == pytest.approx(533.4, abs=1)
    works = [work(s, 1000, 0.1) for s in segments]
    assert max(works) - min(works) <= 1.1


def test_segments_of_worker_processes_are_shorter_by_their_start() -> None:
    # given starting a worker process costs 40 posed frames and skipping is free, 2 workers on
    # 1000 frames: the caller poses s frames; the worker starts, then poses 15 + 1000 - s, costing
    # 40 + 1015 - s: equal when s = 1055 / 2 = 527.5
    segments = plan_segments(1000, 2, warmup_frames=15, skip_cost=0.0, start_cost=40, min_segment_frames=60)
    assert segments[1].start == pytest.approx(527.5, abs=1)
    works = [work(s, 1000, 0.0, start_cost=40) for s in segments]
    assert max(works) - min(works) <= 1.1


def test_a_clip_too_short_for_two_segments_is_not_split() -> None:
    assert plan_segments(100, 4, min_segment_frames=60) == [Segment(0, 0, None)]
    assert len(plan_segments(130, 4, min_segment_frames=60)) == 2


def test_one_worker_means_one_segment_and_zero_is_refused() -> None:
    assert plan_segments(5000, 1) == [Segment(0, 0, None)]
    with pytest.raises(ValueError, match="at least 1"):
        plan_segments(5000, 0)


def test_the_default_is_the_cores_capped() -> None:
    assert 1 <= default_workers() <= MAX_DEFAULT_WORKERS
