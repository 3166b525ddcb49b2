"""One stretch of a video file's frames, for a worker that poses part of a clip.

The stretch is decoded from the start of the file, frames before it grabbed but never converted to
pictures (``grab`` without ``retrieve``: about a quarter of a full decode here). That is slower than
seeking, but it is exact by construction: the frame positions, the timestamps (the same
``SourceClock`` sees every frame) and the end-of-file or damage verdict are those of reading the
whole file front to back, whatever the container's index says. OpenCV's seeking lands on the right
frame for well-formed constant-rate mp4 files, but not for every file formcheck accepts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from formcheck.errors import EmptySource, SourceUnreadable
from formcheck.sources.capture import CaptureSource, open_capture, read_first_image
from formcheck.sources.spec import SourceKind, parse_spec
from formcheck.types import Frame

# What ``retrieve`` hands back for a frame that is skipped: never shown to anyone.
_NOT_RETRIEVED = np.empty((0, 0, 3), np.uint8)


class _RetrieveSwitch:
    """A ``cv2.VideoCapture`` whose ``retrieve`` can be switched off while frames are skipped."""

    def __init__(self, capture) -> None:  # noqa: ANN001  (a cv2.VideoCapture)
        self._capture = capture
        self.skipping = False

    def grab(self) -> bool:
        return self._capture.grab()

    def retrieve(self, image: np.ndarray | None = None) -> tuple[bool, np.ndarray | None]:
        return (True, _NOT_RETRIEVED) if self.skipping else self._capture.retrieve(image)

    def get(self, prop: int) -> float:
        return self._capture.get(prop)

    def release(self) -> None:
        self._capture.release()


class SegmentSource(CaptureSource):
    """Frames at positions ``first <= position < stop`` among those the whole file delivers.

    A position counts delivered frames (after the ``max_fps`` stride), so ``Frame.index`` and
    ``Frame.timestamp_s`` are exactly those of the same frame read by :func:`open_source`.
    ``stop`` None reads to the end, where ``stopped_early`` is decided as for the whole file.
    """

    def __init__(self, *args, first: int, stop: int | None, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        if first < 0 or (stop is not None and stop <= first):
            raise ValueError(f"a segment needs 0 <= first < stop, got first={first}, stop={stop}")
        self.first = first
        self.stop = stop

    def _frames(self) -> Iterator[Frame]:
        image, t = self._first
        self._first = None  # type: ignore[assignment]
        switch: _RetrieveSwitch = self._capture  # type: ignore[assignment]
        index, position = 0, 0
        while image is not None and (self.stop is None or position < self.stop):
            if position >= self.first:
                yield Frame(index=index, timestamp_s=t, image=image)
            position += 1
            switch.skipping = position < self.first
            index, image, t = self._advance(index)


def open_segment(
    path: str | Path,
    *,
    first: int,
    stop: int | None,
    max_fps: float | None = None,
    resize: int | None = None,
) -> SegmentSource:
    """Open ``path`` (a video file another reader already opened) for frames ``first`` to ``stop``."""
    spec = parse_spec(Path(path))
    capture = open_capture(spec)
    try:
        if spec.kind is not SourceKind.FILE or not capture.isOpened():
            raise SourceUnreadable(f"cannot reopen {spec.display_name} for a pose worker")
        first_image = read_first_image(capture)
        if first_image is None:
            raise EmptySource(f"{spec.display_name} contains no decodable video frames")
        return SegmentSource(
            _RetrieveSwitch(capture),
            spec,
            first_image,
            max_fps=max_fps,
            resize=resize,
            first=first,
            stop=stop,
        )
    except BaseException:
        capture.release()
        raise
