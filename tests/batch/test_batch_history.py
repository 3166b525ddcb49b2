"""`batch --save`: the history is checked before any clip is scored, a session is saved once however
often it is saved, and a run saves what an earlier one could not (killed, locked out)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import formcheck.batch.scoring as scoring
from formcheck.batch import ClipStatus, ScoreOptions, run_batch
from formcheck.batch.history import SESSIONS_JSON
from formcheck.batch.records import RECORD_FILE
from formcheck.cli import batch as batch_cli
from formcheck.history import failures, list_sessions
from formcheck.history.store import HistoryError, connect
from tests.history.history_files import locked_by_another_process

from .fake_analysis import fake_analyze, make_clips

SAVE = ScoreOptions(exercise="couch-stretch", html=False, save_history=True)
NO_SAVE = ScoreOptions(exercise="couch-stretch", html=False)


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "analysed.log"
    monkeypatch.setenv("FAKE_ANALYSIS_LOG", str(path))
    return path


def _analysed(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


def _saved(db: Path) -> list[tuple[str, float]]:
    """(clip name, peak) of every row, sorted; a clip saved twice would appear twice."""
    return sorted((Path(s.clip).name, round(s.peak_hip_extension_deg, 3)) for s in list_sessions(db))


@pytest.fixture
def three_clips(tmp_path) -> list[Path]:
    return make_clips(tmp_path / "v", {"a.mp4": "OK 10", "b.mp4": "OK 12", "c.mp4": "OK 14"})


ALL_THREE = [("a.mp4", 10.0), ("b.mp4", 12.0), ("c.mp4", 14.0)]


def test_an_unusable_history_stops_the_batch_before_any_clip_is_scored(tmp_path, three_clips, log):
    db = tmp_path / "h.sqlite3"
    db.write_bytes(b"not a database" * 100)
    out = tmp_path / "out"
    with pytest.raises(HistoryError, match="is not a SQLite database"):
        run_batch(three_clips, out, options=SAVE, history_db=db, progress=False, analyze=fake_analyze)
    assert _analysed(log) == [] and not out.exists()


def test_a_history_locked_during_the_batch_lets_it_finish_and_the_next_run_saves_the_rest(
    tmp_path, three_clips, log, monkeypatch
):
    monkeypatch.setattr(failures, "BUSY_TIMEOUT_S", 0.3)
    db, out = tmp_path / "h.sqlite3", tmp_path / "out"
    connect(db).close()
    lock = locked_by_another_process(db)

    def locked_from_the_second_clip_on(job):
        if job.clip.name == "b.mp4":
            lock.__enter__()
        return fake_analyze(job)

    try:
        first = run_batch(
            three_clips,
            out,
            options=SAVE,
            history_db=db,
            progress=False,
            analyze=locked_from_the_second_clip_on,
        )
    finally:
        lock.__exit__(None, None, None)
    assert [r.status for r in first.records] == [ClipStatus.OK] * 3  # the scoring went on
    assert first.history_error is not None and "locked by another process" in str(first.history_error)
    assert "run the same batch command again" in str(first.history_error)
    assert _saved(db) == [("a.mp4", 10.0)]

    analysed_before = len(_analysed(log))
    second = run_batch(three_clips, out, options=SAVE, history_db=db, progress=False, analyze=fake_analyze)
    assert (second.skipped, second.scored, second.history_error) == (3, 0, None)
    assert len(_analysed(log)) == analysed_before  # nothing analysed again
    assert _saved(db) == ALL_THREE and second.sessions_saved == 2

    run_batch(three_clips, out, options=SAVE, history_db=db, progress=False, analyze=fake_analyze)
    assert _saved(db) == ALL_THREE  # saving again adds nothing


def test_a_batch_killed_during_its_history_write_is_caught_up_by_the_next_run(tmp_path, log):
    videos = make_clips(tmp_path / "v", {f"clip{i}.mp4": f"SLOW 0.3 {10 + i}" for i in range(3)})
    db, out = tmp_path / "h.sqlite3", tmp_path / "out"
    connect(db).close()
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parents[1])!r})
        from pathlib import Path
        from formcheck.history import failures
        failures.BUSY_TIMEOUT_S = 120.0  # blocks in the history write until it is killed
        from formcheck.batch import ScoreOptions, run_batch
        from batch.fake_analysis import fake_analyze
        run_batch([Path(p) for p in {[str(v) for v in videos]!r}], Path({str(out)!r}), history_db=Path({str(db)!r}),
                  options=ScoreOptions(exercise="couch-stretch", html=False, save_history=True),
                  progress=False, analyze=fake_analyze)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], env=os.environ.copy())
    deadline = time.monotonic() + 60
    while not out.exists() and time.monotonic() < deadline:  # made right after the history check
        time.sleep(0.01)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        while not list(out.glob(f"clips/*/{RECORD_FILE}")) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.5)
        assert process.poll() is None  # still waiting for the lock, inside the history write
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    records = list(out.glob(f"clips/*/{RECORD_FILE}"))
    assert len(records) == 1 and _saved(db) == []  # scored, written, not saved
    assert connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    analysed_before = _analysed(log)
    result = run_batch(videos, out, options=SAVE, history_db=db, progress=False, analyze=fake_analyze)
    assert result.history_error is None and result.skipped == 1
    assert set(_analysed(log)[len(analysed_before) :]) == {"clip1.mp4", "clip2.mp4"}
    assert _saved(db) == [("clip0.mp4", 10.0), ("clip1.mp4", 11.0), ("clip2.mp4", 12.0)]


def test_clips_scored_without_save_are_added_by_a_later_save_without_analysing_them_again(
    tmp_path, three_clips, log
):
    db, out = tmp_path / "h.sqlite3", tmp_path / "out"
    run_batch(three_clips, out, options=NO_SAVE, progress=False, analyze=fake_analyze)
    assert not db.exists()
    result = run_batch(three_clips, out, options=SAVE, history_db=db, progress=False, analyze=fake_analyze)
    assert len(_analysed(log)) == 3 and result.scored == 0
    assert _saved(db) == ALL_THREE


def test_a_clip_folder_without_its_sessions_file_is_saved_from_its_report_json(tmp_path, three_clips, log):
    db, out = tmp_path / "h.sqlite3", tmp_path / "out"
    run_batch(three_clips, out, options=NO_SAVE, progress=False, analyze=fake_analyze)
    for path in out.glob(f"clips/*/{SESSIONS_JSON}"):  # as a batch folder from an older formcheck
        path.unlink()
    run_batch(three_clips, out, options=SAVE, history_db=db, progress=False, analyze=fake_analyze)
    assert _saved(db) == ALL_THREE


def test_each_clips_sessions_file_holds_its_rows_with_their_fingerprints(tmp_path, three_clips, log):
    out = tmp_path / "out"
    run_batch(three_clips[:1], out, options=NO_SAVE, progress=False, analyze=fake_analyze)
    (path,) = out.glob(f"clips/a-*/{SESSIONS_JSON}")
    data = json.loads(path.read_text())
    (row,) = data["sessions"]
    assert row["side"] == "left" and row["peak_hip_extension_deg"] == pytest.approx(10.0)
    assert len(row["fingerprint"]) == 32


# The batch command alone (the full CLI also loads every other stage).
app = typer.Typer()
app.command()(batch_cli.command)


def test_the_command_reports_a_history_failure_last_with_exit_13_after_the_summary(tmp_path, monkeypatch):
    monkeypatch.setattr(failures, "BUSY_TIMEOUT_S", 0.3)
    make_clips(tmp_path / "v", {"a.mp4": "OK 10", "b.mp4": "OK 12"})
    db = tmp_path / "h.sqlite3"
    connect(db).close()
    lock = locked_by_another_process(db)

    def locked_during_the_batch(job):
        if job.clip.name == "a.mp4":  # clips are scored in order: the lock is taken once
            lock.__enter__()
        return fake_analyze(job)

    monkeypatch.setattr(scoring, "_analyze", locked_during_the_batch)
    args = [str(tmp_path / "v"), "--out", str(tmp_path / "o"), "--no-html", "-q", "--save", "--db", str(db)]
    try:
        result = CliRunner().invoke(app, args)
    finally:
        lock.__exit__(None, None, None)
    assert result.exit_code == 13, result.output
    lines = result.output.splitlines()
    assert (
        lines[0] == f"2 clips: 2 scored now, 0 already done, 0 failed. Index: {tmp_path / 'o' / 'index.html'}"
    )
    assert lines[-1].startswith("formcheck: error: history database") and "locked" in lines[-1]
    assert (tmp_path / "o" / "summary.json").exists()


def test_two_workers_save_every_scored_clip_once_from_the_parent_process(tmp_path, three_clips):
    db = tmp_path / "h.sqlite3"
    result = run_batch(
        three_clips,
        tmp_path / "out",
        options=SAVE,
        history_db=db,
        workers=2,
        progress=False,
        analyze=fake_analyze,
    )
    assert result.history_error is None and result.sessions_saved == 3
    assert _saved(db) == ALL_THREE
