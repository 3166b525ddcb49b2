"""The trend PNG goes TO what the user names, and a failing disk is one error, not a traceback."""

from __future__ import annotations

import errno
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from formcheck.errors import InvalidOption, OutputWriteFailed
from formcheck.history.plot import write_trend_plot
from formcheck.history.trend import SeriesTrend, TrendMetric

START = datetime(2026, 1, 1)
TRENDS = [
    SeriesTrend(
        "couch-stretch", "left", TrendMetric.PEAK_HIP_EXTENSION,
        tuple(START + timedelta(days=d) for d in range(3)), (8.0, 9.0, 10.0),
    )
]  # fmt: skip


def test_the_plot_is_a_png_file_and_no_temporary_file_remains(tmp_path: Path) -> None:
    path = write_trend_plot(TRENDS, tmp_path / "trend.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["trend.png"]


def test_the_plot_into_a_fifo_reaches_its_reader(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_trend_plot(TRENDS, fifo)
    reader.join(timeout=30)
    assert received[0][:8] == b"\x89PNG\r\n\x1a\n"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_the_plot_cannot_go_to_standard_output() -> None:
    with pytest.raises(InvalidOption):
        write_trend_plot(TRENDS, "-")


def test_a_full_disk_while_writing_the_plot_is_exit_16_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputWriteFailed, match="no space left on device"):
        write_trend_plot(TRENDS, tmp_path / "trend.png")
    assert list(tmp_path.iterdir()) == []


def test_sessions_of_one_day_are_drawn_over_a_week_of_dates_not_years() -> None:
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from formcheck.history.plot import _figure

    one_day = [
        SeriesTrend(
            "prone-hip-extension", "right", TrendMetric.PEAK_HIP_EXTENSION,
            (START, START + timedelta(hours=2)), (3.0, 4.0),
        )
    ]  # fmt: skip
    figure = _figure(one_day, "t")
    low, high = figure.axes[0].get_xlim()
    plt.close(figure)
    assert high - low == pytest.approx(7.0)  # days, in matplotlib's date units
    assert mdates.num2date(low).replace(tzinfo=None) < START < mdates.num2date(high).replace(tzinfo=None)
