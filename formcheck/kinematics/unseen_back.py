"""The back to take for hip extension where the lumbar arch cannot be seen in a frame.

Hip extension relative to the pelvis is the trunk-thigh angle less the part the arch adds
(``formcheck.kinematics.hip``), so a frame whose back edge is hidden (an arm or a dumbbell along the
back, a hoodie, the body turned away) would have no hip extension at all. Clips filmed with the arms
hanging at the sides hide the back in every frame: the sample ``split-squat_shallow-range_right-far_yaw30``
had no hip extension in any of its 879 frames, and the independent set behind issue 12 none in any
frame of 5 of its 12 split squats. Yet the legs are in plain view.

So, for the hip only (the frame's reported arch stays unmeasured, and no ``back_arch`` is judged from
it): inside a gap of at most ``MAX_BRIDGED_GAP_S`` the arch is interpolated between the measured
frames on either side (a back does not arch and flatten again unseen within a second or two); in a
longer gap, or at a clip's ends, the back is taken as last (or next) seen, because a back hidden
while held arched stays arched: on ``couch-stretch_back-arch_right_yaw15`` the back is hidden for the
last 45 s of an arched hold (true arch ~20 deg), where a neutral back would read hip extension 18 deg
too high and held, 1.5 deg (MAE against the studio's truth). Only a clip whose back is never seen
takes it as neutral (0); each degree of unseen arch then reads as 0.6-0.8 deg of extra hip extension.
"""

from __future__ import annotations

from collections.abc import Sequence

from formcheck.types import LumbarArch

MAX_BRIDGED_GAP_S = 2.0
NEUTRAL_REASON = "back not seen: taken as neutral for hip extension"
HELD_REASON = "back not seen: arch as last seen for hip extension"
BRIDGED_REASON = "back not seen: arch interpolated from the frames around it for hip extension"


def backs_for_hip(arches: Sequence[LumbarArch], times_s: Sequence[float]) -> list[LumbarArch]:
    """Per frame, the arch hip extension is computed with (see the module docstring)."""
    measured = [i for i, arch in enumerate(arches) if arch.arch_deg is not None]
    out = list(arches)
    previous = None  # index of the last measured frame before i
    following = 0  # position in ``measured`` of the first measured frame at or after i
    for i, arch in enumerate(arches):
        if arch.arch_deg is not None:
            previous = i
            continue
        while following < len(measured) and measured[following] < i:
            following += 1
        after = measured[following] if following < len(measured) else None
        out[i] = _bridge(arches, times_s, previous, after, i)
    return out


def _bridge(
    arches: Sequence[LumbarArch], times_s: Sequence[float], before: int | None, after: int | None, i: int
) -> LumbarArch:
    if before is None and after is None:
        return LumbarArch(arch_deg=0.0, confidence=0.0, reason=NEUTRAL_REASON)
    if before is None or after is None or times_s[after] - times_s[before] > MAX_BRIDGED_GAP_S:
        nearest = _nearest(times_s, before, after, i)
        return LumbarArch(arch_deg=arches[nearest].arch_deg, confidence=0.0, reason=HELD_REASON)
    start, end = arches[before].arch_deg, arches[after].arch_deg
    assert start is not None and end is not None
    span = times_s[after] - times_s[before]
    share = (times_s[i] - times_s[before]) / span if span > 0 else 0.0
    return LumbarArch(arch_deg=start + share * (end - start), confidence=0.0, reason=BRIDGED_REASON)


def _nearest(times_s: Sequence[float], before: int | None, after: int | None, i: int) -> int:
    if before is None:
        assert after is not None
        return after
    if after is None:
        return before
    return before if times_s[i] - times_s[before] <= times_s[after] - times_s[i] else after


class CausalBackForHip:
    """Live's twin of ``backs_for_hip``: it cannot look ahead, so a hidden back is the arch as last
    seen (held), and neutral (0) until one has been seen. No interpolation across a gap."""

    def __init__(self) -> None:
        self._last_seen: float | None = None

    def update(self, arch: LumbarArch) -> LumbarArch:
        if arch.arch_deg is not None:
            self._last_seen = arch.arch_deg
            return arch
        if self._last_seen is None:
            return LumbarArch(arch_deg=0.0, confidence=0.0, reason=NEUTRAL_REASON)
        return LumbarArch(arch_deg=self._last_seen, confidence=0.0, reason=HELD_REASON)
