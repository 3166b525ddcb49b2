"""The capture thread hands over the newest frame and drops the rest, never queueing."""

from __future__ import annotations

import threading
import time

import numpy as np

from formcheck.live.grabber import NewestFrameGrabber
from formcheck.types import Frame

TINY = np.zeros((2, 2, 3), np.uint8)


def camera(count: int, interval_s: float, started: threading.Event | None = None):
    """A fake camera: ``count`` frames, one every ``interval_s`` seconds."""
    for index in range(count):
        if started is not None:
            started.set()
        time.sleep(interval_s)
        yield Frame(index, index * interval_s, TINY)


def test_a_slow_consumer_gets_the_newest_frame_and_the_rest_are_counted_as_dropped():
    received = []
    with NewestFrameGrabber(camera(60, 0.005)) as grabber:
        while (grabbed := grabber.next(timeout_s=2.0)) is not None:
            received.append(grabbed.frame.index)
            time.sleep(0.04)  # processing 8x slower than the camera
        stats = grabber.stats
    assert received == sorted(received)
    assert stats.produced == 60
    assert stats.delivered == len(received) < 30
    assert stats.dropped == stats.produced - stats.delivered
    assert received[-1] == 59  # the last frame the camera made is never lost to a backlog


def test_frames_are_never_queued_behind_each_other():
    gate = threading.Event()

    def burst():
        for index in range(10):
            yield Frame(index, index / 30, TINY)
        gate.set()

    with NewestFrameGrabber(burst()) as grabber:
        gate.wait(2.0)
        time.sleep(0.05)
        first = grabber.next(timeout_s=1.0)
        after = grabber.next(timeout_s=0.2)
    assert first is not None and first.frame.index == 9
    assert after is None
    assert grabber.stats.dropped == 9


def test_lossless_mode_hands_over_every_frame_of_a_file():
    indices = []
    with NewestFrameGrabber(camera(20, 0.0), lossless=True) as grabber:
        while (grabbed := grabber.next(timeout_s=2.0)) is not None:
            indices.append(grabbed.frame.index)
            time.sleep(0.005)
    assert indices == list(range(20))
    assert grabber.stats.dropped == 0


def test_paced_file_frames_arrive_at_their_timestamps_not_faster():
    frames = [Frame(i, i * 0.02, TINY) for i in range(10)]  # 0.18 s of "video"
    started = time.monotonic()
    with NewestFrameGrabber(frames, paced=True, lossless=False) as grabber:
        while grabber.next(timeout_s=2.0) is not None:
            pass
    assert time.monotonic() - started >= 0.17


def test_a_source_that_raises_mid_way_ends_the_stream_and_keeps_the_reason():
    def unplugged():
        yield Frame(0, 0.0, TINY)
        raise OSError("camera unplugged")

    with NewestFrameGrabber(unplugged(), lossless=True) as grabber:
        first = grabber.next(timeout_s=2.0)
        end = grabber.next(timeout_s=2.0)
    assert first is not None and end is None
    assert isinstance(grabber.error, OSError)
    assert grabber.finished


def _wait_until_produced(grabber: NewestFrameGrabber, count: int) -> None:
    deadline = time.monotonic() + 2.0
    while grabber.stats.produced < count and time.monotonic() < deadline:
        time.sleep(0.001)


def test_a_frame_that_waited_too_long_is_dropped_for_the_next_one_due():
    now = [0.0]
    next_frame = threading.Event()

    def camera_of_two():
        yield Frame(0, 0.0, TINY)
        next_frame.wait(2.0)
        yield Frame(1, 1 / 30, TINY)
        next_frame.wait(2.0)  # the camera goes on (the source has not ended)

    with NewestFrameGrabber(camera_of_two(), max_age_s=0.01, clock=lambda: now[0]) as grabber:
        _wait_until_produced(grabber, 1)
        now[0] = 0.02  # frame 0 has now waited twice the allowed age
        threading.Timer(0.05, next_frame.set).start()
        grabbed = grabber.next(timeout_s=2.0)
        stats = grabber.stats
    assert grabbed is not None and grabbed.frame.index == 1
    assert (stats.delivered, stats.dropped) == (1, 1)


def test_a_frame_within_its_age_is_taken_at_once():
    now = [0.0]
    more = threading.Event()

    def camera_of_one():
        yield Frame(0, 0.0, TINY)
        more.wait(2.0)

    with NewestFrameGrabber(camera_of_one(), max_age_s=0.01, clock=lambda: now[0]) as grabber:
        _wait_until_produced(grabber, 1)
        now[0] = 0.005
        started = time.monotonic()
        grabbed = grabber.next(timeout_s=2.0)
        waited_s = time.monotonic() - started
        more.set()
    assert grabbed is not None and grabbed.frame.index == 0
    assert grabber.stats.dropped == 0 and waited_s < 1.0


def test_a_stale_frame_is_still_delivered_when_no_newer_one_comes():
    silent = threading.Event()

    def camera_that_stalls():
        yield Frame(0, 0.0, TINY)
        silent.wait(2.0)

    with NewestFrameGrabber(camera_that_stalls(), max_age_s=0.01) as grabber:
        _wait_until_produced(grabber, 1)
        time.sleep(0.05)
        grabbed = grabber.next(timeout_s=0.2)
        silent.set()
    assert grabbed is not None and grabbed.frame.index == 0
    assert grabber.stats.dropped == 0


def test_lossless_files_never_drop_stale_frames():
    indices = []
    with NewestFrameGrabber(camera(10, 0.0), lossless=True, max_age_s=0.0) as grabber:
        while (grabbed := grabber.next(timeout_s=2.0)) is not None:
            indices.append(grabbed.frame.index)
            time.sleep(0.005)
    assert indices == list(range(10))
