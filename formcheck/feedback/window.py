"""The live window (OpenCV HighGUI) and its keys; kept here so only feedback code imports cv2."""

from __future__ import annotations

import os
import sys
from enum import Enum

import numpy as np

from formcheck.errors import DisplayUnavailable


class Key(str, Enum):
    QUIT = "q"
    PAUSE = "space"
    SWITCH_SIDE = "s"
    RESTART = "r"


_KEYS = {
    ord("q"): Key.QUIT,
    27: Key.QUIT,
    ord(" "): Key.PAUSE,
    ord("s"): Key.SWITCH_SIDE,
    ord("r"): Key.RESTART,
}


def display_available() -> bool:
    """Whether a window can be opened: always on Windows/macOS, on Linux only with X11 or Wayland."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class LiveWindow:
    """Shows frames and reports the key pressed since the last frame."""

    def __init__(self, title: str = "formcheck live") -> None:
        if not display_available():
            # OpenCV's Qt backend aborts the whole process without a display: check first.
            raise DisplayUnavailable("no display to open a window on (DISPLAY is not set): use --headless")
        import cv2

        self._cv2 = cv2
        self.title = title
        try:
            cv2.namedWindow(title, cv2.WINDOW_NORMAL)
        except cv2.error as error:
            raise DisplayUnavailable("cannot open a window (no display?): run with --headless") from error
        self._closed = False

    def show(self, image: np.ndarray, wait_ms: int = 1) -> Key | None:
        """Display ``image``; the key pressed (or the window closed: QUIT), else None."""
        cv2 = self._cv2
        cv2.imshow(self.title, image)
        code = cv2.waitKey(max(1, wait_ms)) & 0xFF
        if cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) < 1:
            return Key.QUIT
        return _KEYS.get(code)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            try:
                self._cv2.destroyWindow(self.title)
                self._cv2.waitKey(1)
            except self._cv2.error:
                pass


def write_png(path, image: np.ndarray) -> None:
    """Write ``image`` as PNG: a file atomically (its folder created), a device or FIFO in place."""
    import cv2

    from formcheck.destinations import refuse_stdout, write_bytes

    refuse_stdout(path)
    encoded, png = cv2.imencode(".png", image)
    if not encoded:
        raise ValueError(f"cannot encode a {image.shape} {image.dtype} image as PNG")
    write_bytes(path, png.tobytes())
