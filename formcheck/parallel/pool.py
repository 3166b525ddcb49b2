"""The pose stage of a recorded clip in several processes, stitched back into one ordered track.

The clip is cut into contiguous segments (``plan``). The calling process poses the first segment
itself and one worker process each poses the others (``worker``): a process of its own for the
first segment would cost one more Python start, import and model load (~2 s of CPU, against ~12 s
of pose work for a 14-s clip) while the caller only waited. Frames come back as they are posed;
they are handed on strictly in clip order, so whoever collects them (``pipeline.track_poses``)
always holds a contiguous prefix of the clip: on Ctrl-C that prefix is what was analysed. A
segment's frames wait in memory (light ``PoseFrame``s) until every segment before it is done.

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
from dataclasses import dataclass, field
from pathlib import Path

from formcheck.parallel.plan import MIN_SEGMENT_FRAMES, WARMUP_FRAMES, Segment, plan_segments
from formcheck.parallel.worker import (
    FramePosed,
    SegmentDone,
    SegmentFailed,
    SegmentJob,
    pose_segment,
    run_segment,
)
from formcheck.sources.base import FrameSource
from formcheck.sources.capture import CaptureSource
from formcheck.sources.shot_signature import FrameSignature
from formcheck.sources.spec import SourceKind, parse_spec
from formcheck.sources.spill import FrameSpill, SpilledPicture
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
        spill: FrameSpill | None = None,
    ) -> Iterator[PoseFrame]:
        """Every frame's ``PoseFrame`` in clip order; ``source.stopped_early`` is set as a sequential
        read would set it. ``source`` itself is not read (it says how many frames to expect).

        ``signatures`` receives each frame's shot signature just before the frame is handed on, so
        it always holds one per frame handed on (or one more, when the taker was interrupted).
        With ``spill`` each worker keeps the pictures it decodes in a file of the spill's folder and
        the spill books them in clip order as the frames are handed on (no picture crosses the queue,
        so frames waiting for an earlier segment stay light); a worker that could not write one
        sends None, and the spill then keeps nothing (``FrameSpill.failure``).
        """
        spill_folder = str(spill.folder) if spill is not None and spill.failure is None else None
        jobs = [
            SegmentJob(
                number,
                str(self.path),
                segment,
                self.max_fps,
                self.resize,
                self.model,
                self.model_path,
                spill_folder,
            )
            for number, segment in enumerate(self.plan(source))
        ]
        context = multiprocessing.get_context("spawn")  # no fork: the parent holds decoder threads
        results = context.Queue()
        # The worker processes start first: they boot while this process loads its own model.
        with _sigint_ignored():  # children start with Ctrl-C ignored: the parent stops them
            processes = {
                job.number: context.Process(target=run_segment, args=(job, results), daemon=True)
                for job in jobs[1:]
            }
            for process in processes.values():
                process.start()
        stitcher = _Stitcher(len(jobs), source, on_progress)
        own = pose_segment(jobs[0])
        try:
            for frame, signature, picture in _stitch(own, stitcher, processes, results):
                if signatures is not None:
                    signatures.append(signature)
                if spill is not None:  # a picture not kept (None) stops the spill
                    spill.keep(frame.index, frame.timestamp_s, picture)
                yield frame
        finally:
            own.close()
            for process in processes.values():
                if process.is_alive():
                    process.terminate()
            for process in processes.values():
                process.join()
            results.close()
            results.join_thread()


Posed = tuple[PoseFrame, FrameSignature, SpilledPicture | None]


def _stitch(
    own: Iterator[Posed],
    stitcher: _Stitcher,
    processes: dict[int, multiprocessing.Process],
    results: multiprocessing.Queue,
) -> Iterator[Posed]:
    """The first segment as this process poses it, then the workers' frames in clip order."""
    while True:
        try:
            posed = next(own)
        except StopIteration as end:
            yield from stitcher.segment_done(end.value)
            break
        stitcher.count_frame()
        yield posed
        # What the workers sent meanwhile: kept for later, a failure raised now.
        while (message := _message_now(results)) is not None:
            yield from stitcher.receive(message)
    while not stitcher.complete:
        yield from stitcher.receive(_next_message(results, processes, stitcher.finished))


@dataclass(slots=True)
class _Stitcher:
    """Hands on the frames of segment ``current`` as they come, keeps later segments' until then."""

    segments: int
    source: FrameSource
    on_progress: ProgressCallback | None
    waiting: dict[int, list[Posed]] = field(default_factory=dict)
    finished: dict[int, SegmentDone] = field(default_factory=dict)
    current: int = 0  # the segment whose frames are handed on as they come
    posed: int = 0

    @property
    def complete(self) -> bool:
        return self.current >= self.segments

    def count_frame(self) -> None:
        self.posed += 1
        if self.on_progress is not None:
            self.on_progress(self.posed, self.source.frame_count)

    def receive(self, message: FramePosed | SegmentDone | SegmentFailed) -> Iterator[Posed]:
        if isinstance(message, SegmentFailed):
            raise message.error
        if isinstance(message, SegmentDone):
            yield from self.segment_done(message)
            return
        self.count_frame()
        posed = (message.frame, message.signature, message.picture)
        if message.number == self.current:
            yield posed
        else:
            self.waiting.setdefault(message.number, []).append(posed)

    def segment_done(self, done: SegmentDone) -> Iterator[Posed]:
        self.finished[done.number] = done
        while self.current in self.finished:
            if self.finished[self.current].stopped_early is not None:
                # Decoding broke inside this segment: the clip ends here, as it would sequentially.
                self.source.stopped_early = self.finished[self.current].stopped_early
                self.current = self.segments
                return
            self.current += 1
            if self.current < self.segments:
                yield from self.waiting.pop(self.current, [])


def _message_now(results: multiprocessing.Queue) -> FramePosed | SegmentDone | SegmentFailed | None:
    try:
        return results.get_nowait()
    except queue.Empty:
        return None


def _next_message(
    results: multiprocessing.Queue,
    processes: dict[int, multiprocessing.Process],
    finished: dict[int, SegmentDone],
) -> FramePosed | SegmentDone | SegmentFailed:
    while True:
        try:
            return results.get(timeout=_LIVENESS_CHECK_S)
        except queue.Empty:
            for number, process in processes.items():
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
