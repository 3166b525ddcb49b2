"""Scoring a batch on a Dask cluster: ``formcheck batch PATH... --scheduler tcp://HOST:8786 | local``.

Dask (the ``cluster`` extra) places the clips on the workers, moves a clip to another worker when
its worker dies, and hands the outcomes back here, where the runner records them exactly as for
local processes. Clips must be on paths every worker sees (a shared filesystem) or at fsspec URLs
every worker reaches (``s3://bucket/clips/``: each worker streams a clip to a temporary file of its
own, ``formcheck.batch.locations``); ``--out`` must be on a shared path. Each worker writes a clip's
files there atomically, its record last, as a local worker does.

``local`` starts a throw-away cluster of worker processes on this machine (one thread each).
Dask is imported only here, and only when a cluster is asked for, so the base install works
without it.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from formcheck.batch.backends import OnOutcome, largest_first, lost_outcome
from formcheck.batch.scoring import THREAD_ENV_VARS, ClipJob, ClipOutcome
from formcheck.errors import InvalidOption

LOCAL_SCHEDULER = "local"
INSTALL_HINT = "pip install 'formcheck[cluster]'"
# tcp://host:8786, tls://..., or Dask's bare host:port (tcp by default).
_ADDRESS = re.compile(r"^([a-z][a-z0-9+.-]*://)?[^\s/:]+(:\d+)?/?$", re.IGNORECASE)


def require_dask(option: str = "--scheduler") -> None:
    """InvalidOption (one line, exit 14) when the optional extra is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise InvalidOption(f"{option} needs Dask, which is not installed: {INSTALL_HINT}") from None


@dataclass(frozen=True, slots=True)
class DaskCluster:
    """A backend (``formcheck.batch.backends.Backend``) that scores the clips on a Dask cluster."""

    scheduler: str  # LOCAL_SCHEDULER or a scheduler's address
    workers: int = 1  # worker processes of a local cluster; a remote cluster has its own
    threads_per_worker: int | None = (
        None  # threads each local worker's libraries may use (default: cores / workers)
    )
    connect_timeout_s: float = 30.0
    wait_for_workers_s: float = 120.0  # a remote scheduler with no worker would wait forever

    @classmethod
    def from_option(
        cls, scheduler: str, *, workers: int = 1, threads_per_worker: int | None = None
    ) -> DaskCluster:
        """Checked before any clip is scored: Dask installed, the address well formed, and
        ``--workers`` only where it means something."""
        scheduler = scheduler.strip()
        if scheduler != LOCAL_SCHEDULER and not _ADDRESS.match(scheduler):
            raise InvalidOption(
                f"--scheduler {scheduler!r}: expected 'local' or a Dask scheduler address such as tcp://HOST:8786"
            )
        if scheduler != LOCAL_SCHEDULER and workers > 1:
            raise InvalidOption(
                f"--workers {workers} with --scheduler {scheduler}: a remote cluster has the workers it was "
                "started with (dask worker --nworkers N); --workers applies to local runs only"
            )
        require_dask()
        return cls(scheduler, workers=workers, threads_per_worker=threads_per_worker)

    def run(self, jobs: Sequence[ClipJob], analyze: Callable | None, on_outcome: OnOutcome) -> None:
        from distributed import as_completed

        from formcheck.batch.dask_worker import PoseModelPlugin

        plugin_name = f"formcheck-pose-{uuid.uuid4().hex[:12]}"
        with self._client() as client:
            try:
                if analyze is None:  # a stand-in analysis (tests) needs no model
                    client.register_plugin(PoseModelPlugin(jobs[0].options.model, plugin_name))
                futures = _submit(client, jobs, analyze, plugin_name)
                try:
                    for future in as_completed(futures):
                        job = futures[future]
                        on_outcome(job, _outcome_of(future, job))
                except BaseException:
                    # Ctrl+C or a failure here: nothing more is started. A clip a worker is scoring
                    # has no record yet (records are written last), so the next run scores it again.
                    client.cancel(list(futures))
                    raise
            finally:
                if analyze is None:
                    _unregister(client, plugin_name)

    @contextmanager
    def _client(self) -> Iterator:
        from distributed import Client, LocalCluster

        if self.scheduler == LOCAL_SCHEDULER:
            # As for local worker processes: by default the cores are shared out between the workers.
            threads = self.threads_per_worker or max(1, (os.cpu_count() or 1) // self.workers)
            env = {name: str(threads) for name in THREAD_ENV_VARS}
            with (
                LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: two batches here must not collide on 8787
                    silence_logs=logging.ERROR,
                    env=env,
                    preload=["formcheck.batch.dask_worker"],  # its dask_setup: Ctrl+C is ours
                ) as cluster,
                Client(cluster) as client,
            ):
                client.wait_for_workers(self.workers)  # all joined before the model plugin goes out
                yield client
            return
        try:
            client = Client(self.scheduler, timeout=self.connect_timeout_s)
        except (OSError, ValueError, TimeoutError) as error:
            raise InvalidOption(
                f"--scheduler {self.scheduler}: cannot reach a Dask scheduler there ({error})"
            ) from None
        with client:
            try:
                client.wait_for_workers(1, timeout=self.wait_for_workers_s)
            except TimeoutError:
                raise InvalidOption(
                    f"--scheduler {self.scheduler}: no Dask worker joined within {self.wait_for_workers_s:.0f} s "
                    f"(start some with: dask worker {self.scheduler})"
                ) from None
            yield client


def _submit(client, jobs: Sequence[ClipJob], analyze: Callable | None, plugin_name: str) -> dict:
    """One task per clip, largest first; future -> job."""
    from formcheck.batch.dask_worker import score_on_worker

    ordered = largest_first(jobs)
    return {
        client.submit(
            score_on_worker,
            job,
            analyze,
            plugin_name,
            key=f"formcheck-score-{job.folder.name}-{uuid.uuid4().hex[:8]}",  # readable on a dashboard
            priority=len(ordered) - rank,  # Dask runs higher priorities first
            pure=False,
        ): job
        for rank, job in enumerate(ordered)
    }


def _outcome_of(future, job: ClipJob) -> ClipOutcome:
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError

    try:
        return future.result()
    except KilledWorker:
        # Dask moved the clip to another worker each time its worker died (killed, out of memory, a
        # crash in native code) and gave up after distributed.scheduler.allowed-failures deaths.
        return lost_outcome(
            job, "the Dask workers scoring this clip kept dying (killed, out of memory?); run the batch again"
        )
    except (Exception, FutureCancelledError) as error:  # the cluster, not the clip: lost, not failed
        return lost_outcome(
            job, f"the Dask cluster could not run this clip: {type(error).__name__}: {error}", "ClusterError"
        )


def _unregister(client, plugin_name: str) -> None:
    """Closes the workers' pose models (the plugin's teardown); a remote cluster outlives the batch,
    and without this a worker joining it later would still load the model."""
    try:
        client.unregister_worker_plugin(plugin_name)
    except ValueError:  # not registered: interrupted before the scheduler had it
        pass
    except (OSError, KeyError, TimeoutError) as error:
        logging.getLogger(__name__).warning("could not unload the pose model from the workers: %s", error)
