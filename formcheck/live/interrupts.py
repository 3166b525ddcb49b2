"""Ctrl-C (and SIGTERM) between frames, never in the middle of one.

Python raises KeyboardInterrupt wherever the main thread happens to be. Inside a frame's step that
can leave the coach half-updated (an analyzer that saw the frame, a list that did not), and the
report built from it at the end could fail. So while a frame is being processed a signal is only
noted, and raised once the frame is complete; while the loop waits for the next frame it is
raised at once, as before.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class FrameBoundary:
    """Holds back SIGINT/SIGTERM while ``inside()`` and delivers them when it ends."""

    def __init__(self) -> None:
        self._inside = False
        self._pending: tuple[int, FrameType | None] | None = None
        self._previous: dict[int, object] = {}

    @contextmanager
    def installed(self) -> Iterator[FrameBoundary]:
        """Wrap the Python-level handlers of both signals (the main thread only: else a no-op)."""
        if threading.current_thread() is threading.main_thread():
            for signum in _SIGNALS:
                handler = signal.getsignal(signum)
                if callable(handler):  # a handler that raises; leave ignored/default signals be
                    self._previous[signum] = handler
                    signal.signal(signum, self._on_signal)
        try:
            yield self
        finally:
            for signum, handler in self._previous.items():
                signal.signal(signum, handler)
            self._previous.clear()

    @contextmanager
    def inside(self) -> Iterator[None]:
        self._inside = True
        try:
            yield
        finally:
            self._inside = False
        if self._pending is not None:
            signum, frame = self._pending
            self._pending = None
            self._deliver(signum, frame)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self._inside:
            self._pending = (signum, frame)
        else:
            self._deliver(signum, frame)

    def _deliver(self, signum: int, frame: FrameType | None) -> None:
        handler = self._previous.get(signum)
        if callable(handler):
            handler(signum, frame)
        else:
            raise KeyboardInterrupt
