"""Where frames come from: video files, cameras and network streams behind one ``FrameSource``.

>>> with open_source("clip.mp4", max_fps=15, resize=640) as source:  # doctest: +SKIP
...     for frame in source:
...         ...
...     if source.stopped_early:
...         print("damaged from", source.stopped_early.at_s, "s")
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from formcheck.errors import CameraUnavailable, EmptySource, InvalidOption, SourceNotFound, SourceUnreadable
from formcheck.sources.animated import AnimatedImageSource, is_animation
from formcheck.sources.base import FrameSource
from formcheck.sources.capture import CaptureSource, announced_frame_count, open_capture, read_first_image
from formcheck.sources.probe import holds_no_video, holds_no_video_frame
from formcheck.sources.spec import VIDEO_SUFFIXES, SourceKind, SourceSpec, parse_spec
from formcheck.sources.still import IMAGE_SUFFIXES, StillSource

# What '-' means everywhere else on a command line; a video cannot come that way.
STDIN_NAME = "-"
# A webcam may return empty reads for a moment after opening: try for about one second.
CAMERA_WAKE_ATTEMPTS = 20

__all__ = ["FrameSource", "open_source", "VIDEO_SUFFIXES", "IMAGE_SUFFIXES"]


def open_source(
    spec: str | int | Path, *, max_fps: float | None = None, resize: int | None = None
) -> FrameSource:
    """Open a video file, a camera (``0`` or ``"0"``), a stream URL (``rtsp://``, ``http://``) or a photo.

    ``max_fps`` keeps every n-th frame so that at most that many frames per second are delivered
    (timestamps stay the source's own). ``resize`` scales frames so their longer side is that many
    pixels, aspect ratio kept; frames are never delivered larger than ``MAX_FRAME_SIDE_PX`` (larger
    ones are scaled down as they are decoded, ``original_size`` keeps the stored size). Rotation metadata of phone videos (and EXIF orientation of photos)
    is applied, so frames are upright. A photo is a one-frame source with ``is_still`` True; an
    animated WebP or PNG is a clip (read by Pillow: FFmpeg cannot).

    Raises ``SourceNotFound`` (no such file), ``SourceUnreadable`` (not a video, corrupt header,
    a file cut or damaged before its first frame, unreachable stream, a photo cut short), ``EmptySource``
    (a readable container without any video frame: audio only, zero frames) and ``CameraUnavailable``.
    """
    parsed = parse_spec(spec)
    if parsed.kind is SourceKind.FILE:
        path = Path(str(parsed.target))
        _check_file(path)
        if path.suffix.lower() in IMAGE_SUFFIXES:
            if is_animation(path):
                return AnimatedImageSource(path, max_fps=max_fps, resize=resize)
            return StillSource(path, resize=resize)
    capture = open_capture(parsed)
    try:
        if not capture.isOpened():
            raise _cannot_open(parsed)
        first_image = read_first_image(
            capture, attempts=CAMERA_WAKE_ATTEMPTS if parsed.kind is SourceKind.CAMERA else 1
        )
        if first_image is None:
            raise _no_first_frame(parsed, announced_frame_count(capture))
        return CaptureSource(capture, parsed, first_image, max_fps=max_fps, resize=resize)
    except BaseException:
        capture.release()
        raise


def _check_file(path: Path) -> None:
    if str(path) == STDIN_NAME:
        raise InvalidOption(
            "'-' (standard input) cannot be a video source: the decoder needs a file it can seek in; "
            "give a file path (for a file named '-', its full path)"
        )
    if not path.exists():
        raise SourceNotFound(f"no such video file: {path}{_broken_link_note(path)}")
    if path.is_dir():
        raise SourceUnreadable(f"{path} is a folder, not a video file")
    if not os.access(path, os.R_OK):  # else OpenCV's refusal would read as a corrupt file
        raise SourceUnreadable(f"cannot read {path}: permission denied (the file is not readable to you)")
    if path.stat().st_size == 0:  # cut before its first frame like any truncated file: unreadable
        raise SourceUnreadable(f"cannot read {path}: the file is empty (0 bytes)")


def _broken_link_note(path: Path) -> str:
    """Why a path that is a symbolic link names no file: a loop, or a missing target."""
    if not path.is_symlink():
        return ""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return " (a symbolic link loop)"
    return f" (a symbolic link to {os.readlink(path)}, which does not exist)"


def _cannot_open(spec: SourceSpec) -> Exception:
    if spec.kind is SourceKind.CAMERA:
        return CameraUnavailable(
            f"cannot open {spec.display_name}: no such camera, no permission, or another program is using it"
        )
    if spec.kind is SourceKind.STREAM:
        return SourceUnreadable(
            f"cannot open the stream {spec.display_name} (unreachable, or not a video stream)"
        )
    if holds_no_video(Path(str(spec.target))):
        return EmptySource(
            f"{spec.display_name} holds no video frame: its container has no video stream (audio only?)"
        )
    suffixes = ", ".join(s.lstrip(".") for s in VIDEO_SUFFIXES)
    return SourceUnreadable(
        f"cannot read {spec.display_name}: not a video, or its header is corrupt or truncated "
        f"(readable formats include {suffixes})"
    )


def _no_first_frame(spec: SourceSpec, announced_frames: int) -> Exception:
    if spec.kind is SourceKind.CAMERA:
        return CameraUnavailable(f"{spec.display_name} opened but delivered no picture")
    if spec.kind is SourceKind.STREAM:
        return SourceUnreadable(f"the stream {spec.display_name} delivered no frame")
    if announced_frames > 0 and not holds_no_video_frame(Path(str(spec.target))):
        # The header promises frames the data does not hold: cut or corrupt.
        return SourceUnreadable(
            f"cannot read {spec.display_name}: it announces {announced_frames} frames but not even "
            "the first can be decoded (truncated or corrupt from the start)"
        )
    return EmptySource(f"{spec.display_name} holds no video frame (a readable container with zero frames)")
