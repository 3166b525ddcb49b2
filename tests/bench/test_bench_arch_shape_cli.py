"""`formcheck bench arch-shape` refuses folders it cannot study with one clear line and its exit code."""

from __future__ import annotations

from typer.testing import CliRunner

from formcheck.cli.main import app
from formcheck.errors import SourceNotFound


def test_a_folder_without_truth_files_exits_with_the_not_found_code(tmp_path):
    (tmp_path / "clip.mp4").write_bytes(b"")
    result = CliRunner().invoke(
        app, ["bench", "arch-shape", "--fit", str(tmp_path), "--bench", str(tmp_path / "nowhere")]
    )
    assert result.exit_code == SourceNotFound.exit_code
    assert "no clip with a .truth.json" in result.output
    assert "Traceback" not in result.output
