"""Outputs are written TO what the user names, never OVER it: files atomically, devices and FIFOs in
place, '-' to stdout; a full disk is exit 16 with nothing left behind."""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from formcheck import destinations
from formcheck.destinations import (
    DestinationKind,
    StagedOutput,
    check_folder_writable,
    check_writable,
    classify,
    open_output,
    write_bytes,
    write_text,
)
from formcheck.errors import InvalidOption, OutputUnwritable, OutputWriteFailed


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _make_char_device(path: Path) -> Path:
    """A private copy of /dev/null (major 1, minor 3), so a bug can never delete the real one."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot create a device node here: {error}")
    return path


class _FifoReader(threading.Thread):
    """Reads a FIFO to its end, as `cat fifo > file` would."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.data = b""

    def run(self) -> None:
        with open(self.path, "rb") as fifo:
            self.data = fifo.read()


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture(autouse=True)
def _forget_labels():
    yield
    destinations._OPTION_OF_PATH.clear()


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


# --- what a path is --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        pytest.param("-", DestinationKind.STDOUT, id="dash"),
        pytest.param("/dev/stdout", DestinationKind.STDOUT, id="dev-stdout"),
        pytest.param("/dev/stderr", DestinationKind.STDERR, id="dev-stderr"),
        pytest.param("/dev/null", DestinationKind.STREAM, id="dev-null"),
    ],
)
def test_standard_streams_and_devices_are_classified_by_name(name: str, kind: DestinationKind) -> None:
    assert classify(name) is kind


def test_files_new_paths_folders_and_fifos_are_told_apart(tmp_path: Path, fifo: Path) -> None:
    existing = tmp_path / "old.json"
    existing.write_text("{}")
    assert classify(existing) is DestinationKind.FILE
    assert classify(tmp_path / "new" / "r.json") is DestinationKind.FILE
    assert classify(tmp_path) is DestinationKind.FOLDER
    assert classify(fifo) is DestinationKind.STREAM


# --- regular files: atomic -------------------------------------------------------------------------


def test_a_new_file_is_written_with_its_folder_and_no_temporary_file_remains(tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.json"
    write_text(target, '{"a": 1}\n')
    assert target.read_text() == '{"a": 1}\n'
    assert _entries(target.parent) == ["r.json"]


def test_an_existing_file_is_replaced_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    target.write_text("old")
    target.chmod(0o600)
    write_text(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlink_to_a_file_stays_a_link_and_its_target_gets_the_output(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_a_full_disk_while_writing_is_exit_16_naming_the_option_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.html"
    target.write_text("the earlier report")
    destinations.label_outputs({"--html": target})
    monkeypatch.setattr(os, "fsync", _enospc)
    with pytest.raises(OutputWriteFailed) as caught:
        write_text(target, "<html>" * 1000)
    assert caught.value.exit_code == 16
    assert str(caught.value) == f"--html {target}: no space left on device (nothing written)"
    assert target.read_text() == "the earlier report"
    assert _entries(tmp_path) == ["r.html"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        pytest.param(errno.ENOSPC, "no space left on device", id="ENOSPC"),
        pytest.param(errno.EIO, "input/output error", id="EIO"),
        pytest.param(errno.EDQUOT, "disk quota exceeded", id="EDQUOT"),
    ],
)
def test_a_failing_disk_inside_the_writing_block_is_exit_16_and_removes_the_temporary_file(
    tmp_path: Path, code: int, words: str
) -> None:
    target = tmp_path / "r.json"
    with pytest.raises(OutputWriteFailed, match=words), open_output(target) as handle:
        handle.write("{")
        raise OSError(code, os.strerror(code))
    assert _entries(tmp_path) == []


def test_ctrl_c_while_writing_removes_the_temporary_file_and_is_not_swallowed(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text("kept")
    with pytest.raises(KeyboardInterrupt), open_output(target) as handle:
        handle.write("half")
        raise KeyboardInterrupt
    assert target.read_text() == "kept"
    assert _entries(tmp_path) == ["r.json"]


def test_an_unrelated_error_in_the_block_keeps_its_own_type(tmp_path: Path) -> None:
    # A missing key frame while rendering is not a disk problem: it must not become exit 16.
    with pytest.raises(FileNotFoundError), open_output(tmp_path / "r.html"):
        raise FileNotFoundError(errno.ENOENT, "No such file", "clip.mp4")
    assert _entries(tmp_path) == []


def test_a_folder_is_refused_as_an_output(tmp_path: Path) -> None:
    with pytest.raises(OutputUnwritable, match="is a folder"):
        write_text(tmp_path, "x")


# --- devices, FIFOs, sockets: in place -------------------------------------------------------------


def test_a_device_node_is_written_in_place_and_stays_a_device(tmp_path: Path) -> None:
    null = _make_char_device(tmp_path / "null")
    write_text(null, "report")
    write_bytes(null, b"\x89PNG")
    assert stat.S_ISCHR(null.stat().st_mode)
    assert _entries(tmp_path) == ["null"]


def test_a_fifo_is_written_in_place_and_its_reader_gets_every_byte(tmp_path: Path, fifo: Path) -> None:
    reader = _FifoReader(fifo)
    reader.start()
    write_text(fifo, "a,b\n1,2\n", newline="")
    reader.join(timeout=10)
    assert reader.data == b"a,b\n1,2\n"
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert _entries(tmp_path) == ["pipe"]


def test_a_unix_socket_is_connected_to_and_written(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="fc-sock-"))  # socket paths are limited to ~100 bytes
    path = folder / "s"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    received: list[bytes] = []

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            while chunk := connection.recv(65536):
                received.append(chunk)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        write_bytes(path, b"x" * 100_000)
        thread.join(timeout=10)
        assert b"".join(received) == b"x" * 100_000
        assert stat.S_ISSOCK(path.stat().st_mode)
    finally:
        server.close()
        path.unlink()
        folder.rmdir()


def test_a_fifo_whose_reader_went_away_is_exit_16(tmp_path: Path, fifo: Path) -> None:
    def read_one_byte_and_leave() -> None:
        with open(fifo, "rb") as pipe:
            pipe.read(1)

    reader = threading.Thread(target=read_one_byte_and_leave, daemon=True)
    reader.start()
    with pytest.raises(OutputWriteFailed, match="broken pipe.*stopped part-way"):
        write_bytes(fifo, b"y" * 4_000_000)  # far more than a pipe buffer holds
    reader.join(timeout=10)


# --- standard output ---------------------------------------------------------------------------------


def test_dash_writes_to_standard_output_when_the_option_allows_it(capfdbinary) -> None:
    write_text("-", '{"ok": true}\n', stdout_ok=True)
    assert capfdbinary.readouterr().out == b'{"ok": true}\n'


def test_dash_is_refused_for_an_output_that_cannot_go_to_standard_output() -> None:
    destinations.label_outputs({"--html": Path("-")})
    with pytest.raises(InvalidOption, match=r"^--html -: this output cannot go to standard output"):
        write_text("-", "<html>")


# --- staged outputs (FFmpeg writes a path itself) ----------------------------------------------------


def test_a_staged_file_is_renamed_into_place_on_commit(tmp_path: Path) -> None:
    staged = StagedOutput(tmp_path / "v.mp4")
    assert staged.temp_path.parent == tmp_path
    staged.temp_path.write_bytes(b"movie")
    staged.commit()
    assert _entries(tmp_path) == ["v.mp4"]
    assert (tmp_path / "v.mp4").read_bytes() == b"movie"


def test_a_staged_output_for_a_fifo_is_copied_into_it_and_leaves_no_file(tmp_path: Path, fifo: Path) -> None:
    reader = _FifoReader(fifo)
    reader.start()
    staged = StagedOutput(fifo, suffix=".mp4")
    staged.temp_path.write_bytes(b"movie bytes")
    staged.commit()
    reader.join(timeout=10)
    assert reader.data == b"movie bytes"
    assert not staged.temp_path.exists()
    assert _entries(tmp_path) == ["pipe"]


def test_a_discarded_staged_output_leaves_nothing(tmp_path: Path) -> None:
    staged = StagedOutput(tmp_path / "v.mp4")
    staged.temp_path.write_bytes(b"half a movie")
    staged.discard()
    assert _entries(tmp_path) == []


# --- checks before the analysis ----------------------------------------------------------------------


def test_the_check_accepts_devices_and_fifos_without_opening_or_touching_them(
    tmp_path: Path, fifo: Path
) -> None:
    # Opening a FIFO without a reader would block: returning at all shows it was not opened.
    assert check_writable("--json", fifo, stdout_ok=False) is DestinationKind.STREAM
    assert check_writable("--json", Path("/dev/null"), stdout_ok=False) is DestinationKind.STREAM
    assert _entries(tmp_path) == ["pipe"]


def test_the_check_leaves_no_probe_file_behind(tmp_path: Path) -> None:
    check_writable("--csv", tmp_path / "sub" / "r.csv", stdout_ok=False)
    assert _entries(tmp_path / "sub") == []


def test_a_folder_that_refuses_new_files_is_exit_15_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(OutputUnwritable, match=r"^--video .*read-only file system"):
        check_writable("--video", tmp_path / "v.mp4", stdout_ok=False)


def test_a_file_where_the_folder_should_be_is_exit_15(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file")
    with pytest.raises(OutputUnwritable, match="is a file, not a folder"):
        check_writable("--json", tmp_path / "taken" / "r.json", stdout_ok=False)
    with pytest.raises(OutputUnwritable, match="is a file, not a folder"):
        check_folder_writable("--out", tmp_path / "taken", tmp_path / "taken")


# --- real file systems (root only: mount a tmpfs) ----------------------------------------------------


@pytest.fixture
def mount_tmpfs(tmp_path: Path):
    mounted: list[Path] = []

    def mount(name: str, options: str) -> Path:
        point = tmp_path / name
        point.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True, check=False
        )
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode().strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", str(point)], check=False)


def test_a_real_full_disk_is_exit_16_leaves_no_temporary_file_and_keeps_earlier_files(mount_tmpfs) -> None:
    disk = mount_tmpfs("full", "size=64k")
    (disk / "earlier.json").write_text("earlier output")
    with pytest.raises(OutputWriteFailed, match="no space left on device"):
        write_bytes(disk / "big.png", os.urandom(200_000))
    assert _entries(disk) == ["earlier.json"]
    assert (disk / "earlier.json").read_text() == "earlier output"


def test_a_real_read_only_mount_is_exit_15_at_the_check(mount_tmpfs) -> None:
    disk = mount_tmpfs("ro", "ro")
    with pytest.raises(OutputUnwritable, match="read-only file system"):
        check_writable("--html", disk / "r.html", stdout_ok=False)


def test_a_reader_that_closes_standard_output_early_is_a_warning_and_the_program_goes_on() -> None:
    # `formcheck analyze clip --json - | head -1`: the reader's choice, as with any Unix filter.
    script = (
        "import sys; from formcheck.destinations import write_text\n"
        "write_text('-', 'x' * 1_000_000, stdout_ok=True)\n"
        "print('went on', file=sys.stderr)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader leaves before the first byte
    _, stderr = process.communicate(timeout=60)
    text = stderr.decode()
    assert process.returncode == 0, text
    assert "the reader closed the pipe" in text and "went on" in text
    assert "Traceback" not in text and "Exception ignored" not in text
