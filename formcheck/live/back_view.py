"""Telling the person when an arm hides their back, so that the arch can be judged again.

Where an arm forms the silhouette's back edge, the lumbar curve is not in the image: formcheck calls
the arch unmeasurable ("arm over the back", ``kinematics/back_contour.py``), so no back-arch cue can
fire and the neutral-back calibration cannot finish. Offline the report says so in ``arch_note``;
live, the person can fix it on the spot. Once the arm has hidden the back for ``hidden_after_s``
while scoring, the coach asks them to move it (the cue box, below any mistake cue), until the back
has been seen again for ``seen_after_s``. Other reasons stay silent: a heel on the buttock is part
of the couch stretch's lock-in, a hugged knee is the Thomas test, and a mask leaking onto the couch
is nothing the person can change.
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.types import LumbarArch

ARM_OVER_BACK = "arm over the back"  # the reason formcheck.kinematics.back_contour.limb_over_back gives
HIDDEN_BACK_HINT = "Keep your arm off your lower back — I can't see it"


@dataclass(slots=True)
class HiddenBackWatch:
    """Hysteresis on "an arm hides the back": on after ``hidden_after_s``, off after ``seen_after_s``."""

    hidden_after_s: float = 2.0
    seen_after_s: float = 1.0
    showing: bool = False
    _since_s: float | None = None  # when the frames started disagreeing with ``showing``

    def update(self, t_s: float, lumbar: LumbarArch | None, scoring: bool) -> bool | None:
        """Feed one frame; True when the hint turns on, False when it turns off, None otherwise."""
        if not scoring:  # set-up guidance has the floor; start afresh once scoring resumes
            was_showing = self.showing
            self.reset()
            return False if was_showing else None
        hidden = lumbar is not None and lumbar.arch_deg is None and lumbar.reason == ARM_OVER_BACK
        if hidden == self.showing:
            self._since_s = None
            return None
        if self._since_s is None:
            self._since_s = t_s
        wait = self.seen_after_s if self.showing else self.hidden_after_s
        if t_s - self._since_s < wait:
            return None
        self.showing, self._since_s = hidden, None
        return hidden

    def reset(self) -> None:
        self.showing, self._since_s = False, None
