"""`formcheck synth` renders a clip with its truth and refuses impossible requests in one line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from formcheck.cli.main import app
from formcheck.errors import InvalidOption, UnknownName

runner = CliRunner()


def test_synth_renders_one_clip_and_its_truth(tmp_path):
    result = runner.invoke(
        app,
        ["synth", "--exercise", "thomas-test", "--mistake", "invalid", "--side", "right", "--yaw", "-15",
         "--fps", "1", "--size", "128x96", "--seed", "4", "--out", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    truth = json.loads((tmp_path / "thomas-test_invalid_right_yawm15.truth.json").read_text())
    assert (tmp_path / "thomas-test_invalid_right_yawm15.mp4").stat().st_size > 0
    assert truth["thomas_result"] == "invalid"
    assert truth["mistakes"] == ["back_arch", "knee_not_hugged"]
    assert truth["size"] == [128, 96] and truth["camera"]["yaw_deg"] == -15.0


def test_synth_refuses_a_mistake_the_exercise_does_not_have(tmp_path):
    result = runner.invoke(
        app, ["synth", "--exercise", "couch-stretch", "--mistake", "bouncing", "--out", str(tmp_path)]
    )
    assert result.exit_code == UnknownName.exit_code
    assert not list(tmp_path.iterdir())


def test_synth_refuses_a_yaw_beyond_30_degrees(tmp_path):
    result = runner.invoke(app, ["synth", "--exercise", "split-squat", "--yaw", "45", "--out", str(tmp_path)])
    assert result.exit_code == InvalidOption.exit_code  # an option out of range, not an unknown name


def test_synth_check_reports_a_folder_without_truth_as_missing(tmp_path):
    result = runner.invoke(app, ["synth", "--check", str(tmp_path)])
    assert result.exit_code == 2


def test_synth_writes_a_body_space_clip_whose_truth_names_its_family(tmp_path):
    from formcheck.synth.sets import SETS

    spec = SETS["bodies-bench"]()[0]
    name = spec.name
    result = runner.invoke(
        app, ["synth", "--set", "bodies-bench", "--only", name, "--truth-only", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    truth = json.loads((tmp_path / f"{name}.truth.json").read_text())
    assert truth["body"]["family"] == spec.family
    assert 4.0 <= truth["duration_s"] <= 8.0
