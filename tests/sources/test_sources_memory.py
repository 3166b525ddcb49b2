"""Peak memory of a whole `formcheck analyze` on a 4000x3000 clip: under 600 MB whatever the input
size, since frames are scaled down as they are decoded (sources/capture.py).

The figure is the peak resident set (VmHWM) of the analysing process, read by a parent that does
nothing else: ``ru_maxrss`` of its waited-for children. It is printed (``pytest -s``) as well as
checked. Marked slow: BlazePose runs on every frame.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sources.clips import run_ffmpeg

REPO_ROOT = Path(__file__).resolve().parents[2]
PERSON_CLIP = REPO_ROOT / "sample_videos" / "split-squat_correct_right_yaw0.mp4"
PEAK_LIMIT_MB = 600
# BlazePose full with its mask, loaded and run once, holds more than this by itself.
MODEL_ALONE_MB = 200
# A fresh interpreter runs the command and reports its children's peak: the test process's own
# children (other tests' FFmpeg and CLI runs) never enter the figure.
_MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KiB on Linux
"""


def peak_rss_mb(command: list[str], cwd: Path) -> tuple[int, float]:
    """(exit code, peak RSS in MiB) of ``command`` and the largest of its descendants."""
    env = {"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    env["FORMCHECK_HISTORY"] = str(cwd / "history.sqlite3")
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    code, kib = completed.stdout.split()
    return int(code), int(kib) / 1024


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KiB is Linux's")
def test_analysing_a_4000x3000_clip_peaks_under_600_mb(tmp_path: Path) -> None:
    clip = tmp_path / "huge-4000x3000.mp4"
    # 2 s of a person, scaled up and padded to 4:3 (30 frames: one process, no pose workers)
    run_ffmpeg(
        "-i", str(PERSON_CLIP), "-t", "2", "-an",
        "-vf", "scale=4000:2250,pad=4000:3000:0:375", "-c:v", "libx264", "-preset", "ultrafast", str(clip),
    )  # fmt: skip
    report = tmp_path / "report.json"
    command = [
        *(sys.executable, "-m", "formcheck.cli.main", "analyze", str(clip)),
        *("--exercise", "split-squat", "--workers", "1", "--json", str(report), "-q"),
    ]
    code, peak_mb = peak_rss_mb(command, tmp_path)
    print(f"\npeak RSS of formcheck analyze on a 4000x3000 clip: {peak_mb:.0f} MB (limit {PEAK_LIMIT_MB} MB)")
    assert code == 0
    loaded = json.loads(report.read_text())
    assert loaded["summary"]["frame_size"]["original"] == [4000, 3000]
    assert loaded["frames_with_pose"] == loaded["frames_total"] == 30
    assert peak_mb < PEAK_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"
    assert peak_mb > MODEL_ALONE_MB, "the figure is not the analysing process's (the model alone is more)"
