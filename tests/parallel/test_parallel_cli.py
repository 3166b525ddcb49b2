"""`formcheck analyze --workers`: a count below one is refused before any work."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from formcheck.cli.main import app
from formcheck.errors import InvalidOption
from formcheck.pipeline import analyze_video

runner = CliRunner()


@pytest.mark.parametrize("count", ["0", "-2"])
def test_a_worker_count_below_one_is_one_line_and_exit_14(tmp_path: Path, count: str) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "clip.mp4"), "--workers", count])
    assert result.exit_code == InvalidOption.exit_code, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("formcheck: error:")]
    assert len(errors) == 1 and "--workers" in errors[0]
    assert "Traceback" not in result.output


def test_the_library_refuses_zero_workers_too(tmp_path: Path) -> None:
    with pytest.raises(InvalidOption, match="workers"):
        analyze_video(tmp_path / "clip.mp4", workers=0)
