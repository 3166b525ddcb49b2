"""Every numeric option refuses NaN, infinities and out-of-range values in one line (exit 14), and
every name option an unknown name in one line (exit 7): never click's usage box and exit 2."""

from __future__ import annotations

import math

import pytest
from typer.testing import CliRunner

from formcheck.cli.checks import NumberRange, parse_number
from formcheck.cli.main import app
from formcheck.errors import InvalidOption, UnknownName
from formcheck.sources.capture import MAX_FRAME_SIDE_PX

runner = CliRunner()
CLIP = "sample_videos/thomas-test_negative_left_yaw0.mp4"  # never opened: the options fail first


def assert_one_line(args: list[str], exit_code: int, *needles: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    assert "Usage:" not in result.output  # no click usage box
    errors = [line for line in result.output.splitlines() if line.startswith("formcheck: error:")]
    assert len(errors) == 1, result.output
    for needle in needles:
        assert needle in errors[0]


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["analyze", CLIP, "--max-fps", "nan"], id="analyze-max-fps-nan"),
        pytest.param(["analyze", CLIP, "--max-fps", "inf"], id="analyze-max-fps-inf"),
        pytest.param(["analyze", CLIP, "--max-fps", "-inf"], id="analyze-max-fps-minus-inf"),
        pytest.param(["analyze", CLIP, "--max-fps", "0"], id="analyze-max-fps-zero"),
        pytest.param(["analyze", CLIP, "--max-fps", "-3"], id="analyze-max-fps-negative"),
        pytest.param(["analyze", CLIP, "--max-fps", "fast"], id="analyze-max-fps-not-a-number"),
        pytest.param(["analyze", CLIP, "--resize", "nan"], id="analyze-resize-nan"),
        pytest.param(["analyze", CLIP, "--resize", "0"], id="analyze-resize-zero"),
        pytest.param(["analyze", CLIP, "--resize", "12000"], id="analyze-resize-above-cap"),
        pytest.param(["analyze", CLIP, "--resize", "640.5"], id="analyze-resize-fraction"),
        pytest.param(["live", "--exercise", "couch-stretch", "--resize", "inf"], id="live-resize-inf"),
        pytest.param(["live", "--exercise", "couch-stretch", "--resize", "99999"], id="live-resize-cap"),
        pytest.param(["live", "--exercise", "couch-stretch", "--snapshot-at", "nan"], id="live-snapshot-nan"),
        pytest.param(["live", "--exercise", "couch-stretch", "--snapshot-at", "-1"], id="live-snapshot-neg"),
        pytest.param(["batch", CLIP, "--workers", "0"], id="batch-workers-zero"),
        pytest.param(["batch", CLIP, "--workers", "nan"], id="batch-workers-nan"),
        pytest.param(["batch", CLIP, "--workers", "100000"], id="batch-workers-huge"),
        pytest.param(["batch", CLIP, "--threads-per-worker", "0"], id="batch-threads-zero"),
        pytest.param(["bench", "batch", "--workers", "1"], id="bench-batch-workers-one"),
        pytest.param(["bench", "batch", "--limit", "0"], id="bench-batch-limit-zero"),
        pytest.param(["bench", "accuracy", "--limit", "-1"], id="bench-accuracy-limit"),
        pytest.param(["bench", "speed", "--frames", "0"], id="bench-speed-frames"),
        pytest.param(["bench", "speed", "--repeat", "inf"], id="bench-speed-repeat"),
        pytest.param(["synth", "--exercise", "couch-stretch", "--yaw", "45"], id="synth-yaw-range"),
        pytest.param(["synth", "--exercise", "couch-stretch", "--yaw", "nan"], id="synth-yaw-nan"),
        pytest.param(["synth", "--exercise", "couch-stretch", "--fps", "0"], id="synth-fps-zero"),
        pytest.param(["synth", "--exercise", "couch-stretch", "--fps", "inf"], id="synth-fps-inf"),
        pytest.param(["synth", "--exercise", "couch-stretch", "--size", "10x10"], id="synth-size"),
        pytest.param(["synth", "--set", "bench", "--jobs", "-1"], id="synth-jobs"),
        pytest.param(["synth", "--exercise", "couch-stretch", "--seed", "nan"], id="synth-seed-nan"),
        pytest.param(["history", "--limit", "0"], id="history-limit-zero"),
    ],
)
def test_a_numeric_option_out_of_range_is_one_line_and_exit_14(args: list[str]) -> None:
    assert_one_line(args, InvalidOption.exit_code, args[-2] if args[-2].startswith("--") else "")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["live", "--exercise", "plank"], id="live-exercise"),
        pytest.param(["live", "--exercise", "couch-stretch", "--side", "up"], id="live-side"),
        pytest.param(["batch", CLIP, "--exercise", "plank"], id="batch-exercise"),
        pytest.param(["bench", "batch", "--exercise", "plank"], id="bench-batch-exercise"),
        pytest.param(["bench", "speed", "--exercise", "plank"], id="bench-speed-exercise"),
        pytest.param(["synth", "--exercise", "plank"], id="synth-exercise"),
        pytest.param(["synth", "--exercise", "couch-stretch", "--mistake", "slouch"], id="synth-mistake"),
        pytest.param(["synth", "--exercise", "couch-stretch", "--side", "up"], id="synth-side"),
        pytest.param(["synth", "--set", "everything"], id="synth-set"),
    ],
)
def test_an_unknown_name_is_one_line_and_exit_7(args: list[str]) -> None:
    assert_one_line(args, UnknownName.exit_code, args[-1])


def test_the_resize_cap_is_the_largest_frame_formcheck_analyses() -> None:
    result = runner.invoke(app, ["analyze", CLIP, "--resize", str(MAX_FRAME_SIDE_PX + 1)])
    assert result.exit_code == InvalidOption.exit_code
    assert str(MAX_FRAME_SIDE_PX) in result.output


@pytest.mark.parametrize(
    ("text", "allowed", "expected"),
    [
        pytest.param("3", NumberRange(minimum=1, whole=True), 3, id="whole"),
        pytest.param("0", NumberRange(minimum=0), 0.0, id="minimum-included"),
        pytest.param("-30", NumberRange(minimum=-30, maximum=30), -30.0, id="negative-range"),
        pytest.param("1e-3", NumberRange(minimum=0, above_minimum=True), 0.001, id="tiny-positive"),
    ],
)
def test_values_in_range_are_accepted(text: str, allowed: NumberRange, expected: float) -> None:
    assert parse_number("--x", text, allowed) == expected


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "0", "1.5", "abc", ""])
def test_values_out_of_a_positive_whole_range_are_refused(text: str) -> None:
    with pytest.raises(InvalidOption, match="--x"):
        parse_number("--x", text, NumberRange(minimum=1, whole=True))


def test_a_range_contains_no_infinity_even_without_bounds() -> None:
    assert not NumberRange().contains(math.inf)
    assert not NumberRange().contains(math.nan)
    assert NumberRange().contains(-1e300)
