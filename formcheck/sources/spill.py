"""The analysed pictures of a clip, kept on disk as it is posed, so no output decodes it twice.

The annotated video and the HTML report's key frames need the pictures of the analysed frames after
the analysis. Holding them in memory would grow with the clip (a 3-minute 720p clip at 30 fps is
15 GB of raw pictures); decoding the clip again costs a second full decode. Instead, while the one
pose pass decodes the clip, each analysed frame (already at the size it was posed at) is encoded as
JPEG and appended to a file in a temporary folder; a list in memory (a few numbers per frame) finds
each picture again. With worker processes each worker appends to a file of its own and the parent
keeps the list in clip order as the frames are handed on.

``FrameSpill`` is a context manager: the folder is removed when it closes, whether the command ends,
fails or is interrupted (Ctrl-C, SIGTERM: both unwind through it). A process killed outright
(SIGKILL, the out-of-memory killer, a batch worker terminated by its parent) cannot clean up, so
each folder's name carries its owner's host and process id, and every new spill first removes the
folders of owners on this host that are no longer running (``sweep_orphans``). The folder is made in ``$TMPDIR``
when it is set, else in ``/var/tmp``: ``/tmp`` is often a memory file system, where a long clip's
pictures (about 1 GB for 3 minutes of 720p) would fill the memory this spill exists to spare.

A ``FrameOpener`` is what outputs read pictures from: a callable that opens an iterable of
``Frame``s in clip order (a spill's ``opener()``, or ``reopen``: the clip decoded again).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from formcheck.errors import SourceUnreadable  # noqa: E402
from formcheck.types import Frame  # noqa: E402

FrameOpener = Callable[[], AbstractContextManager[Iterable[Frame]]]

# High enough that the annotated copy (H.264 again afterwards) looks the same (43.7 dB PSNR to the
# decoded picture on a real 720x1280 clip, about 190 KB a frame, a quarter less than at 95).
JPEG_QUALITY = 92

FOLDER_PREFIX = "formcheck-frames-"
# formcheck-frames-<host>-<pid>-<random>: the host keeps one machine from sweeping another's folders
# where /var/tmp is shared (a mounted volume); the pid tells whether the owner still runs.
_OWNED_FOLDER = re.compile(re.escape(FOLDER_PREFIX) + r"(?P<host>[A-Za-z0-9.]+)-(?P<pid>\d+)-[^-]+$")
# The folders this process has made and not yet removed (for ``remove_own_folders``).
_OWN_FOLDERS: set[Path] = set()


@dataclass(frozen=True, slots=True)
class SpilledPicture:
    """Where one picture lies: which file of the spill's folder, at what offset, how many bytes."""

    part: str
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class _Entry:
    index: int
    timestamp_s: float
    picture: SpilledPicture


class SpillWriter:
    """Appends JPEG pictures to one file of a spill's folder (a worker process has one of its own).

    A picture that cannot be written (the temporary folder's disk is full) must not cost the
    analysis: ``write`` then returns None, now and for every later picture, and ``failure`` says why.
    """

    def __init__(self, folder: Path | str, part: str) -> None:
        self.part = part
        self.failure: str | None = None
        self._offset = 0
        try:
            # Unbuffered: a full disk shows at the picture it hits, never later at a flush.
            self._file = open(Path(folder) / part, "ab", buffering=0)  # noqa: SIM115  (closed by close())
        except OSError as error:
            self._file = None
            self.failure = f"the analysed pictures could not be kept in {folder}: {error.strerror or error}"

    def write(self, image: np.ndarray) -> SpilledPicture | None:
        if self.failure is not None:
            return None
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if not ok:
            raise ValueError(f"a {image.shape} picture could not be encoded as JPEG")
        try:
            view = memoryview(data.tobytes())
            while view:  # a raw write may take only part of it
                view = view[self._file.write(view) :]
        except OSError as error:
            self.failure = (
                f"the analysed pictures could not be kept in {self._file.name}: {error.strerror or error}"
            )
            return None
        picture = SpilledPicture(self.part, self._offset, len(data))
        self._offset += len(data)
        return picture

    def close(self) -> None:
        if self._file is not None:
            self._file.close()  # unbuffered: nothing left to flush

    def __enter__(self) -> SpillWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FrameSpill:
    """The pictures of the frames analysed, in clip order, in a temporary folder."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self._entries: list[_Entry] = []
        self._own: SpillWriter | None = None
        self.failure: str | None = None  # why the pictures could not be kept (then none are)
        folder = folder if folder is not None else _disk_temp_folder()
        sweep_orphans(Path(folder or tempfile.gettempdir()))
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=_owned_prefix(), dir=folder))
            _OWN_FOLDERS.add(self.folder)
        except OSError as error:
            self.folder = Path(folder or tempfile.gettempdir())
            self.failure = (
                f"the analysed pictures could not be kept in {self.folder}: {error.strerror or error}"
            )
            self._made = False
        else:
            self._made = True

    def add(self, frame: Frame) -> None:
        """Keep the picture of ``frame``, the next one of the clip (one-process path)."""
        if self.failure is not None:
            return
        if self._own is None:
            self._own = SpillWriter(self.folder, "main")
        picture = self._own.write(frame.image)
        self.keep(frame.index, frame.timestamp_s, picture, self._own.failure)

    def keep(
        self, index: int, timestamp_s: float, picture: SpilledPicture | None, failure: str | None = None
    ) -> None:
        """Book a picture a writer already wrote as the clip's next frame; None: it could not be
        kept, and from then on the spill keeps nothing (``failure`` says why)."""
        if self.failure is not None:
            return
        if picture is None:
            self.failure = failure or f"the analysed pictures could not be kept in {self.folder}"
            self._entries.clear()
            self._discard()  # frees the disk at once
            return
        self._entries.append(_Entry(index, timestamp_s, picture))

    def __len__(self) -> int:
        return len(self._entries)

    def opener(self) -> FrameOpener:
        """Opens the kept frames, in clip order, as ``Frame``s (one picture in memory at a time)."""
        if self.failure is not None:
            raise ValueError(f"no pictures to read: {self.failure}")
        return lambda: KeptFrames(self.folder, tuple(self._entries))

    def _discard(self) -> None:
        """Remove the pictures, keeping the folder (a worker may still hold a file in it)."""
        if self._own is not None:
            self._own.close()
            self._own = None
        if self._made:
            for part in self.folder.iterdir():
                part.unlink(missing_ok=True)

    def close(self) -> None:
        if self._own is not None:
            self._own.close()
            self._own = None
        if self._made:
            shutil.rmtree(self.folder, ignore_errors=True)
            _OWN_FOLDERS.discard(self.folder)

    def __enter__(self) -> FrameSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class KeptFrames:
    """The kept frames read back in clip order (one picture in memory at a time); a context manager
    that closes the files it opened."""

    def __init__(self, folder: Path, entries: tuple[_Entry, ...]) -> None:
        self.folder = folder
        self.entries = entries
        self._handles: dict[str, int] = {}

    def __iter__(self) -> Iterator[Frame]:
        for entry in self.entries:
            yield self._frame(entry)

    def nearest(self, times_s: Sequence[float], max_mismatch_s: float) -> dict[float, Frame]:
        """The kept frame nearest each wanted time, within ``max_mismatch_s``: only those pictures
        are read (the key frames need two of a clip's thousands)."""
        chosen: dict[float, Frame] = {}
        for t in times_s:
            best = min(self.entries, key=lambda e: abs(e.timestamp_s - t), default=None)
            if best is not None and abs(best.timestamp_s - t) <= max_mismatch_s:
                chosen[t] = self._frame(best)
        return chosen

    def _frame(self, entry: _Entry) -> Frame:
        picture = entry.picture
        try:
            if picture.part not in self._handles:
                self._handles[picture.part] = os.open(self.folder / picture.part, os.O_RDONLY)
            data = os.pread(self._handles[picture.part], picture.length, picture.offset)
        except OSError as error:  # the folder removed or its disk failing under a running command
            raise SourceUnreadable(
                f"a kept picture of the analysed clip could not be read back from {self.folder}: "
                f"{error.strerror or error}"
            ) from None
        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        if image is None:
            raise SourceUnreadable(
                f"a kept picture of the analysed clip is damaged ({self.folder / picture.part})"
            )
        return Frame(entry.index, entry.timestamp_s, image)

    def close(self) -> None:
        handles, self._handles = self._handles, {}
        for handle in handles.values():
            os.close(handle)

    def __enter__(self) -> KeptFrames:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9.]", ".", socket.gethostname()) or "host"


def _owned_prefix() -> str:
    return f"{FOLDER_PREFIX}{_host()}-{os.getpid()}-"


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else (EPERM)
        return True
    return True


def sweep_orphans(root: Path) -> list[Path]:
    """Remove the spill folders under ``root`` whose owner on this host no longer runs; the removed."""
    removed: list[Path] = []
    host = _host()
    try:
        candidates = list(root.glob(FOLDER_PREFIX + "*"))
    except OSError:
        return removed
    for candidate in candidates:
        owned = _OWNED_FOLDER.match(candidate.name)
        if owned is None or owned["host"] != host or _is_running(int(owned["pid"])):
            continue
        shutil.rmtree(candidate, ignore_errors=True)
        removed.append(candidate)
    return removed


def remove_own_folders() -> None:
    """Remove every spill folder this process made: for a signal handler that must exit at once
    (a terminated batch worker), where the context managers would not unwind."""
    for folder in list(_OWN_FOLDERS):
        shutil.rmtree(folder, ignore_errors=True)
        _OWN_FOLDERS.discard(folder)


def _disk_temp_folder() -> Path | None:
    """``$TMPDIR`` (None: tempfile's choice) when set, else ``/var/tmp`` where it can be written."""
    if os.environ.get("TMPDIR"):
        return None
    var_tmp = Path("/var/tmp")
    return var_tmp if var_tmp.is_dir() and os.access(var_tmp, os.W_OK | os.X_OK) else None


def reopen(source_path: Path | str, *, max_fps: float | None, resize: int | None) -> FrameOpener:
    """The clip decoded again with the stride and size it was analysed at (where no spill was kept)."""

    def opened():
        from formcheck.sources import open_source

        return open_source(source_path, max_fps=max_fps, resize=resize)

    return opened
