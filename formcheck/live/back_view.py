"""Telling the person when an arm hides their back, so that the arch can be judged again.

Where an arm forms the silhouette's back edge, the lumbar curve is not in the image: formcheck calls
the arch unmeasurable ("arm over the back", ``kinematics/back_contour.py``), so no back-arch cue can
fire and the neutral-back calibration cannot finish. Offline the report says so in ``arch_note``;
live, the person can fix it on the spot. Once an arm has hidden the back for most of the last
``hidden_after_s`` while scoring, the coach asks them to move it (in the cue box, below any mistake
cue), until the back has been seen for most of ``seen_after_s``. Other reasons stay silent: a heel
on the buttock is part of the couch stretch's lock-in, a hugged knee is the Thomas test, and a mask
leaking onto the couch is nothing the person can change.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from formcheck.kinematics.back_reasons import ARM_OVER_BACK
from formcheck.types import LumbarArch

HIDDEN_BACK_HINT = "Keep your arm off your lower back — I can't see it"


@dataclass(slots=True)
class HiddenBackWatch:
    """On once at least ``on_share`` of the last ``hidden_after_s`` had an arm over the back, off once
    at most ``off_share`` of the last ``seen_after_s`` had.

    Shares of a window, not unbroken runs: the limb check catches an arm in some frames and misses it
    in the next (about half of the frames where the studio's arms form the back edge are caught), so
    an unbroken 2 s would rarely happen where the person most needs to hear it.
    """

    hidden_after_s: float = 2.0
    seen_after_s: float = 1.0
    on_share: float = 0.7
    off_share: float = 0.3
    showing: bool = False
    _recent: deque[tuple[float, bool]] = field(default_factory=deque)

    def update(self, t_s: float, lumbar: LumbarArch | None, scoring: bool) -> bool | None:
        """Feed one frame; True when the hint turns on, False when it turns off, None otherwise."""
        if not scoring:  # set-up guidance has the floor: drop the hint silently, start afresh later
            self.reset()
            return None
        hidden = lumbar is not None and lumbar.arch_deg is None and lumbar.reason == ARM_OVER_BACK
        self._recent.append((t_s, hidden))
        while self._recent[0][0] < t_s - self.hidden_after_s - _EPSILON_S:
            self._recent.popleft()
        window_s = self.seen_after_s if self.showing else self.hidden_after_s
        window = [(t, h) for t, h in self._recent if t >= t_s - window_s - _EPSILON_S]
        if t_s - window[0][0] < window_s - _EPSILON_S:
            return None  # not watched for the whole window yet
        share = sum(h for _, h in window) / len(window)
        if not self.showing and share >= self.on_share:
            self.showing = True
            return True
        if self.showing and share <= self.off_share:
            self.showing = False
            return False
        return None

    def reset(self) -> None:
        self.showing = False
        self._recent.clear()


_EPSILON_S = 1e-6  # frame times are sums of 1/fps: keep a frame that lands on the window's edge
