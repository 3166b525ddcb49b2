"""H.264 MP4 writing through the FFmpeg that ships inside ``imageio-ffmpeg``.

OpenCV's pip wheels can only write MPEG-4 Part 2 (``mp4v``), which browsers refuse to play. The
FFmpeg binary bundled with ``imageio-ffmpeg`` has libx264, so raw BGR frames are piped into it and
come out as H.264 / yuv420p with the index (``moov`` atom) at the front (``+faststart``): files that
play in browsers, phones and ordinary players.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path
from types import TracebackType

import numpy as np

from formcheck.destinations import StagedOutput, describe, refuse_stdout
from formcheck.errors import OutputWriteFailed

# 20 is visually lossless for overlays and skeleton lines; 23 (x264's default) blurs thin text.
DEFAULT_CRF = 20
# On a 2-core machine "veryfast" keeps encoding well ahead of pose estimation.
DEFAULT_PRESET = "veryfast"
# How long close() waits for FFmpeg to finish writing before killing it.
FINISH_TIMEOUT_S = 120.0


class VideoWriteError(OutputWriteFailed):
    """FFmpeg could not be started, stopped accepting frames or failed finishing the file (a full
    disk, say): writing the video failed part-way, exit 16, and no partial file is left."""


def ffmpeg_exe() -> str:
    """The bundled FFmpeg binary (imageio-ffmpeg downloads nothing: the wheel carries it)."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _fps_fraction(fps: float) -> str:
    """29.97 -> '30000/1001': FFmpeg wants an exact rational rate."""
    if not (fps > 0 and np.isfinite(fps)):
        raise ValueError(f"fps must be a positive number, got {fps!r}")
    return str(Fraction(fps).limit_denominator(1001))


def ffmpeg_command(
    exe: str, out_path: Path, fps: float, size: tuple[int, int], crf: int, preset: str
) -> list[str]:
    width, height = size
    return [
        exe,
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "bgr24",
        "-s",
        f"{width}x{height}",
        "-r",
        _fps_fraction(fps),
        "-i",
        "pipe:0",
        "-an",
        # yuv420p needs even dimensions: pad odd ones with one black row/column.
        "-vf",
        "pad=ceil(iw/2)*2:ceil(ih/2)*2",
        "-c:v",
        "libx264",
        "-preset",
        preset,
        "-crf",
        str(crf),
        "-pix_fmt",
        "yuv420p",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(out_path),
    ]


class H264Writer:
    """Writes BGR frames of one fixed size into an H.264 MP4 file.

    >>> with H264Writer("out.mp4", fps=30.0, size=(640, 480)) as writer:  # doctest: +SKIP
    ...     writer.write(bgr_image)  # (480, 640, 3) uint8

    The file appears at ``path`` only when the writer closes (it is written beside it under a
    temporary name, then renamed), so a reader never sees half a file. A device or FIFO at ``path``
    (``/dev/null``) receives the finished file's bytes instead, and stays what it was. When the ``with`` block
    raises, the frames written so far are still finalised into a playable file. No frame written:
    no file. An odd width or height gets one black column/row of padding (H.264 in yuv420p needs
    even sizes), so a 31x17 input plays back as 32x18.
    """

    def __init__(
        self,
        path: str | Path,
        fps: float,
        size: tuple[int, int],
        *,
        crf: int = DEFAULT_CRF,
        preset: str = DEFAULT_PRESET,
    ) -> None:
        width, height = int(size[0]), int(size[1])
        if width <= 0 or height <= 0:
            raise ValueError(f"frame size must be positive, got {size!r}")
        refuse_stdout(path)  # an MP4 needs a seekable file; '-' is not one
        self.path = Path(path)
        self.fps = float(fps)
        self.size = (width, height)
        self.frames_written = 0
        self._command_args = (fps, self.size, crf, preset)
        _fps_fraction(fps)  # validate now, not in the middle of a run
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr_file: tempfile._TemporaryFileWrapper[bytes] | None = None
        self._staged: StagedOutput | None = None

    def __enter__(self) -> H264Writer:
        self.open()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def open(self) -> None:
        if self._process is not None:
            return
        self._staged = StagedOutput(self.path, suffix=".mp4")
        # stderr goes to a file, not a pipe: an unread stderr pipe that fills up would block FFmpeg
        # and, through it, our writes to stdin.
        self._stderr_file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the writer)
        command = ffmpeg_command(ffmpeg_exe(), self._staged.temp_path, *self._command_args)
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr_file,
                # Own session: Ctrl+C in the terminal reaches only us, and close() then finalises
                # the file instead of FFmpeg dying half-way through writing the index.
                start_new_session=True,
            )
        except OSError as error:
            self._abort()
            raise VideoWriteError(
                f"{describe(self.path)}: cannot start FFmpeg ({command[0]}): {error.strerror or error}"
            ) from None

    def write(self, bgr: np.ndarray) -> None:
        """Append one frame: ``(height, width, 3)`` uint8 in BGR order, the size given at creation."""
        if self._process is None:
            self.open()
        width, height = self.size
        if bgr.shape != (height, width, 3) or bgr.dtype != np.uint8:
            raise ValueError(f"frame must be ({height}, {width}, 3) uint8 BGR, got {bgr.shape} {bgr.dtype}")
        assert self._process is not None and self._process.stdin is not None
        try:
            self._process.stdin.write(np.ascontiguousarray(bgr).tobytes())
        except (BrokenPipeError, OSError) as error:
            reason = self._stderr_tail()
            self._abort()
            raise VideoWriteError(
                f"{describe(self.path)}: FFmpeg stopped accepting frames: {reason} (nothing written)"
            ) from error
        self.frames_written += 1

    def close(self) -> None:
        """Finish the file: flush FFmpeg, wait for it, move the file into place."""
        process = self._process
        if process is None:
            return
        try:
            if process.stdin is not None and not process.stdin.closed:
                with contextlib.suppress(BrokenPipeError, OSError):
                    process.stdin.close()
            try:
                return_code = process.wait(timeout=FINISH_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._kill(process)
                raise VideoWriteError(
                    f"{describe(self.path)}: FFmpeg did not finish within {FINISH_TIMEOUT_S:.0f} s "
                    "(nothing written)"
                ) from None
            if return_code != 0 or self.frames_written == 0:
                self._discard_partial()
                if self.frames_written == 0:
                    return  # nothing to write: no file rather than an invalid empty one
                raise VideoWriteError(
                    f"{describe(self.path)}: FFmpeg failed: {self._stderr_tail()} (nothing written)"
                )
            assert self._staged is not None
            self._staged.commit()
        finally:
            self._discard_partial()
            self._process = None
            if self._stderr_file is not None:
                self._stderr_file.close()
                self._stderr_file = None

    def _abort(self) -> None:
        """Kill FFmpeg and forget the run: nothing usable can come of it."""
        if self._process is not None:
            self._kill(self._process)
        self._discard_partial()
        self._process = None
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None

    def _kill(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()
            process.wait()
        self._discard_partial()

    def _discard_partial(self) -> None:
        if self._staged is not None:
            self._staged.discard()
            self._staged = None

    def _stderr_tail(self, limit: int = 300) -> str:
        """FFmpeg's last message, on one line (the CLI's error is one line)."""
        if self._stderr_file is None:
            return "no FFmpeg output"
        self._stderr_file.flush()
        self._stderr_file.seek(0)
        lines = self._stderr_file.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1].strip()[-limit:] if lines else "no FFmpeg output"
