"""A batch on a real Dask cluster (worker processes on this machine): same records as local
processes, a killed worker replaced without losing or doubling a clip, clear errors for bad options."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from formcheck.batch import ClipStatus, ScoreOptions, run_batch
from formcheck.batch.cluster import DaskCluster
from formcheck.batch.records import RECORD_FILE
from formcheck.cli import batch as batch_cli
from formcheck.errors import InvalidOption

from .fake_analysis import fake_analyze, make_clips

distributed = pytest.importorskip("distributed")

OPTIONS = ScoreOptions(exercise="couch-stretch", html=False)

app = typer.Typer()
app.command()(batch_cli.command)


@pytest.fixture(scope="module")
def scheduler_address():
    """A running cluster the batch connects to by address, as to a remote one: two worker processes
    with one thread each; a task is given up after its worker died twice (Dask's default: 4 times)."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        scheduler_kwargs={"allowed_failures": 1},
    ) as cluster:
        yield cluster.scheduler_address


def _comparable(records):
    return [(r.key, r.status, r.error_type, r.peak_hip_extension_deg, r.mistakes) for r in records]


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob(".*"))


def test_a_cluster_batch_gives_the_same_records_and_summary_as_local_processes(scheduler_address, tmp_path):
    videos = make_clips(
        tmp_path / "v",
        {f"c{i}.mp4": f"OK {10 + i}" for i in range(3)} | {"x.mp4": "NOPERSON", "y.mp4": "BUG"},
    )
    local = run_batch(videos, tmp_path / "local", options=OPTIONS, progress=False, analyze=fake_analyze)
    on_cluster = run_batch(
        videos,
        tmp_path / "dask",
        options=OPTIONS,
        progress=False,
        analyze=fake_analyze,
        backend=DaskCluster.from_option(scheduler_address),
    )
    assert _comparable(on_cluster.records) == _comparable(local.records)
    assert [r.status for r in on_cluster.records].count(ClipStatus.FAILED) == 2
    summary = json.loads((tmp_path / "dask" / "summary.json").read_text())
    assert summary["counts"] == {"clips": 5, "ok": 3, "failed": 2}
    assert (tmp_path / "dask" / "index.html").is_file()


def test_sessions_scored_on_the_cluster_are_saved_to_the_history_once_by_this_process(
    scheduler_address, tmp_path
):
    from formcheck.history import list_sessions

    videos = make_clips(tmp_path / "v", {"a.mp4": "OK 10", "b.mp4": "OK 14", "c.mp4": "CORRUPT"})
    db = tmp_path / "h.sqlite3"
    options = ScoreOptions(exercise="couch-stretch", html=False, save_history=True)
    backend = DaskCluster.from_option(scheduler_address)
    for force in (False, True):  # scored, then scored again: the same sessions, not new ones
        run_batch(
            videos,
            tmp_path / "o",
            options=options,
            history_db=db,
            progress=False,
            analyze=fake_analyze,
            backend=backend,
            force=force,
        )
    peaks = sorted(s.peak_hip_extension_deg for s in list_sessions(db))
    assert peaks == [pytest.approx(10.0), pytest.approx(14.0)]


def test_a_model_the_workers_cannot_load_stops_the_batch_with_the_models_own_error(
    scheduler_address, tmp_path
):
    from formcheck.errors import UnknownName

    videos = make_clips(tmp_path / "v", {"a.mp4": "OK 10"})
    options = ScoreOptions(exercise="couch-stretch", html=False, model="no-such-model")
    with pytest.raises(UnknownName, match="no-such-model"):
        run_batch(
            videos,
            tmp_path / "o",
            options=options,
            progress=False,
            backend=DaskCluster.from_option(scheduler_address),
        )
    with distributed.Client(scheduler_address) as client:  # unloaded again: later batches start clean
        assert not any(
            name.startswith("formcheck-pose-") for name in client.run_on_scheduler(_worker_plugins)
        )


def _worker_plugins(dask_scheduler) -> list[str]:
    return list(dask_scheduler.worker_plugins)


def test_a_worker_killed_mid_clip_is_replaced_and_every_clip_is_scored_once(scheduler_address, tmp_path):
    marker = tmp_path / "killed-once"
    videos = make_clips(
        tmp_path / "v",
        {"a.mp4": "OK 10", "b.mp4": f"DIE_ONCE {marker} 11", "c.mp4": "OK 12", "d.mp4": "OK 13"},
    )
    out = tmp_path / "out"
    result = run_batch(
        videos,
        out,
        options=OPTIONS,
        progress=False,
        analyze=fake_analyze,
        backend=DaskCluster.from_option(scheduler_address),
    )
    assert marker.exists()  # a worker really died half-way through writing b's report
    assert [(Path(r.key.path).name, r.status) for r in result.records] == [
        (name, ClipStatus.OK) for name in ("a.mp4", "b.mp4", "c.mp4", "d.mp4")
    ]
    assert result.records[1].peak_hip_extension_deg == pytest.approx(11.0)
    assert len(list(out.glob(f"clips/*/{RECORD_FILE}"))) == 4
    assert _leftovers(out) == []  # the half-written file of the killed attempt is gone
    assert json.loads((out / "summary.json").read_text())["counts"] == {"clips": 4, "ok": 4, "failed": 0}


def test_a_clip_that_kills_every_worker_fails_without_a_record_and_the_rerun_retries_it(
    scheduler_address, tmp_path
):
    videos = make_clips(tmp_path / "v", {"a.mp4": "OK 10", "b.mp4": "DIE"})
    out = tmp_path / "out"
    backend = DaskCluster.from_option(scheduler_address)
    first = run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze, backend=backend)
    died = first.records[1]
    assert died.status is ClipStatus.FAILED and died.error_type == "WorkerDied"
    assert not list(out.glob(f"clips/b-*/{RECORD_FILE}"))  # not "done": the next run scores it
    (tmp_path / "v" / "b.mp4").write_text("OK 11")
    second = run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze, backend=backend)
    assert second.skipped == 1 and second.scored == 1
    assert [r.status for r in second.records] == [ClipStatus.OK, ClipStatus.OK]


def test_a_worker_that_cannot_see_the_output_folder_fails_the_clip_without_writing_elsewhere(
    scheduler_address, tmp_path
):
    # As on a worker of another machine: the clip is there, the --out folder is not (no shared disk).
    from formcheck.batch.dask_worker import score_on_worker
    from formcheck.batch.runner import plan_jobs

    videos = make_clips(tmp_path / "v", {"a.mp4": "OK 10"})
    (job,), _ = plan_jobs(videos, tmp_path / "not-here", OPTIONS, force=False, retry_failed=False)
    with distributed.Client(scheduler_address) as client:
        outcome = client.submit(score_on_worker, job, fake_analyze, "no-plugin", pure=False).result()
    assert outcome.record.status is ClipStatus.FAILED and outcome.record.error_type == "NotShared"
    assert "--out must be on a filesystem every worker shares" in outcome.record.error
    assert not (tmp_path / "not-here").exists()


def test_clips_at_file_urls_are_scored_on_the_cluster_as_their_paths_are_by_local_processes(
    scheduler_address, tmp_path
):
    from formcheck.batch import find_clips

    videos = make_clips(tmp_path / "v", {"a.mp4": "OK 10", "b.mp4": "NOPERSON", "c.mp4": "OK 14"})
    urls = find_clips([f"file://{tmp_path / 'v'}/"])
    assert urls == [f"file://{video}" for video in videos]
    local = run_batch(videos, tmp_path / "local", options=OPTIONS, progress=False, analyze=fake_analyze)
    backend = DaskCluster.from_option(scheduler_address)
    on_cluster = run_batch(
        urls, tmp_path / "dask", options=OPTIONS, progress=False, analyze=fake_analyze, backend=backend
    )
    assert [r.key.path for r in on_cluster.records] == urls
    assert [(r.key.size, r.key.mtime_ns) for r in on_cluster.records] == [
        (r.key.size, r.key.mtime_ns) for r in local.records
    ]
    assert [_comparable([r])[0][1:] for r in on_cluster.records] == [
        _comparable([r])[0][1:] for r in local.records
    ]
    summary = json.loads((tmp_path / "dask" / "summary.json").read_text())
    assert summary["counts"] == {"clips": 3, "ok": 2, "failed": 1}
    assert [c["clip"] for c in summary["clips"]] == urls
    assert (tmp_path / "dask" / "index.html").is_file()
    again = run_batch(
        urls, tmp_path / "dask", options=OPTIONS, progress=False, analyze=fake_analyze, backend=backend
    )
    assert (again.scored, again.skipped) == (0, 3)


def test_a_url_the_workers_cannot_reach_is_lost_not_failed_and_scored_by_the_next_run(
    scheduler_address, tmp_path
):
    # memory:// is this process's own, as an s3:// bucket is to workers without its credentials.
    fsspec = pytest.importorskip("fsspec")
    url = f"memory:///unreachable-{tmp_path.name}/a.mp4"
    fsspec.filesystem("memory").pipe(url, b"OK 10")
    try:
        result = run_batch(
            [url],
            tmp_path / "o",
            options=OPTIONS,
            progress=False,
            analyze=fake_analyze,
            backend=DaskCluster.from_option(scheduler_address),
        )
    finally:
        fsspec.filesystem("memory").rm(url)
    (record,) = result.records
    assert record.status is ClipStatus.FAILED and record.error_type == "NotShared"
    assert "cannot reach the clip's URL" in record.error
    assert not list((tmp_path / "o").rglob(RECORD_FILE))  # no record: the next run tries it again


def test_the_scheduler_option_rejects_a_malformed_address_and_workers_for_a_remote_cluster(tmp_path):
    make_clips(tmp_path / "v", {"a.mp4": "OK 10"})
    bad = CliRunner().invoke(
        app, [str(tmp_path / "v"), "--out", str(tmp_path / "o"), "--scheduler", "tcp://a b"]
    )
    assert bad.exit_code == 14 and "--scheduler" in bad.output and "Traceback" not in bad.output
    remote = CliRunner().invoke(
        app,
        [str(tmp_path / "v"), "--out", str(tmp_path / "o"), "--scheduler", "tcp://h:8786", "--workers", "2"],
    )
    assert remote.exit_code == 14 and "dask worker" in remote.output
    assert not (tmp_path / "o").exists()  # refused before anything was written


def test_without_the_cluster_extra_the_scheduler_option_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    make_clips(tmp_path / "v", {"a.mp4": "OK 10"})
    result = CliRunner().invoke(
        app, [str(tmp_path / "v"), "--out", str(tmp_path / "o"), "--scheduler", "local"]
    )
    assert result.exit_code == 14
    assert "pip install 'formcheck[cluster]'" in result.output


def test_a_scheduler_nobody_listens_on_is_one_clear_error(tmp_path):
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    videos = make_clips(tmp_path / "v", {"a.mp4": "OK 10"})
    backend = DaskCluster(f"tcp://127.0.0.1:{port}", connect_timeout_s=2.0)
    with pytest.raises(InvalidOption, match="cannot reach a Dask scheduler"):
        run_batch(
            videos, tmp_path / "o", options=OPTIONS, progress=False, analyze=fake_analyze, backend=backend
        )
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert summary["counts"] == {"clips": 0, "ok": 0, "failed": 0}


def _trimmed(source: Path, target: Path, seconds: float) -> Path:
    import subprocess

    import imageio_ffmpeg

    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(source), "-t", str(seconds)]
    command += ["-an", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(target)]
    subprocess.run(command, check=True)
    return target


@pytest.mark.slow
def test_real_clips_scored_on_a_local_dask_cluster_match_the_local_process_results(
    sample_videos_dir, tmp_path
):
    names = ("couch-stretch_correct_left_yaw0", "split-squat_back-arch_left_yaw15")
    (tmp_path / "v").mkdir()
    videos = [_trimmed(sample_videos_dir / f"{n}.mp4", tmp_path / "v" / f"{n}.mp4", 2.0) for n in names]
    options = ScoreOptions(html=False)
    local = run_batch(videos, tmp_path / "local", options=options, progress=False)
    on_cluster = run_batch(
        videos,
        tmp_path / "dask",
        options=options,
        progress=False,
        backend=DaskCluster.from_option("local", workers=2),  # each worker loads the model (plugin)
    )

    def figures(record):  # everything but the time it took
        return {k: v for k, v in record.to_dict().items() if k != "elapsed_s"}

    assert [figures(r) for r in on_cluster.records] == [figures(r) for r in local.records]
    assert [r.status for r in on_cluster.records] == [ClipStatus.OK, ClipStatus.OK]
    for clip_folder in (tmp_path / "local" / "clips").iterdir():
        frames = (clip_folder / "frames.csv").read_bytes()
        assert (tmp_path / "dask" / "clips" / clip_folder.name / "frames.csv").read_bytes() == frames


class _FakeCache:
    def __init__(self) -> None:
        self.closed = False

    def estimator(self, model: str) -> str:
        return model

    def close(self) -> None:
        self.closed = True


def test_the_model_plugin_closes_an_estimator_in_use_only_when_its_clip_is_done(monkeypatch):
    from formcheck.batch import dask_worker

    monkeypatch.setattr(dask_worker, "EstimatorCache", _FakeCache)
    plugin = dask_worker.PoseModelPlugin("blazepose-full", "formcheck-pose-test")
    plugin.setup(worker=None)
    with plugin.estimators() as in_use, plugin.estimators() as second:  # a second thread gets its own
        assert second is not in_use
        plugin.teardown(worker=None)  # e.g. the plugin registered again while the worker joined
        assert not in_use.closed and not second.closed
    assert in_use.closed and second.closed


@pytest.mark.slow
def test_the_command_scores_on_a_local_cluster_with_the_real_model_and_exits_12_for_a_broken_clip(tmp_path):
    make_clips(tmp_path / "v", {"broken.mp4": "not a video"})
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, [str(tmp_path / "v"), "--out", str(out), "--scheduler", "local", "--workers", "1", "-q"]
    )
    assert result.exit_code == 12, result.output
    (record,) = json.loads((out / "summary.json").read_text())["clips"]
    assert record["status"] == "failed" and "not a video" in record["error"]


def test_ctrl_c_stops_a_local_cluster_batch_keeps_the_finished_clips_and_no_worker_prints_a_traceback(
    tmp_path,
):
    import os
    import signal
    import subprocess
    import textwrap
    import time

    make_clips(tmp_path / "v", {f"clip{i}.mp4": "SLOW 0.5 10" for i in range(12)})
    out = tmp_path / "out"
    script = textwrap.dedent(
        f"""
        import signal, sys
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal
        sys.path[:0] = [{str(Path(__file__).parents[2])!r}, {str(Path(__file__).parents[1])!r}]
        from pathlib import Path
        from formcheck.batch import ScoreOptions, find_clips, run_batch
        from formcheck.batch.cluster import DaskCluster
        from batch.fake_analysis import fake_analyze
        if __name__ == "__main__":
            try:
                run_batch(find_clips([Path({str(tmp_path / "v")!r})]), Path({str(out)!r}),
                          options=ScoreOptions(exercise="couch-stretch", html=False), progress=False,
                          analyze=fake_analyze, backend=DaskCluster.from_option("local", workers=2))
            except KeyboardInterrupt:
                sys.exit(130)
        """
    )
    (tmp_path / "batch_script.py").write_text(script)
    process = subprocess.Popen(  # its own process group: Ctrl+C reaches the parent and every worker
        [sys.executable, str(tmp_path / "batch_script.py")],
        start_new_session=True,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    while len(list(out.glob(f"clips/*/{RECORD_FILE}"))) < 2 and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert 2 <= json.loads((out / "summary.json").read_text())["counts"]["ok"] < 12
