"""Scoring one clip inside a worker: analyse, write its outputs, then its record (last).

A worker creates its pose estimator once (``EstimatorCache``) and reuses it for every clip it
is given; model loading is the slow part of a short clip. User-caused failures (corrupt file, no
person: ``formcheck.errors``) and unexpected ones alike become a FAILED record with the reason, so
one bad clip never stops a batch. A clip named by a URL is scored from a temporary local copy
(``locations.local_clip``) that lives only while the clip is scored; its report names the URL.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import time
import traceback
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from formcheck.batch.history import SESSIONS_JSON, clip_sessions, write_clip_sessions
from formcheck.batch.locations import Clip, is_url, local_clip
from formcheck.batch.records import ClipKey, ClipRecord, ClipStatus, write_record
from formcheck.errors import FormcheckError, OutputWriteFailed
from formcheck.outputs.key_metrics import key_metrics
from formcheck.outputs.writer import ExtraOutput, OutputRequest, write_outputs
from formcheck.sources.spill import FrameOpener, FrameSpill, remove_own_folders, reopen

REPORT_JSON = "report.json"
FRAMES_CSV = "frames.csv"
REPORT_HTML = "report.html"

# Thread counts a worker asks its numeric libraries for (set before they are imported): with N
# workers on N cores, each library spawning N threads of its own only adds contention.
THREAD_ENV_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENCV_FOR_THREADS_NUM")


@dataclass(frozen=True, slots=True)
class ScoreOptions:
    exercise: str = "auto"
    html: bool = True
    save_history: bool = False  # the parent process saves the sessions the worker returns
    model: str = "blazepose-full"


@dataclass(frozen=True, slots=True)
class ClipJob:
    clip: Clip  # a local file or an fsspec URL; while scored, the local file that holds it
    key: ClipKey
    folder: Path
    options: ScoreOptions
    # While the clip is scored (inside its worker): where the analysis keeps the clip's pictures for
    # the HTML page's key frames, so the clip is decoded once (``sources/spill.py``).
    pictures: FrameSpill | None = None


@dataclass(frozen=True, slots=True)
class ClipOutcome:
    record: ClipRecord
    sessions: tuple = ()  # formcheck.history.SessionRecord rows of a scored clip


class EstimatorCache:
    """A pose estimator kept between clips by whoever runs them (a pool process, a Dask worker).

    The costly part of a pose model is loading its runtime and weights (about 1.2 s for BlazePose
    full, once per process); a new tracking graph afterwards costs about 0.01 s plus 0.2-0.3 s for
    its first inference. So each clip gets a graph of its own unless the backend can ``reset()``:
    tracking state and MediaPipe's monotonic timestamps must not leak from one clip into the next,
    and a clip scored in a batch must get the same numbers as ``formcheck analyze``.
    """

    def __init__(self) -> None:
        self._estimator = None
        self._model: str | None = None

    def estimator(self, model: str):
        from formcheck.pose import create_estimator

        reset = getattr(self._estimator, "reset", None)
        if self._estimator is not None and self._model == model and callable(reset):
            reset()
            return self._estimator
        self.close()
        self._estimator = create_estimator(model, mode="video", segmentation=True)
        self._model = model
        return self._estimator

    def close(self) -> None:
        if self._estimator is not None:
            self._estimator.close()
            self._estimator = None


# What a pool worker process keeps between clips (one clip at a time per process).
WorkerState = EstimatorCache()


def init_worker(threads_per_worker: int | None) -> None:
    """Process-pool initializer: thread limits before any numeric library loads; Ctrl+C is the
    parent's to handle (it stops the workers), so a terminal's SIGINT cannot wedge the pool. The
    parent stops a worker with SIGTERM: it removes the pictures it was keeping and exits at once
    (unwinding instead would report the interrupted clip through a queue nobody reads any more)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_worker)
    if threads_per_worker:
        for name in THREAD_ENV_VARS:
            os.environ[name] = str(threads_per_worker)


def _end_worker(signum: int, frame: object) -> None:
    remove_own_folders()
    os._exit(128 + signum)


def analyze_clip(job: ClipJob, estimators: EstimatorCache):
    from formcheck.pipeline import analyze_track, track_poses
    from formcheck.sources import open_source

    estimator = estimators.estimator(job.options.model)
    with open_source(job.clip) as source:
        track = track_poses(source, estimator, spill=job.pictures)
    exercise = None if job.options.exercise == "none" else job.options.exercise
    return analyze_track(track, exercise=exercise)


def _analyze(job: ClipJob):
    return analyze_clip(job, WorkerState)


def _write_outputs(job: ClipJob, analysis, sessions: tuple) -> tuple[dict[str, str], list[str]]:
    """Write the clip's files; returns (kind -> file name, problems with optional outputs).

    The JSON and CSV are the score: failing them fails the clip. The HTML page is a view of it: a
    failure there is reported in the record's warnings and the clip keeps its score (a full disk
    excepted: it is every clip's problem, and the batch stops, see ``score_clip``).
    """
    job.folder.mkdir(parents=True, exist_ok=True)
    request = OutputRequest(
        json=job.folder / REPORT_JSON,
        csv=job.folder / FRAMES_CSV,
        html=job.folder / REPORT_HTML if job.options.html else None,
        optional=frozenset({"html"}),
        # Always, not only with --save: a later `batch --save` then saves this clip without analysing
        # it again, and a run killed before its history write is caught up from this file.
        extras=(
            ExtraOutput(
                "sessions",
                job.folder / SESSIONS_JSON,
                lambda path: write_clip_sessions(sessions, path.parent),
                "the sessions file",
            ),
        ),
        frames=_pictures(job, analysis),
        source_path=Path(job.clip),
    )
    written = write_outputs(analysis.report, request, analysis=analysis)
    names = {kind: path.name for kind, path in written.paths.items() if kind in ("json", "csv", "html")}
    problems = list(written.problems)
    if job.pictures is not None and job.pictures.failure is not None:
        problems.append(f"{job.pictures.failure}; the clip was read again for the HTML page's key frames")
    return names, problems


def _pictures(job: ClipJob, analysis) -> FrameOpener:
    """The pictures the analysis kept; the clip read again where it kept none (a stand-in analysis,
    or a temporary disk that filled up: the HTML page's key frames are all that needs them)."""
    if job.pictures is not None and job.pictures.failure is None and len(job.pictures):
        return job.pictures.opener()
    return reopen(job.clip, max_fps=None, resize=max(analysis.track.size))


def _result_words(report, metrics) -> str | None:
    if metrics.test_result:
        return f"{metrics.test_result}: {metrics.verdict}" if metrics.verdict else metrics.test_result
    return metrics.verdict


def _ok_record(job: ClipJob, analysis, outputs: dict[str, str], elapsed_s: float) -> ClipRecord:
    report = analysis.report
    metrics = key_metrics(report)
    return ClipRecord(
        key=job.key,
        status=ClipStatus.OK,
        exercise=report.exercise.value if report.exercise else None,
        side=report.side.value if report.side else None,
        result=_result_words(report, metrics),
        mistakes=metrics.mistake_codes,
        peak_hip_extension_deg=metrics.peak_hip_extension_deg,
        max_lumbar_arch_deg=metrics.max_lumbar_arch_deg,
        lowest_thigh_to_horizontal_deg=metrics.lowest_thigh_to_horizontal_deg,
        thomas_angle_deg=metrics.test_angle_deg,
        seconds_analysed=report.duration_s,
        frames_with_pose=report.frames_with_pose,
        frames_total=report.frames_total,
        warnings=tuple(report.warnings),
        outputs=outputs,
        elapsed_s=round(elapsed_s, 3),
    )


def score_clip(job: ClipJob, analyze=None) -> ClipOutcome:
    """Analyse one clip and write its files; never raises for a bad clip. ``analyze`` is for tests."""
    started = time.perf_counter()
    try:
        with (
            local_clip(job.clip) as readable,
            FrameSpill() if job.options.html else nullcontext() as pictures,
        ):
            local_job = dataclasses.replace(job, clip=readable, pictures=pictures)
            analysis = (analyze or _analyze)(local_job)
            if is_url(job.clip):
                analysis.report.source = str(job.clip)  # the clip, not this worker's temporary copy
            sessions = clip_sessions(analysis.report, job.key)
            outputs, problems = _write_outputs(local_job, analysis, sessions)
    except OutputWriteFailed:
        # The disk is full (or failing) for every clip after this one too: stop the batch, and
        # write no record, so that a re-run scores this clip again instead of listing it failed.
        raise
    except FormcheckError as error:
        record = ClipRecord(job.key, ClipStatus.FAILED, error=str(error), error_type=type(error).__name__)
    except Exception as error:  # a bug must not stop the batch; the record keeps the traceback's gist
        detail = traceback.format_exception_only(type(error), error)[-1].strip()
        record = ClipRecord(
            job.key, ClipStatus.FAILED, error=f"internal error: {detail}", error_type="InternalError"
        )
    else:
        record = _ok_record(job, analysis, outputs, time.perf_counter() - started)
        record = dataclasses.replace(record, warnings=record.warnings + tuple(problems))
        write_record(record, job.folder)
        return ClipOutcome(record, sessions)
    record = dataclasses.replace(record, elapsed_s=round(time.perf_counter() - started, 3))
    write_record(record, job.folder)
    return ClipOutcome(record)
