"""`formcheck batch` end to end with the stand-in analysis: exit codes, workers, output layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import formcheck.batch.scoring as scoring
from formcheck.batch import ClipStatus, ScoreOptions, run_batch
from formcheck.cli import batch as batch_cli
from formcheck.history import list_sessions

from .fake_analysis import fake_analyze, make_clips

# The batch command alone (the full CLI also loads every other stage).
app = typer.Typer()
app.command()(batch_cli.command)


@pytest.fixture
def stand_in(monkeypatch):
    monkeypatch.setattr(scoring, "_analyze", fake_analyze)


def test_the_exit_code_says_that_some_clips_failed_and_the_others_were_scored(stand_in, tmp_path):
    make_clips(tmp_path / "v", {"good.mp4": "OK 10", "broken.mp4": "CORRUPT"})
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [str(tmp_path / "v"), "--out", str(out), "--no-html", "-q"])
    assert result.exit_code == batch_cli.SOME_CLIPS_FAILED_EXIT_CODE == 12
    assert "broken.mp4" in result.output and "not a video file" in result.output
    assert json.loads((out / "summary.json").read_text())["counts"] == {"clips": 2, "ok": 1, "failed": 1}


def test_a_batch_where_every_clip_is_scored_exits_zero(stand_in, tmp_path):
    make_clips(tmp_path / "v", {"good.mp4": "OK 10"})
    result = CliRunner().invoke(app, [str(tmp_path / "v"), "--out", str(tmp_path / "o"), "--no-html", "-q"])
    assert result.exit_code == 0, result.output


def test_a_path_that_does_not_exist_stops_the_batch_with_its_own_exit_code(stand_in, tmp_path):
    result = CliRunner().invoke(app, [str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "nowhere" in result.output


def test_save_adds_each_scored_clip_to_the_history_once(stand_in, tmp_path):
    make_clips(tmp_path / "v", {"a.mp4": "OK 10", "b.mp4": "OK 14", "c.mp4": "CORRUPT"})
    db = tmp_path / "h.sqlite3"
    args = [
        str(tmp_path / "v"),
        "--out",
        str(tmp_path / "o"),
        "--no-html",
        "-q",
        "--save",
        "--db",
        str(db),
    ]
    CliRunner().invoke(app, args)
    CliRunner().invoke(app, [*args, "--force"])
    sessions = list_sessions(db)
    assert sorted(s.peak_hip_extension_deg for s in sessions) == [pytest.approx(10.0), pytest.approx(14.0)]


def test_two_worker_processes_give_the_same_records_as_one(tmp_path):
    videos = make_clips(
        tmp_path / "v", {f"c{i}.mp4": f"OK {10 + i}" for i in range(4)} | {"x.mp4": "NOPERSON"}
    )
    options = ScoreOptions(exercise="couch-stretch", html=False)
    one = run_batch(videos, tmp_path / "one", options=options, progress=False, analyze=fake_analyze)
    two = run_batch(
        videos, tmp_path / "two", options=options, workers=2, progress=False, analyze=fake_analyze
    )
    assert [(r.key, r.status, r.peak_hip_extension_deg) for r in one.records] == [
        (r.key, r.status, r.peak_hip_extension_deg) for r in two.records
    ]
    assert [r.status for r in two.records].count(ClipStatus.FAILED) == 1
    assert Path(two.records[-1].key.path).name == "x.mp4"


def test_a_worker_that_dies_fails_its_clips_without_hanging_and_the_rerun_retries_them(tmp_path):
    videos = make_clips(tmp_path / "v", {"a.mp4": "OK 10", "b.mp4": "DIE", "c.mp4": "OK 12"})
    options = ScoreOptions(exercise="couch-stretch", html=False)
    out = tmp_path / "out"
    first = run_batch(videos, out, options=options, workers=2, progress=False, analyze=fake_analyze)
    died = next(r for r in first.records if r.key.path.endswith("b.mp4"))
    assert died.status is ClipStatus.FAILED and died.error_type == "WorkerDied"
    assert not list(out.glob("clips/b-*/record.json"))  # nothing on disk: it is not "done"
    (tmp_path / "v" / "b.mp4").write_text("OK 11")
    second = run_batch(videos, out, options=options, workers=2, progress=False, analyze=fake_analyze)
    assert [r.status for r in second.records] == [ClipStatus.OK] * 3
