"""The pose stage of a recorded clip in several processes, stitched back into one ordered track.

The clip is cut into contiguous segments (``plan``), one worker process each (``worker``). Frames
come back as the workers finish them; they are handed on strictly in clip order, so whoever
collects them (``pipeline.track_poses``) always holds a contiguous prefix of the clip: on Ctrl-C
that prefix is what was analysed. A segment's frames wait in memory (light ``PoseFrame``s) until
every segment before it is done.

Each frame comes with its shot signature, taken by the worker from the picture it decoded for the
pose: handed on in the same clip order, the signatures of the whole clip are those a sequential
read would take, so the shots found from them are the same and no frame is decoded twice.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from formcheck.parallel.plan import MIN_SEGMENT_FRAMES, WARMUP_FRAMES, Segment, plan_segments
from formcheck.parallel.worker import FramePosed, SegmentDone, SegmentFailed, SegmentJob, run_segment
from formcheck.sources.base import FrameSource
from formcheck.sources.capture import CaptureSource
from formcheck.sources.shot_signature import FrameSignature
from formcheck.sources.spec import SourceKind, parse_spec
from formcheck.types import PoseFrame

ProgressCallback = Callable[[int, int | None], None]  # (frames done, frames expected or None)
# How often the parent looks whether a worker died without a word (killed, out of memory).
_LIVENESS_CHECK_S = 1.0


@dataclass(frozen=True, slots=True)
class PoseWorkers:
    """The pose stage of one video file, run by ``count`` worker processes.

    The workers read and pose the file exactly as the one-process path does (same ``max_fps``
    stride, ``resize``, model, video mode with the segmentation mask), each on its own segment.
    """

    count: int
    path: str | Path
    max_fps: float | None = None
    resize: int | None = None
    model: str = "blazepose-full"
    model_path: Path | None = None
    warmup_frames: int = WARMUP_FRAMES
    min_segment_frames: int = MIN_SEGMENT_FRAMES

    def plan(self, source: FrameSource) -> list[Segment]:
        """The segments for ``source`` (opened on the same file): one when it cannot be split.

        Only a local video file is split: a stream cannot be reopened at a given frame, a camera
        has no end, a photo is one frame, and a file whose length is unknown cannot be divided.
        Segments are decoded by OpenCV (``sources/segment.py``), so what Pillow reads (an animated
        WebP) stays whole.
        """
        local_file = parse_spec(self.path).kind is SourceKind.FILE
        read_by_opencv = isinstance(source, CaptureSource)
        if (
            not local_file
            or not read_by_opencv
            or source.is_live
            or source.is_still
            or not source.frame_count
        ):
            return [Segment(0, 0, None)]
        return plan_segments(
            source.frame_count,
            self.count,
            warmup_frames=self.warmup_frames,
            min_segment_frames=self.min_segment_frames,
        )

    def observe(
        self,
        source: FrameSource,
        on_progress: ProgressCallback | None = None,
        signatures: list[FrameSignature] | None = None,
    ) -> Iterator[PoseFrame]:
        """Every frame's ``PoseFrame`` in clip order; ``source.stopped_early`` is set as a sequential
        read would set it. ``source`` itself is not read (it says how many frames to expect).

        ``signatures`` receives each frame's shot signature just before the frame is handed on, so
        it always holds one per frame handed on (or one more, when the taker was interrupted).
        """
        jobs = [
            SegmentJob(
                number, str(self.path), segment, self.max_fps, self.resize, self.model, self.model_path
            )
            for number, segment in enumerate(self.plan(source))
        ]
        context = multiprocessing.get_context("spawn")  # no fork: the parent holds decoder threads
        results = context.Queue()
        with _sigint_ignored():  # children start with Ctrl-C ignored: the parent stops them
            processes = [
                context.Process(target=run_segment, args=(job, results), daemon=True) for job in jobs
            ]
            for process in processes:
                process.start()
        try:
            for frame, signature in _stitch(jobs, processes, results, source, on_progress):
                if signatures is not None:
                    signatures.append(signature)
                yield frame
        finally:
            for process in processes:
                if process.is_alive():
                    process.terminate()
            for process in processes:
                process.join()
            results.close()
            results.join_thread()


def _stitch(
    jobs: list[SegmentJob],
    processes: list[multiprocessing.Process],
    results: multiprocessing.Queue,
    source: FrameSource,
    on_progress: ProgressCallback | None,
) -> Iterator[tuple[PoseFrame, FrameSignature]]:
    waiting: dict[int, list[tuple[PoseFrame, FrameSignature]]] = {job.number: [] for job in jobs}
    finished: dict[int, SegmentDone] = {}
    current = 0  # the segment whose frames are handed on as they come
    posed = 0
    while current < len(jobs):
        message = _next_message(results, processes, finished)
        if isinstance(message, SegmentFailed):
            raise message.error
        if isinstance(message, FramePosed):
            posed += 1
            if on_progress is not None:
                on_progress(posed, source.frame_count)
            posed_frame = (message.frame, message.signature)
            if message.number == current:
                yield posed_frame
            else:
                waiting[message.number].append(posed_frame)
            continue
        finished[message.number] = message
        while current in finished:
            if finished[current].stopped_early is not None:
                # Decoding broke inside this segment: the clip ends here, as it would sequentially.
                source.stopped_early = finished[current].stopped_early
                return
            current += 1
            if current < len(jobs):
                yield from waiting.pop(current)


def _next_message(
    results: multiprocessing.Queue, processes: list[multiprocessing.Process], finished: dict[int, SegmentDone]
) -> FramePosed | SegmentDone | SegmentFailed:
    while True:
        try:
            return results.get(timeout=_LIVENESS_CHECK_S)
        except queue.Empty:
            for number, process in enumerate(processes):
                if number not in finished and not process.is_alive() and results.empty():
                    raise RuntimeError(
                        f"pose worker {number} stopped without a result (exit code {process.exitcode})"
                    ) from None


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT while child processes start, so they inherit the ignoring from birth."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
