"""`formcheck bench real`: the folder comes from --clips or the environment; bad paths get one line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from formcheck.bench.real_labels import load_labels
from formcheck.cli.main import app
from formcheck.errors import OutputUnwritable, SourceNotFound


def test_an_empty_folder_lists_every_labelled_clip_as_missing_and_writes_the_json(tmp_path):
    out = tmp_path / "out" / "real.json"
    result = CliRunner().invoke(
        app, ["bench", "real", "--clips", str(tmp_path), "--json", str(out), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    assert "working side right on 0 of 0 clips" in result.output
    data = json.loads(out.read_text())
    assert data["clips"] == []
    assert sorted(data["missing"]) == sorted(label.file for label in load_labels())
    assert data["totals"]["side_scored"] == 0


def test_the_folder_can_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FORMCHECK_REALCLIPS", str(tmp_path / "nowhere"))
    result = CliRunner().invoke(app, ["bench", "real", "--no-progress"])
    assert result.exit_code == SourceNotFound.exit_code
    assert result.output.strip().splitlines() == [
        f"formcheck: error: no folder of real clips at {tmp_path / 'nowhere'} (--clips DIR or $FORMCHECK_REALCLIPS)"
    ]


def test_a_json_path_that_is_a_folder_is_refused_before_any_work(tmp_path):
    result = CliRunner().invoke(
        app, ["bench", "real", "--clips", str(tmp_path), "--json", str(tmp_path), "--no-progress"]
    )
    assert result.exit_code == OutputUnwritable.exit_code
    assert "--json" in result.output and "is a folder" in result.output
