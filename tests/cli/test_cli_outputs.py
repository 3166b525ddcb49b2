"""Where outputs may go, checked before any analysis: '-' only for --json/--csv and only once,
devices and FIFOs accepted as they are, folders and read-only places refused."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from formcheck.cli.checks import check_output_paths
from formcheck.cli.main import app
from formcheck.errors import InvalidOption, OutputUnwritable
from tests.cli.test_cli_errors import assert_one_line_error

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_videos" / "couch-stretch_correct_left_yaw0.mp4"


@pytest.mark.parametrize(
    "outputs",
    [
        pytest.param(["--video", "-"], id="video"),
        pytest.param(["--html", "-"], id="html"),
        pytest.param(["--json", "-", "--csv", "-"], id="two-dashes"),
        pytest.param(["--json", "-", "--csv", "/dev/stdout"], id="dash-and-dev-stdout"),
    ],
)
def test_analyze_refuses_what_cannot_share_standard_output_before_reading_the_clip(
    tmp_path: Path, outputs: list[str]
) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "absent.mp4"), *outputs])
    assert_one_line_error(result, InvalidOption.exit_code, outputs[0])


@pytest.mark.parametrize(
    ("option", "needle"),
    [
        pytest.param("--json", "cue events", id="json"),
        pytest.param("--record", "standard output", id="record"),
        pytest.param("--snapshot", "standard output", id="snapshot"),
    ],
)
def test_live_keeps_standard_output_for_its_cue_events(tmp_path: Path, option: str, needle: str) -> None:
    source = ["--source", str(tmp_path / "x.mp4")]
    result = runner.invoke(app, ["live", "--exercise", "couch-stretch", *source, "--headless", option, "-"])
    assert_one_line_error(result, InvalidOption.exit_code, option, needle)


def test_history_trend_refuses_a_plot_on_standard_output_or_in_a_folder(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "h.sqlite3")]
    assert_one_line_error(
        runner.invoke(app, ["history", "trend", *db, "--plot", "-"]), InvalidOption.exit_code, "--plot"
    )
    assert_one_line_error(
        runner.invoke(app, ["history", "trend", *db, "--plot", str(tmp_path)]),
        OutputUnwritable.exit_code,
        "--plot",
        "folder",
    )


def test_history_trend_to_an_unwritable_place_is_one_line_exit_15(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = runner.invoke(
        app, ["history", "trend", "--db", str(tmp_path / "h.sqlite3"), "--plot", str(tmp_path / "p.png")]
    )
    assert_one_line_error(result, OutputUnwritable.exit_code, "--plot", "read-only")


def test_batch_refuses_dash_as_its_output_folder(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"never analysed")
    result = runner.invoke(app, ["batch", str(clip), "--out", "-"])
    assert_one_line_error(result, InvalidOption.exit_code, "--out")


def test_devices_and_fifos_pass_the_check_and_their_folder_is_left_alone(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    check_output_paths(json=fifo, csv=Path("/dev/null"), video=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_dash_passes_for_the_options_that_allow_it(tmp_path: Path) -> None:
    check_output_paths(stdout_options=("json", "csv"), json=Path("-"), html=tmp_path / "r.html")
    with pytest.raises(InvalidOption):
        check_output_paths(json=Path("-"))


def _trimmed_sample(folder: Path, seconds: float = 2.0) -> Path:
    import imageio_ffmpeg

    clip = folder / "clip.mp4"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-i", str(SAMPLE), "-t", str(seconds),
         "-c:v", "libx264", "-preset", "veryfast", str(clip)],
        check=True,
    )  # fmt: skip
    return clip


@pytest.mark.slow
def test_json_to_dash_leaves_only_the_report_on_stdout_and_a_device_stays_a_device(tmp_path: Path) -> None:
    if not SAMPLE.exists():
        pytest.skip("sample clip missing")
    clip = _trimmed_sample(tmp_path)
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as error:
        pytest.skip(f"cannot create a device node here: {error}")
    result = subprocess.run(
        [sys.executable, "-m", "formcheck.cli.main", "analyze", str(clip), "--exercise", "couch-stretch",
         "--json", "-", "--csv", str(null)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)  # nothing but the report on stdout
    assert report["schema"] == "formcheck.report/1.2"
    assert "wrote standard output" in result.stderr
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4", "null"]


def test_a_trend_plot_named_like_the_history_database_is_refused_and_the_database_kept(tmp_path):
    from typer.testing import CliRunner

    from formcheck.cli.main import app

    db = tmp_path / "h.db"
    result = CliRunner().invoke(app, ["history", "trend", "--db", str(db), "--plot", str(db)])
    assert result.exit_code == 15, result.output
    assert "--plot" in result.output and "--db" in result.output
    assert not db.exists()  # nothing was written where the database would be
