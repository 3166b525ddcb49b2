"""The annotated video goes TO what the user names: a FIFO or device gets the finished MP4's bytes
and stays what it was; a full disk is exit 16 and leaves no temporary file."""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
import threading
from pathlib import Path

import numpy as np
import pytest

from formcheck.errors import InvalidOption, OutputWriteFailed
from formcheck.outputs.video import H264Writer


def _write_frames(path: Path | str, count: int = 10, size: tuple[int, int] = (64, 48), noise: bool = False):
    rng = np.random.default_rng(0)
    width, height = size
    with H264Writer(path, fps=10.0, size=size) as writer:
        for index in range(count):
            if noise:
                image = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
            else:
                image = np.full((height, width, 3), index * 20, np.uint8)
            writer.write(image)


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temporary folder for this test only, to see that nothing is left in it."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_video_into_a_fifo_arrives_whole_and_the_fifo_stays_a_fifo(
    tmp_path: Path, private_temp: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    _write_frames(fifo)
    reader.join(timeout=30)
    assert received and received[0][4:8] == b"ftyp"  # an MP4 from its first box
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "systemp"]
    assert list(private_temp.iterdir()) == []


def test_a_video_into_a_device_node_leaves_the_device_in_place(tmp_path: Path, private_temp: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as error:
        pytest.skip(f"cannot create a device node here: {error}")
    _write_frames(null)
    assert stat.S_ISCHR(null.stat().st_mode)
    assert list(private_temp.iterdir()) == []


def test_a_video_cannot_go_to_standard_output() -> None:
    with pytest.raises(InvalidOption):
        H264Writer("-", fps=10.0, size=(32, 32))


def test_a_video_on_a_real_full_disk_is_exit_16_with_nothing_left(tmp_path: Path) -> None:
    disk = tmp_path / "full"
    disk.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True, check=False
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.decode().strip()}")
    try:
        (disk / "earlier.json").write_text("kept")
        with pytest.raises(OutputWriteFailed) as caught:
            _write_frames(disk / "v.mp4", count=40, size=(160, 120), noise=True)
        assert caught.value.exit_code == 16
        message = str(caught.value)
        assert "\n" not in message and str(disk / "v.mp4") in message and "No space left" in message
        assert sorted(p.name for p in disk.iterdir()) == ["earlier.json"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)
