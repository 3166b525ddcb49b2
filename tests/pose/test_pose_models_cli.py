"""`formcheck models` prints the model table."""

from __future__ import annotations

from typer.testing import CliRunner

from formcheck.cli.main import app


def test_formcheck_models_lists_the_bundled_model_as_available() -> None:
    result = CliRunner().invoke(app, ["models"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["name", "kind", "available", "path"]
    bundled = next(line for line in lines if line.startswith("blazepose-full"))
    assert bundled.split()[1:3] == ["bundled", "yes"]
    assert bundled.rstrip().endswith("pose_landmark_full.tflite")
    heavy = next(line for line in lines if line.startswith("blazepose-heavy"))
    assert heavy.split()[1:3] == ["task", "no"]
