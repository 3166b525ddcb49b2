"""Picks the frame the ``--snapshot`` PNG shows: a given moment, or the busiest overlay."""

from __future__ import annotations

import numpy as np

from formcheck.feedback.overlay import OverlayView


class SnapshotPicker:
    """Keeps a copy of the best frame so far (copies only when a better one arrives)."""

    def __init__(self, at_s: float | None = None) -> None:
        self.at_s = at_s
        self.best: np.ndarray | None = None
        self.best_t: float | None = None
        self._best_score = -1

    def consider(self, image: np.ndarray, view: OverlayView, t_s: float) -> None:
        if self.at_s is not None:
            # The first frame at or after the requested time; before it, the latest frame so far
            # (so a session that ends early still leaves a picture).
            if self.best_t is None or self.best_t < self.at_s:
                self.best, self.best_t = image.copy(), t_s
            return
        # Set-up guidance hides the person: prefer scored frames, and a mistake cue above all.
        score = (
            view.element_count()
            - 2 * len(view.setup_messages)
            + (3 if view.cue and view.cue_is_mistake else 0)
        )
        if score > self._best_score:
            self.best, self.best_t, self._best_score = image.copy(), t_s, score
