"""What runs on the Dask workers of a cluster batch: the pose-model plugin and the per-clip task.

Imported only when ``--scheduler`` is used (it imports ``distributed``, an optional extra). The
plugin loads the pose model once per worker in ``setup`` and closes it in ``teardown``; each task
borrows an estimator from its worker's plugin for one clip. A worker with several threads runs
several clips at once, so the plugin keeps one estimator per clip in progress (a tracking graph must
never see two clips' frames interleaved).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from distributed import Worker, WorkerPlugin, get_worker

from formcheck.batch.backends import lost_outcome, run_job
from formcheck.batch.locations import is_url, url_exists
from formcheck.batch.scoring import ClipJob, ClipOutcome, EstimatorCache, analyze_clip


class PoseModelPlugin(WorkerPlugin):
    """One pose model per worker, loaded when the worker joins the batch, closed when it leaves."""

    def __init__(self, model: str, name: str) -> None:
        # Only picklable fields here: the plugin travels to the scheduler and every worker.
        self.model = model
        self.name = name  # a unique name per batch: two batches on one cluster never share a plugin

    def setup(self, worker: Worker) -> None:
        self._lock = threading.Lock()
        self._closed = False
        self._free: list[EstimatorCache] = []  # set first: teardown runs even when loading fails
        first = EstimatorCache()
        first.estimator(self.model)  # load now, once: a missing model fails the registration itself
        self._free.append(first)

    def teardown(self, worker: Worker) -> None:
        # Dask may tear a plugin down while a task still uses one of its estimators (a plugin
        # registered again as the worker joins); that estimator is closed when the task hands it back.
        with self._lock:
            self._closed = True
            idle, self._free = self._free, []
        for cache in idle:
            cache.close()

    @contextmanager
    def estimators(self) -> Iterator[EstimatorCache]:
        """An estimator cache no other clip is using; another is created for a worker thread that
        finds them all taken."""
        with self._lock:
            cache = self._free.pop() if self._free else EstimatorCache()
        try:
            yield cache
        finally:
            with self._lock:
                keep = not self._closed
                if keep:
                    self._free.append(cache)
            if not keep:
                cache.close()


def _not_shared(job: ClipJob, worker: Worker) -> str | None:
    """Why this worker cannot score the clip in place, if it cannot: a cluster batch needs the clips
    on paths or URLs every worker reaches and ``--out`` on a path every worker sees (a shared
    filesystem), else results would land on the worker's own disk, out of the summary's sight."""
    out_dir = job.folder.parent.parent  # <out>/clips/<clip folder>
    if not out_dir.is_dir():
        return f"the output folder {out_dir} does not exist on worker {worker.address}: --out must be on a filesystem every worker shares"
    if is_url(job.clip) and not url_exists(str(job.clip)):
        # memory:// is each process's own; s3:// without credentials on this worker looks the same.
        return (
            f"worker {worker.address} cannot reach the clip's URL: clips must be at URLs every worker reaches"
        )
    if not is_url(job.clip) and not job.clip.is_file():
        return (
            f"the clip does not exist on worker {worker.address}: clips must be on a path every worker shares"
        )
    return None


def _plugin(worker: Worker, name: str, wait_s: float = 30.0) -> PoseModelPlugin:
    """This worker's model plugin. Dask replaces a plugin registered twice (remove, then add): a
    task starting in between waits for the new one rather than failing its clip."""
    deadline = time.monotonic() + wait_s
    while (plugin := worker.plugins.get(name)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if plugin is None:
        raise LookupError(f"the pose-model plugin {name} is not on worker {worker.address}")
    return plugin


def score_on_worker(job: ClipJob, analyze: Callable | None, plugin_name: str) -> ClipOutcome:
    """The Dask task for one clip: the same ``run_job`` as a local worker, with this worker's model."""
    worker = get_worker()
    problem = _not_shared(job, worker)
    if problem is not None:
        return lost_outcome(job, problem, error_type="NotShared")
    if analyze is not None:  # a stand-in analysis (tests): no model needed
        return run_job(job, analyze)
    with _plugin(worker, plugin_name).estimators() as cache:
        return run_job(job, partial(analyze_clip, estimators=cache))


def dask_setup(worker: Worker) -> None:
    """Run by each worker of a local cluster as it starts (Dask's ``preload``; restarted ones too).

    Ctrl+C in a terminal reaches every process of its group: the batch itself stops the workers and
    reports what was finished, so a worker must not die of it first, with a traceback of its own.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
