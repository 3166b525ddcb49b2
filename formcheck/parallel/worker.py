"""The pose worker: one segment of a clip, from its own decoder to ``PoseFrame``s.

``pose_segment`` does the work; ``run_segment`` runs it in a worker process and reports on a queue
(the parent poses the first segment itself with ``pose_segment``). Everything image-sized stays in
the worker: it decodes, poses and measures the back contour from
the mask (``observe_frame``), takes the frame's shot signature from the same decoded picture (so no
frame of the clip is decoded twice), and sends back only the light ``PoseFrame``s with their
signatures, one message per frame so the parent can show progress and keep what is finished when
it is interrupted.
"""

from __future__ import annotations

import pickle
import signal
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from multiprocessing.queues import Queue
from pathlib import Path

from formcheck.parallel.plan import Segment
from formcheck.sources.shot_signature import FrameSignature
from formcheck.sources.spill import SpilledPicture, SpillWriter
from formcheck.types import PoseFrame, StoppedEarly


@dataclass(frozen=True, slots=True)
class SegmentJob:
    """What one worker needs: the clip, how the sequential path would read and pose it, its segment."""

    number: int
    path: str
    segment: Segment
    max_fps: float | None
    resize: int | None
    model: str
    model_path: Path | None
    spill_folder: str | None = None  # keep each posed frame's picture there (``sources/spill.py``)


# Messages on the results queue; each names the job it comes from.
@dataclass(frozen=True, slots=True)
class FramePosed:
    number: int
    frame: PoseFrame
    signature: FrameSignature  # what the parent finds shots with (``sources/shots.py``)
    picture: SpilledPicture | None = None  # where its picture was kept, if it was


@dataclass(frozen=True, slots=True)
class SegmentDone:
    number: int
    frames: int
    stopped_early: StoppedEarly | None


@dataclass(frozen=True, slots=True)
class SegmentFailed:
    number: int
    error: BaseException


def run_segment(job: SegmentJob, results: Queue) -> None:
    """The worker process's entry point: pose ``job.segment`` and report every frame, then the end."""
    # Ctrl-C reaches the whole process group; the parent decides what to keep and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        frames = pose_segment(job)
        while True:
            try:
                frame, signature, picture = next(frames)
            except StopIteration as end:
                results.put(end.value)
                return
            results.put(FramePosed(job.number, frame, signature, picture))
    except BaseException as error:  # reported to the parent, which raises it there
        results.put(SegmentFailed(job.number, _picklable(error)))


def pose_segment(job: SegmentJob) -> Iterator[tuple[PoseFrame, FrameSignature, SpilledPicture | None]]:
    """Each posed frame of ``job.segment`` with its shot signature and where its picture was kept
    (with ``job.spill_folder``; else None); returns its ``SegmentDone``."""
    # Imported when a segment is posed (in a worker, or in the parent for the first segment), so
    # that planning and dispatching segments never loads the model's modules.
    from formcheck.observation import observe_frame
    from formcheck.pose import create_estimator
    from formcheck.sources.segment import open_segment
    from formcheck.sources.shot_signature import SignatureWatcher

    segment = job.segment
    sent = 0
    pictures = SpillWriter(job.spill_folder, f"segment-{job.number}") if job.spill_folder else None
    with (
        pictures or nullcontext(),
        open_segment(
            job.path, first=segment.warmup_start, stop=segment.stop, max_fps=job.max_fps, resize=job.resize
        ) as source,
        create_estimator(job.model, mode="video", segmentation=True, model_path=job.model_path) as estimator,
    ):
        # As on the one-process path, a hard cut restarts the tracker (a cut inside the warm-up too:
        # the segment then starts on the new shot's person, as the sequential read does).
        watcher = SignatureWatcher(source, on_cut=getattr(estimator, "reset", None))
        for position, frame in enumerate(watcher, start=segment.warmup_start):
            if position < segment.start:
                estimator.estimate(frame)  # warm-up: only the tracker's state matters
                continue
            picture = pictures.write(frame.image) if pictures is not None else None
            yield observe_frame(frame, estimator), watcher.signatures[-1], picture
            sent += 1
        return SegmentDone(job.number, sent, source.stopped_early)


def _picklable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001  (any failure to pickle: send its text instead)
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
