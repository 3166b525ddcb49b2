"""Bad input gets one clear line on stderr and a distinct exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from formcheck.cli.main import app
from formcheck.errors import (
    EmptySource,
    HistoryUnavailable,
    InvalidOption,
    NoPersonFound,
    OutputUnwritable,
    SourceNotFound,
    SourceUnreadable,
    UnknownName,
)
from formcheck.outputs.video import H264Writer

runner = CliRunner()


def run_analyze(*args: str):
    return runner.invoke(app, ["analyze", *args])


def assert_one_line_error(result, exit_code: int, *needles: str) -> None:
    assert result.exit_code == exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    error_lines = [line for line in result.output.splitlines() if line.startswith("formcheck: error:")]
    assert len(error_lines) == 1, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in error_lines[0]


def test_a_missing_file_is_one_line_and_its_own_exit_code(tmp_path: Path) -> None:
    result = run_analyze(str(tmp_path / "absent.mp4"))
    assert_one_line_error(result, SourceNotFound.exit_code, "absent.mp4")


def test_a_file_that_is_not_a_video_is_unreadable(tmp_path: Path) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_text("these are not video frames\n")
    result = run_analyze(str(fake))
    assert_one_line_error(result, SourceUnreadable.exit_code, "notes.mp4")


def test_an_empty_file_is_reported_not_crashed_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    result = run_analyze(str(empty))
    assert result.exit_code in (SourceUnreadable.exit_code, EmptySource.exit_code), result.output
    assert "Traceback" not in result.output


def test_a_clip_with_nobody_in_it_says_so(tmp_path: Path) -> None:
    clip = tmp_path / "empty_room.mp4"
    with H264Writer(clip, 10.0, (160, 120)) as writer:
        for shade in range(10):
            writer.write(np.full((120, 160, 3), 40 + shade * 10, np.uint8))
    result = run_analyze(str(clip), "--quiet")
    assert_one_line_error(result, NoPersonFound.exit_code, "no person")


@pytest.mark.parametrize(
    ("option", "value"),
    [pytest.param("--exercise", "yoga", id="exercise"), pytest.param("--side", "middle", id="side")],
)
def test_an_unknown_name_lists_the_valid_ones(tmp_path: Path, option: str, value: str) -> None:
    result = run_analyze(str(tmp_path / "clip.mp4"), option, value)
    assert_one_line_error(result, UnknownName.exit_code, value, "choose one of")


def test_every_user_error_has_a_distinct_exit_code() -> None:
    from formcheck import errors

    classes = [
        c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.FormcheckError)
    ]
    codes = [c.exit_code for c in classes if c is not errors.FormcheckError]
    assert len(codes) == len(set(codes))
    assert all(code not in (0, 1) for code in codes)


def test_an_output_path_that_is_a_folder_fails_before_any_analysis(tmp_path: Path) -> None:
    result = run_analyze(str(tmp_path / "clip.mp4"), "--json", str(tmp_path))
    assert_one_line_error(result, OutputUnwritable.exit_code, "--json", "folder")


@pytest.mark.parametrize("option", ["--max-fps", "--resize"])
def test_a_non_positive_rate_or_size_is_refused(tmp_path: Path, option: str) -> None:
    result = run_analyze(str(tmp_path / "clip.mp4"), option, "0")
    assert_one_line_error(result, InvalidOption.exit_code, option)


def test_a_history_file_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["history", "--db", str(tmp_path)])
    assert_one_line_error(result, HistoryUnavailable.exit_code, str(tmp_path))


def test_a_batch_output_folder_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"not scored: the output folder is refused first")
    taken = tmp_path / "taken"
    taken.write_text("a file, not a folder")
    result = runner.invoke(app, ["batch", str(clip), "--out", str(taken)])
    # An output place that cannot be written is exit 15 (the shared contract), like --json to a folder.
    assert_one_line_error(result, OutputUnwritable.exit_code, "--out", "not a folder")
