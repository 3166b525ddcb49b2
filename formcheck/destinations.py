"""Writing an output TO the place the user named, never OVER it.

Every file formcheck produces (reports, CSV, videos, plots, snapshots, batch records) goes through
here, so one module decides what a path means:

- a regular file, or a path that does not exist yet: written to a temporary file in the same folder,
  then renamed over the target (atomic on one volume: a reader sees the old file or the new one,
  never half of one). A symlink to a file is followed, so the link stays a link;
- a character or block device (``/dev/null``), a FIFO, a socket, ``/dev/stdout``, ``/dev/stderr``,
  ``/dev/fd/N``: opened and written in place. Renaming a file over ``/dev/null`` would delete the
  device for everyone (as root), and over a FIFO would cut off its reader;
- ``-``: standard output, for the outputs that allow it (``--json``, ``--csv``).

A failure while writing (a full disk, an I/O error) becomes ``OutputWriteFailed`` (exit 16) with one
line naming the option and path, and the temporary file is removed on any failure, Ctrl-C included.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import socket
import stat
import sys
import tempfile
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import IO, BinaryIO

from formcheck.closed_pipe import detach_closed_stdout
from formcheck.errors import InvalidOption, OutputUnwritable, OutputWriteFailed

STDOUT_NAME = "-"

# Names that are the process's own standard streams: written through sys.stdout/sys.stderr, so that
# the bytes land at the stream's current position even when it was redirected to a regular file.
_STDOUT_ALIASES = frozenset({"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
_STDERR_ALIASES = frozenset({"/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"})
# Paths that name an already open file: renaming over them would replace the link, not the file.
_FD_FOLDERS = ("/dev/fd/", "/proc/")

# errno values that mean "the place cannot be written at all" (exit 15) rather than "writing failed
# part-way" (exit 16) when they come from creating the file.
_UNWRITABLE_ERRNOS = frozenset(
    {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ENXIO}
)
# errno values that a write into an open file can raise; only these are turned into
# OutputWriteFailed when they escape the caller's own code inside ``open_output``.
_WRITE_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EROFS, errno.EPIPE, errno.ENXIO}
)


class DestinationKind(str, Enum):
    FILE = "file"  # regular file or new path: temp file + rename
    STREAM = "stream"  # device, FIFO, socket: written in place
    STDOUT = "stdout"  # '-' or an alias of the process's standard output
    STDERR = "stderr"
    FOLDER = "folder"  # never writable as an output


# Option names ("--json") for the paths the CLI checked, so an error deep in a writer can still say
# which option it was about. Filled by ``label_outputs``; a path without a label is named alone.
_OPTION_OF_PATH: dict[str, str] = {}


def label_outputs(labels: dict[str, Path]) -> None:
    """Remember which option each output path came from (``{"--json": Path("r.json")}``)."""
    for option, path in labels.items():
        _OPTION_OF_PATH[_label_key(path)] = option


def _label_key(path: Path | str) -> str:
    text = str(path)
    return text if text == STDOUT_NAME else os.path.abspath(text)


def describe(path: Path | str) -> str:
    """``--html out/r.html`` when the option is known, else the path alone."""
    option = _OPTION_OF_PATH.get(_label_key(path))
    shown = "standard output" if str(path) == STDOUT_NAME and option is None else str(path)
    return f"{option} {shown}" if option else shown


def classify(path: Path | str) -> DestinationKind:
    """What ``path`` names; a path that does not exist (yet) is a FILE."""
    text = str(path)
    if text == STDOUT_NAME:
        return DestinationKind.STDOUT
    absolute = os.path.abspath(text)
    if absolute in _STDOUT_ALIASES:
        return DestinationKind.STDOUT
    if absolute in _STDERR_ALIASES:
        return DestinationKind.STDERR
    try:
        mode = os.stat(text).st_mode  # follows links: /dev/fd/63 -> the pipe it stands for
    except OSError:
        return DestinationKind.FILE
    if stat.S_ISDIR(mode):
        return DestinationKind.FOLDER
    if stat.S_ISREG(mode) and not absolute.startswith(_FD_FOLDERS):
        return DestinationKind.FILE
    return DestinationKind.STREAM


def is_stdout(path: Path | str | None) -> bool:
    return path is not None and classify(path) is DestinationKind.STDOUT


def _strerror(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def write_failed(path: Path | str, error: OSError, *, partial: bool = False) -> OutputWriteFailed:
    outcome = "stopped part-way" if partial else "nothing written"
    return OutputWriteFailed(f"{describe(path)}: {_strerror(error)} ({outcome})")


def _creation_failed(path: Path | str, error: OSError) -> Exception:
    if error.errno in _UNWRITABLE_ERRNOS:
        return OutputUnwritable(f"{describe(path)}: cannot be written ({_strerror(error)})")
    return write_failed(path, error)


def refuse_stdout(path: Path | str) -> None:
    if str(path) == STDOUT_NAME:
        raise InvalidOption(f"{describe(path)}: this output cannot go to standard output; give a file name")


@contextlib.contextmanager
def open_output(
    path: Path | str, *, binary: bool = False, newline: str | None = None, stdout_ok: bool = False
) -> Iterator[IO]:
    """A file object to write one output into; the output is complete when the block ends.

    A regular file appears only if the block finishes; on any exception (Ctrl-C included) the
    temporary file is removed and an existing file at ``path`` is left untouched. An OSError of a
    full disk or an I/O error raised in the block becomes ``OutputWriteFailed``.
    """
    if not stdout_ok:
        refuse_stdout(path)
    kind = classify(path)
    if kind is DestinationKind.FOLDER:
        raise OutputUnwritable(f"{describe(path)}: is a folder; give a file name")
    if kind is DestinationKind.FILE:
        opener = _open_file_atomically
    elif kind is DestinationKind.STREAM:
        opener = _open_stream
    else:
        opener = _open_standard_stream
    with opener(Path(path), kind, binary=binary, newline=newline) as handle:
        yield handle


def write_text(path: Path | str, text: str, *, newline: str | None = None, stdout_ok: bool = False) -> Path:
    with open_output(path, newline=newline, stdout_ok=stdout_ok) as handle:
        handle.write(text)
    return Path(path)


def write_bytes(path: Path | str, data: bytes, *, stdout_ok: bool = False) -> Path:
    with open_output(path, binary=True, stdout_ok=stdout_ok) as handle:
        handle.write(data)
    return Path(path)


def _target_of(path: Path) -> Path:
    """The file to replace: a symlink's target (the link stays a link), else the path itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _file_mode(target: Path) -> int:
    """Keep an existing file's permissions; a new one gets the usual 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _make_temp(path: Path, target: Path) -> tuple[int, str]:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _creation_failed(path, error) from None


def _unlink_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


@contextlib.contextmanager
def _open_file_atomically(path: Path, kind: DestinationKind, *, binary: bool, newline: str | None):
    target = _target_of(path)
    descriptor, temp_name = _make_temp(path, target)
    try:
        try:
            os.fchmod(descriptor, _file_mode(target))
            handle = (
                os.fdopen(descriptor, "wb")
                if binary
                else os.fdopen(descriptor, "w", encoding="utf-8", newline=newline)
            )
        except BaseException:
            os.close(descriptor)
            raise
        try:
            try:
                yield handle
            except OSError as error:
                if error.errno in _WRITE_ERRNOS:
                    raise write_failed(path, error) from None
                raise
            try:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
            except OSError as error:
                raise write_failed(path, error) from None
        finally:
            _close_quietly(handle)
        try:
            os.replace(temp_name, target)
        except OSError as error:
            raise _creation_failed(path, error) from None
    except BaseException:
        _unlink_quietly(temp_name)
        raise


def _close_quietly(handle: IO) -> None:
    """Close after a failed write: the buffered rest cannot be written either, and a second
    "no space left" from the close must not hide the first error. The descriptor is closed anyway."""
    with contextlib.suppress(OSError, ValueError):
        handle.close()


@contextlib.contextmanager
def _open_stream(path: Path, kind: DestinationKind, *, binary: bool, newline: str | None):
    try:
        raw = _open_stream_raw(path)
    except OSError as error:
        raise _creation_failed(path, error) from None
    handle: IO = raw if binary else io.TextIOWrapper(raw, encoding="utf-8", newline=newline)
    try:
        yield handle
        handle.flush()
    except BaseException as error:
        _close_quietly(handle)
        if isinstance(error, OSError) and error.errno in _WRITE_ERRNOS:
            raise write_failed(path, error, partial=True) from None
        raise
    try:
        handle.close()
    except OSError as error:
        raise write_failed(path, error, partial=True) from None


def _open_stream_raw(path: Path) -> BinaryIO:
    if stat.S_ISSOCK(os.stat(path).st_mode):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(str(path))
        except OSError:
            connection.close()
            raise
        return io.BufferedWriter(_SocketFile(connection))
    # No O_CREAT: the node exists (a device ignores O_TRUNC; a file behind /dev/fd/N is emptied).
    return open(os.open(path, os.O_WRONLY | os.O_TRUNC), "wb")  # noqa: SIM115 (closed by the caller)


class _SocketFile(io.RawIOBase):
    """A socket as a writable file that closes its socket with it."""

    def __init__(self, connection: socket.socket) -> None:
        self._connection = connection

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self._connection.sendall(data)
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._connection.close()
        super().close()


@contextlib.contextmanager
def _open_standard_stream(path: Path, kind: DestinationKind, *, binary: bool, newline: str | None):
    stream = sys.stdout if kind is DestinationKind.STDOUT else sys.stderr
    stream.flush()  # what was printed before comes before the output
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stand-in (an embedding program's StringIO)
        if binary:
            raise InvalidOption(f"{describe(path)}: standard output here takes text only; give a file name")
        buffer, binary = stream, True  # written as is, and not detached afterwards
    handle: IO = (
        buffer if binary else io.TextIOWrapper(buffer, encoding="utf-8", newline=newline, write_through=True)
    )
    try:
        yield handle
        handle.flush()
    except OSError as error:
        if error.errno not in _WRITE_ERRNOS:
            raise
        if error.errno != errno.EPIPE:
            raise write_failed(path, error, partial=True) from None
        # The reader left (`formcheck ... --json - | head -1`): it chose to stop reading, as with
        # any Unix filter. Say so once and go on, so the other outputs are still written.
        detach_closed_stdout(stream)  # the reader went away: no traceback from the exit flush
        print(
            f"formcheck: warning: {describe(path)}: the reader closed the pipe; stopped writing it",
            file=sys.stderr,
        )
    finally:
        if not binary:
            with contextlib.suppress(ValueError, OSError):
                handle.detach()  # leave sys.stdout's buffer open


class StagedOutput:
    """For a program that must write a path itself (FFmpeg): a temporary path to write, then
    ``commit()`` moves it to the destination (rename for a file, copy into a device or FIFO) and
    ``discard()`` removes it. Never leaves the temporary file behind once either is called."""

    def __init__(self, path: Path | str, *, suffix: str = "") -> None:
        refuse_stdout(path)
        self.path = Path(path)
        self.kind = classify(path)
        if self.kind is DestinationKind.FOLDER:
            raise OutputUnwritable(f"{describe(path)}: is a folder; give a file name")
        if self.kind is DestinationKind.FILE:
            self._target = _target_of(self.path)
            descriptor, name = _make_temp(self.path, self._target)
            os.fchmod(descriptor, _file_mode(self._target))
        else:  # a device has no folder to stage in: the system's temporary folder
            self._target = self.path
            try:
                descriptor, name = tempfile.mkstemp(prefix=".formcheck-", suffix=suffix)
            except OSError as error:
                raise write_failed(path, error) from None
        os.close(descriptor)
        self.temp_path = Path(name)

    def commit(self) -> None:
        try:
            if self.kind is DestinationKind.FILE:
                try:
                    os.replace(self.temp_path, self._target)
                except OSError as error:
                    raise _creation_failed(self.path, error) from None
            else:
                with open(self.temp_path, "rb") as source, open_output(self.path, binary=True) as sink:
                    shutil.copyfileobj(source, sink)
        finally:
            self.discard()

    def discard(self) -> None:
        _unlink_quietly(str(self.temp_path))


def check_writable(option: str, path: Path, *, stdout_ok: bool) -> DestinationKind:
    """Raise OutputUnwritable (15) or InvalidOption (14) now if ``path`` cannot take the output.

    A new file's folder is created and a real temporary file made and removed in it: as root,
    ``os.access`` says yes to read-only mounts of some kinds and to immutable folders.
    """
    label_outputs({option: path})
    kind = classify(path)
    if kind is DestinationKind.STDOUT and str(path) == STDOUT_NAME and not stdout_ok:
        refuse_stdout(path)
    if kind is DestinationKind.FOLDER:
        raise OutputUnwritable(f"{option} {path}: is a folder; give a file name")
    if kind is DestinationKind.STREAM and not os.access(path, os.W_OK):
        raise OutputUnwritable(f"{option} {path}: not writable")
    if kind is DestinationKind.FILE:
        _probe_folder(option, path)
    return kind


def _probe_folder(option: str, path: Path) -> None:
    target = _target_of(path)
    check_folder_writable(option, path, target.parent, own_folder=False)
    # Replacing needs only the folder, but an immutable file (chattr +i) refuses the rename.
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputUnwritable(f"{option} {path}: the existing file is not writable")


def check_folder_writable(option: str, named: Path, folder: Path, *, own_folder: bool = True) -> None:
    """Create ``folder`` if needed and make (and remove) a file in it: the only test that holds for
    root, read-only mounts and immutable folders alike. ``named`` is what the user typed."""
    whose = "" if own_folder else "its "
    if str(named) == STDOUT_NAME:
        raise InvalidOption(f"{option} -: a folder is needed here, not standard output")
    if folder.exists() and not folder.is_dir():
        shown = named if own_folder else f"{named} (its folder {folder})"
        raise OutputUnwritable(f"{option} {shown}: is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputUnwritable(
            f"{option} {named}: cannot create {whose}folder ({_strerror(error)})"
        ) from None
    try:
        descriptor, name = tempfile.mkstemp(prefix=".formcheck-probe-", suffix=".tmp", dir=folder)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise OutputWriteFailed(f"{option} {named}: {_strerror(error)} (nothing written)") from None
        raise OutputUnwritable(
            f"{option} {named}: {whose}folder is not writable ({_strerror(error)})"
        ) from None
    os.close(descriptor)
    _unlink_quietly(name)
