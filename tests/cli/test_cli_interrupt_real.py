"""The real commands, real signals and a real closed pipe, on three seconds of a sample clip.

Slow: each runs the BlazePose model in a child process, as a user would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SAMPLE_VIDEOS
from tests.sources.clips import run_ffmpeg

pytestmark = pytest.mark.slow

SECONDS = 3.0


@pytest.fixture(scope="module")
def short_clip(tmp_path_factory) -> Path:
    clip = tmp_path_factory.mktemp("clip") / "short.mp4"
    source = SAMPLE_VIDEOS / "split-squat_correct_right_yaw0.mp4"
    run_ffmpeg("-i", str(source), "-t", str(SECONDS), "-c:v", "libx264", "-preset", "veryfast", str(clip))
    return clip


def formcheck(*args: str, **popen) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "formcheck.cli.main", *args], env=env, stderr=subprocess.PIPE, **popen
    )


def test_sigint_during_the_pose_pass_writes_the_reports_and_exits_130(short_clip, tmp_path):
    out = tmp_path / "r.json"
    process = formcheck("analyze", str(short_clip), "--json", str(out), stdout=subprocess.DEVNULL)
    stderr: list[bytes] = []

    def read_stderr() -> None:
        for chunk in iter(lambda: process.stderr.read1(4096), b""):
            stderr.append(chunk)

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    # The progress bar appears once the first frame is posed: interrupt a moment after.
    while b"pose" not in b"".join(stderr) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=120) == 130
    reader.join(timeout=5)
    report = json.loads(out.read_text())
    stopped = report["stopped_early"]
    assert stopped["reason"] == "interrupted"
    assert 0 < report["frames_total"] == stopped["frame_index"] < SECONDS * 15
    assert b"Traceback" not in b"".join(stderr)
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary file left


def test_live_whose_event_reader_goes_away_still_writes_the_report(short_clip, tmp_path):
    out = tmp_path / "r.json"
    process = formcheck(
        "live", "--exercise", "split-squat", "--headless", "--no-audio", "--no-speech",
        "--source", str(short_clip), "--json", str(out), stdout=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout.readline()  # `| head -1`: one line, then the reader is gone
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    report = json.loads(out.read_text())
    assert report["frames_total"] == SECONDS * 15 and report["stopped_early"] is None
    lines = [line for line in err.decode().splitlines() if line.startswith("formcheck:")]
    assert len(lines) == 1 and "event stream closed" in lines[0]
    assert b"Exception ignored" not in err and b"Traceback" not in err
