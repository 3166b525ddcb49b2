"""What every frame source looks like to the rest of formcheck."""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType

from formcheck.types import Frame, StoppedEarly


class FrameSource:
    """An iterable of :class:`Frame`, read once, front to back, one frame in memory at a time.

    Attributes (all known once the source is open, before the first frame is consumed):

    - ``name``: what to call the source in messages and reports (a path, ``camera 0``, a URL
      without its password).
    - ``fps``: frames per second *delivered* (the source's rate divided by the frame stride).
    - ``size``: ``(width, height)`` of delivered frames, after rotation metadata and ``resize``, and
      never longer than ``MAX_FRAME_SIDE_PX`` (larger frames are scaled down as they are decoded).
    - ``original_size``: ``(width, height)`` of the upright picture as stored, before any scaling
      (None where the source does not know it: then it is ``size``).
    - ``frame_count``: how many frames the source expects to deliver, ``None`` when unknown (live).
    - ``is_live``: a camera or a live stream (no end, no seeking, wall-clock timestamps).
    - ``is_still``: a photo (one frame); pose it with ``create_estimator(mode="image")``.
    - ``stopped_early``: set when decoding broke before the expected end; the frames before the
      damage have been delivered.

    ``Frame.index`` is the frame's position in the source itself (with a frame stride of 2 they go
    0, 2, 4, ...), and ``Frame.timestamp_s`` its time in the source, so both point back into the
    original video.
    """

    name: str
    is_still: bool = False  # a photo: one frame, best analysed in the pose backend's image mode
    fps: float
    size: tuple[int, int]
    original_size: tuple[int, int] | None = None
    frame_count: int | None
    is_live: bool
    stopped_early: StoppedEarly | None

    def __iter__(self) -> Iterator[Frame]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the device or file. Safe to call twice."""

    def __enter__(self) -> FrameSource:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(name={self.name!r}, fps={self.fps:.3f}, size={self.size}, "
            f"frame_count={self.frame_count}, is_live={self.is_live})"
        )
