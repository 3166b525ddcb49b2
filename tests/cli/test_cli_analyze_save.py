"""`analyze --save`: the history is checked before the analysis and written after every file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import formcheck.cli.analyze as analyze_cli
from formcheck.cli.main import app
from formcheck.history import failures, list_sessions, save_records
from tests.batch.fake_analysis import fake_analyze
from tests.history.history_files import locked_by_another_process, session

runner = CliRunner()


@pytest.fixture
def clip(tmp_path) -> Path:
    path = tmp_path / "clip.mp4"
    path.write_text("OK 12.0")
    return path


@pytest.fixture
def analyses(monkeypatch) -> list[Path]:
    """The pose pipeline replaced by the stand-in; records every clip analysed."""
    calls: list[Path] = []

    def analyze_video(video, **_):
        calls.append(video)
        return fake_analyze(type("Job", (), {"clip": video})())

    monkeypatch.setattr(analyze_cli, "analyze_video", analyze_video)
    return calls


def _analyze(clip: Path, db: Path, *outputs: str):
    return runner.invoke(
        app, ["analyze", str(clip), "--exercise", "couch-stretch", *outputs, "--save", "--db", str(db), "-q"]
    )


@pytest.mark.parametrize(
    "make_db",
    [
        pytest.param(lambda p: p.write_bytes(b"\x00garbage" * 100), id="garbage"),
        pytest.param(lambda p: p.mkdir(), id="a-folder"),
    ],
)
def test_an_unusable_history_stops_analyze_before_the_analysis(tmp_path, clip, analyses, make_db):
    db = tmp_path / "h.sqlite3"
    make_db(db)
    result = _analyze(clip, db, "--json", str(tmp_path / "r.json"))
    assert result.exit_code == 13, result.output
    assert result.output.startswith("formcheck: error: history database") and result.output.count("\n") == 1
    assert analyses == [] and not (tmp_path / "r.json").exists()


def test_a_history_locked_before_the_run_stops_analyze_after_a_bounded_wait(
    tmp_path, clip, analyses, monkeypatch
):
    monkeypatch.setattr(failures, "BUSY_TIMEOUT_S", 0.3)
    db = tmp_path / "h.sqlite3"
    save_records([session(1)], db)
    with locked_by_another_process(db):
        result = _analyze(clip, db)
    assert result.exit_code == 13 and "locked by another process" in result.output
    assert analyses == []


def test_a_history_locked_during_the_analysis_keeps_every_output_then_exits_13(tmp_path, clip, monkeypatch):
    monkeypatch.setattr(failures, "BUSY_TIMEOUT_S", 0.3)
    db = tmp_path / "h.sqlite3"
    save_records([session(1, clip="earlier.mp4")], db)
    outputs = {name: tmp_path / f"r.{name}" for name in ("json", "csv", "html")}
    lock = locked_by_another_process(db)

    def analysis_during_which_another_process_locks_the_history(video, **_):
        lock.__enter__()  # after the check made before the analysis
        return fake_analyze(type("Job", (), {"clip": video})())

    monkeypatch.setattr(analyze_cli, "analyze_video", analysis_during_which_another_process_locks_the_history)
    try:
        result = _analyze(
            clip, db, *(arg for name, path in outputs.items() for arg in (f"--{name}", str(path)))
        )
    finally:
        lock.__exit__(None, None, None)
    assert result.exit_code == 13, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("formcheck: error:")]
    assert len(errors) == 1 and "locked by another process" in errors[0] and "not saved" in errors[0]
    assert all(path.stat().st_size > 0 for path in outputs.values())
    assert [s.clip for s in list_sessions(db)] == ["earlier.mp4"]  # only the one saved before


def test_analyze_save_adds_the_session_once_however_often_it_is_run(tmp_path, clip, analyses):
    db = tmp_path / "h.sqlite3"
    for _ in range(2):
        assert _analyze(clip, db).exit_code == 0
    (saved,) = list_sessions(db)
    assert saved.peak_hip_extension_deg == pytest.approx(12.0)
