"""The offline speed bench: process-tree memory sampling and the ratios it prints."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from formcheck.bench.offline_speed import OfflineFigures, format_offline
from formcheck.bench.process_tree import RunFigures, run_measured

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="process-tree memory is read from /proc")

# A child that starts a grandchild; each holds 200 MiB of touched memory for a moment.
HOLD_200_MB = "import time; b = bytearray(200 * 2**20); time.sleep(1.0)"
PARENT_AND_CHILD = (
    "import subprocess, sys, time; "
    f"child = subprocess.Popen([sys.executable, '-c', {HOLD_200_MB!r}]); "
    f"{HOLD_200_MB}; child.wait()"
)


def test_peak_memory_counts_the_whole_process_tree() -> None:
    figures = run_measured([[sys.executable, "-c", PARENT_AND_CHILD]])
    assert figures.returncode == 0
    assert figures.peak_rss_mb is not None and figures.peak_rss_mb >= 400
    assert figures.wall_s >= 1.0


def test_cpu_time_counts_the_children_of_the_child() -> None:
    spin = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {spin!r}]); exec({spin!r})"
    figures = run_measured([[sys.executable, "-c", parent]])
    assert figures.returncode == 0
    assert figures.cpu_s >= 1.0  # 0.5 s in the child, 0.5 s in the grandchild


def test_commands_run_at_once_share_the_wall_time() -> None:
    sleep = [sys.executable, "-c", "import time; time.sleep(1.0)"]
    figures = run_measured([sleep, sleep, sleep])
    assert 1.0 <= figures.wall_s < 2.5  # together, not one after another (3 s)


def test_a_failing_command_reports_its_code_and_last_words() -> None:
    figures = run_measured([[sys.executable, "-c", "import sys; sys.exit('broken here')"]])
    assert figures.returncode == 1
    assert "broken here" in figures.stderr_tail


def test_the_ratios_are_against_the_bare_loop_and_the_ceiling() -> None:
    # given a 10 s clip: bare loop 12 s; two at once 13 s (6.5 s per clip); analyze 13.2 s and 7.0 s
    figures = OfflineFigures("clip.mp4", 300, 10.0, (640, 480), 2, reports_agree=True, load_averages=[0.1])
    figures.bare = RunFigures(12.0, 300.0, 11.5, 0, "")
    figures.ceiling = RunFigures(13.0, 600.0, 23.0, 0, "")
    figures.analyze_one = RunFigures(13.2, 350.0, 12.6, 0, "")
    figures.analyze_many = RunFigures(7.0, 700.0, 13.86, 0, "")
    text = format_offline(figures)
    assert "0.83x real time" in text  # 10 / 12
    assert "1.54x real time" in text  # two clips of 10 s in 13 s
    assert "1.10x the bare loop's time" in text  # 13.2 / 12
    assert "0.93 of the ceiling's speed" in text  # 6.5 / 7.0
    assert "1.89x faster than 1 worker" in text  # 13.2 / 7.0
    assert "1.43x real time" in text  # 10 / 7
    assert "identical" in text
    assert "1.10x (the price of splitting" in text  # 13.86 / 12.6
