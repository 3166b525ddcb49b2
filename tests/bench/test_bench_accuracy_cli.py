"""`formcheck bench accuracy` refuses sets it cannot score with one clear line and its exit code."""

from __future__ import annotations

from typer.testing import CliRunner

from formcheck.cli.main import app
from formcheck.errors import SourceNotFound, UnknownName


def test_an_unknown_set_name_exits_with_the_unknown_name_code(tmp_path):
    result = CliRunner().invoke(
        app, ["bench", "accuracy", "--set", str(tmp_path / "nowhere"), "--no-progress"]
    )
    assert result.exit_code == UnknownName.exit_code
    assert "unknown set" in result.output


def test_a_folder_without_truth_files_exits_with_the_not_found_code(tmp_path):
    (tmp_path / "clip.mp4").write_bytes(b"")
    result = CliRunner().invoke(app, ["bench", "accuracy", "--set", str(tmp_path), "--no-progress"])
    assert result.exit_code == SourceNotFound.exit_code
    assert "no clip with a .truth.json" in result.output
