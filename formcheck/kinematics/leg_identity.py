"""Which leg is which: BlazePose's left/right leg labels, checked against where each leg physically is.

BlazePose exchanges the leg labels for seconds at a time with full visibility, and its per-landmark
depth follows its own labels, so neither the labels nor the depth can say when they are wrong. What
does not swap with the labels is where each leg is in the image: a planted foot (the front foot of a
split squat, the rear foot on the bench) stays where it is, and no knee or ankle crosses a torso
length in 1/15 s. On the sample clip ``split-squat_bouncing_right_yaw15`` BlazePose draws both legs
together and apart again exchanged within 2-3 frames while the true feet do not move at all, at
every lowering and again and again during the holds, then keeps the exchanged labels for seconds.

So identity is a chain, one frame at a time (causal, so the live coach can share it):
- each frame's legs are matched to the decided frame before it (moving legs) and to a reference:
  the last frame matched decisively whose legs were still apart (a planted stance). The reference
  bridges BlazePose's collapses: frames with the legs together or drawn onto each other carry no
  identity, and the frames after them are matched to the stance before. The two matches must agree;
- a label exchange without motion is undone however long it lasts (no prior pulls long stretches
  back to BlazePose's labels: that prior is what kept the bouncing clip's holds on the wrong leg);
- where neither match decides, the frame says it does not know (its labelling is only the one
  nearest the frame before, so the smoother does not blend the legs through it); after
  ``UNDECIDED_RESTART_S`` of that, and at the clip's start, after a frame without a person, a cut or
  a turn-around (``facing`` changes, where the legs really do change sides in the image), the chain
  starts again: from BlazePose's labels, unless each leg's colours (``kinematics.leg_appearance``,
  measured at the pose stage) clearly match the colours the legs had before the other way round.

Measured against the studio's ground-truth joints on 8 sample clips: every decided frame is on its
physical leg (bouncing clip: all 922 frames, 19 of them undecided; BlazePose's own labels are right
on 257, the previous repair, whose per-frame prior handed long stretches back to BlazePose's labels,
on 112). On real clips it gives the previous repair's labelling on lunge_reverse_band_oblique_05
(191 frames, 10 label jumps -> 0) and the bss side/oblique clips (no exchange). On
bss_dumbbell_studio_oblique_05 (rear-oblique, black leggings on both legs; 48 jumps -> 0 either way)
the chain is the same but starts from the other labelling than the previous repair's majority:
which leg is the rear one cannot be told from those frames (its label says so).

Colours, tested on real clips by dropping one frame and exchanging BlazePose's labels after it:
the chain after the gap is put back on its legs at 9 of 10 places on bss_bodyweight_side_02 (near
leg lit, far leg shaded) and 15 of 39 on bss_gym_side_01 (0 without colours); with a gap and no
swap, every one of 65 places on three clips came out exactly as without colours (where the legs look
alike, as on lunge_reverse_band_oblique_05, they leave BlazePose's labels).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from formcheck.kinematics.leg_appearance import appearance_distance
from formcheck.kinematics.view import (
    SWAP_MIN_SEPARATION,
    exchange_leg_labels,
    is_cut,
    leg_jump_costs,
)
from formcheck.types import Pose

# The share of the matching margin below which a frame's leg identity is "not known":
# (swap cost - keep cost) / (swap cost + keep cost). 0.3 means the chosen matching moves the knees and
# ankles less than about half as far as the other one would; a planted leg scores ~1.
LOW_IDENTITY_CONFIDENCE = 0.3
# The confidence of the frame where a chain starts: BlazePose's labels, with nothing to check them by.
CHAIN_START_CONFIDENCE = 0.5
# Only a frame matched at least this decisively becomes the reference the next frames are matched
# to: the chosen matching moves the knees and ankles under a third as far as the other one. Frames
# in the middle of one of BlazePose's collapses (both legs drawn towards each other over 2-5 frames)
# match with 0.1-0.5 and would hand the half-collapsed legs on as the reference.
REFERENCE_MIN_CONFIDENCE = 0.5
# ...and only a frame whose legs are still at least this share as far apart as the reference's: one
# caught half-way through a collapse (the legs drawn together over 2-5 frames) would otherwise match
# the frame before it decisively and pass the half-collapsed legs on, step by step.
REFERENCE_SEPARATION_SHARE = 0.75
# Frames whose legs match the reference frame's either way round are bridged like frames with the
# legs together, for up to this long; then the chain restarts from BlazePose's labels. BlazePose's
# label exchanges take 2-3 frames (a jump, then the exchanged legs stand still), so a longer
# undecided stretch is real motion that continuity cannot follow, such as a walking step crossing one
# foot past the other (both matchings then cost the same).
UNDECIDED_RESTART_S = 0.5
# How fast the remembered leg colours follow the decided frames (per frame): ~1 s at 15-30 fps.
LOOKS_UPDATE_SHARE = 0.05
# A chain starts exchanged only when the crossed matching of colours beats the straight one by this
# much (both legs' colour distances summed, BGR in 0..1) and by this share of the two. Measured on
# three real clips, each leg against its own running colours on the decided frames: a leg drifts
# from its own colours by 0.06-0.11 (median), 0.14-0.20 (95th percentile); where the legs look
# alike (black shorts, lunge_reverse_band_oblique_05; gym, bss_gym_side_01) the crossed matching
# came out better by at most 0.12, where the near leg is lit and the far one shaded
# (bss_bodyweight_side_02) the straight matching won by 0.35 (median), 0.2 or more in 95 % of frames.
APPEARANCE_MIN_DIFFERENCE = 0.2
APPEARANCE_MIN_MARGIN = 0.3


@dataclass(frozen=True, slots=True)
class LegIdentity:
    """One frame's verdict: whether BlazePose's leg labels are exchanged, and how sure that is."""

    exchanged: bool
    confidence: float  # 0..1; below LOW_IDENTITY_CONFIDENCE the legs cannot be told apart


UNKNOWN_IDENTITY = LegIdentity(exchanged=False, confidence=0.0)


class LegIdentityTracker:
    """Causal: one frame at a time, so the live coach and the offline pipeline share it."""

    def __init__(self, fps: float = 30.0) -> None:
        self._restart_frames = max(1, round(UNDECIDED_RESTART_S * (fps if fps > 0 else 30.0)))
        self._reference: Pose | None = None  # the last frame whose legs were matched decisively
        self._reference_exchanged = False
        self._reference_facing = 0
        self._separation = 0.0  # the reference's knee + ankle gap, in torso lengths
        self._previous: tuple[Pose, bool] | None = None  # the frame before, when it was decided
        self._last: tuple[Pose, bool] | None = None  # the frame before, decided or guessed
        self._undecided = 0  # frames since the reference that the matching could not decide
        # Each reported leg's running colours (left, right as reported), from decided frames; they
        # carry identity across what continuity cannot bridge. A turn-around forgets them: the near
        # leg's shading becomes the far leg's.
        self._looks: np.ndarray | None = None
        self._looks_facing = 0
        self._appearance: np.ndarray | None = None  # this frame's, as BlazePose labels the legs

    def update(self, pose: Pose | None, facing: int = 0, appearance: np.ndarray | None = None) -> LegIdentity:
        """``appearance``: the frame's ``PoseFrame.leg_appearance`` when the pose stage measured it."""
        if facing != self._looks_facing:
            self._looks, self._looks_facing = None, facing
        if pose is None:
            self._reference = self._previous = self._last = None
            return UNKNOWN_IDENTITY
        self._appearance = appearance
        identity = self._decide(pose, facing)
        self._last = (pose, identity.exchanged)
        if identity.confidence >= REFERENCE_MIN_CONFIDENCE and appearance is not None:
            self._remember_looks(appearance[::-1] if identity.exchanged else appearance)
        return identity

    def _remember_looks(self, looks: np.ndarray) -> None:
        if self._looks is None:
            self._looks = looks.astype(np.float64).copy()
            return
        seen = np.isfinite(looks)
        known = np.isfinite(self._looks)
        # Element-wise over the whole (2, 2, 3) array, then the right value picked per element: the
        # same arithmetic as blending the selected elements in place, in fewer numpy calls.
        blended = self._looks + LOOKS_UPDATE_SHARE * (looks - self._looks)
        self._looks = np.where(seen & known, blended, np.where(seen, looks, self._looks))

    def _looks_say_exchanged(self) -> bool:
        """At a chain start: whether the legs look like the remembered legs the other way round."""
        if self._looks is None or self._appearance is None:
            return False
        left, right = self._appearance[0], self._appearance[1]
        keep = [appearance_distance(left, self._looks[0]), appearance_distance(right, self._looks[1])]
        swap = [appearance_distance(left, self._looks[1]), appearance_distance(right, self._looks[0])]
        if None in keep or None in swap:
            return False
        keep_cost, swap_cost = sum(keep), sum(swap)  # type: ignore[arg-type]
        margin = (keep_cost - swap_cost) / max(keep_cost + swap_cost, 1e-9)
        return keep_cost - swap_cost >= APPEARANCE_MIN_DIFFERENCE and margin >= APPEARANCE_MIN_MARGIN

    def _decide(self, pose: Pose, facing: int) -> LegIdentity:
        if self._reference is not None and (
            is_cut(self._reference, pose) or facing != self._reference_facing
        ):
            # A cut or a turn-around: continuity says nothing across it.
            self._reference = self._previous = self._last = None
        _, _, separation = leg_jump_costs(pose, pose)
        if separation <= SWAP_MIN_SEPARATION:
            # Legs together (or a knee collapsed onto the other leg): nothing tells them apart here,
            # so the frame says it does not know and is bridged: the next frame with the legs apart is
            # matched to the reference.
            self._previous = None
            return self._guess(pose, 0.0)
        if self._reference is None:
            return self._start(pose, facing, separation)
        exchanged, confidence = self._match(self._reference, self._reference_exchanged, pose)
        if self._previous is not None and self._previous[0] is not self._reference:
            # The frame before, when it was decided, follows moving legs better than an older
            # reference; the two must agree, else the frame is not known.
            step_exchanged, step_confidence = self._match(*self._previous, pose)
            if step_confidence >= LOW_IDENTITY_CONFIDENCE:
                if confidence >= LOW_IDENTITY_CONFIDENCE and step_exchanged != exchanged:
                    confidence = 0.0
                else:
                    exchanged, confidence = step_exchanged, max(confidence, step_confidence)
        if confidence < LOW_IDENTITY_CONFIDENCE:
            self._previous = None
            self._undecided += 1
            if self._undecided > self._restart_frames:
                return self._start(pose, facing, separation)  # the legs moved too much for continuity to tell
            return self._guess(pose, confidence)
        self._previous = (pose, exchanged)
        if (
            confidence >= REFERENCE_MIN_CONFIDENCE
            and separation >= REFERENCE_SEPARATION_SHARE * self._separation
        ):
            self._set_reference(pose, facing, separation, exchanged)
        return LegIdentity(exchanged, confidence)

    def _guess(self, pose: Pose, confidence: float) -> LegIdentity:
        """A frame whose identity is not known: the labelling nearest the frame before, so that the
        smoother does not blend the two legs through it, marked as a guess by its low confidence
        (reports leave the working side's angles of such frames out)."""
        exchanged = self._match(*self._last, pose)[0] if self._last is not None else False
        return LegIdentity(exchanged, confidence)

    @staticmethod
    def _match(earlier: Pose, earlier_exchanged: bool, pose: Pose) -> tuple[bool, float]:
        """(exchanged, confidence) of ``pose`` from the knees' and ankles' travel since ``earlier``."""
        keep, swap, _ = leg_jump_costs(earlier, pose)
        return earlier_exchanged != (swap < keep), abs(keep - swap) / max(keep + swap, 1e-9)

    def _start(self, pose: Pose, facing: int, separation: float) -> LegIdentity:
        """A new chain: from BlazePose's own labels, unless the legs clearly look like the legs seen
        before the other way round."""
        exchanged = self._looks_say_exchanged()
        self._set_reference(pose, facing, separation, exchanged)
        return LegIdentity(exchanged, CHAIN_START_CONFIDENCE)

    def _set_reference(self, pose: Pose, facing: int, separation: float, exchanged: bool) -> None:
        self._reference, self._reference_exchanged, self._reference_facing = pose, exchanged, facing
        self._separation = separation
        self._previous = (pose, exchanged)
        self._undecided = 0


def track_leg_identity(
    poses: Sequence[Pose | None],
    facings: Sequence[int] | None = None,
    *,
    fps: float = 30.0,
    appearances: Sequence[np.ndarray | None] | None = None,
) -> list[LegIdentity]:
    """Per frame: are the leg labels exchanged relative to the physical legs, and how sure is that."""
    tracker = LegIdentityTracker(fps)
    facings = facings if facings is not None else [0] * len(poses)
    appearances = appearances if appearances is not None else [None] * len(poses)
    return [
        tracker.update(pose, facing, appearance)
        for pose, facing, appearance in zip(poses, facings, appearances, strict=True)
    ]


def apply_leg_identity(poses: Sequence[Pose | None], identities: Sequence[LegIdentity]) -> list[Pose | None]:
    """The poses with every exchanged frame's leg labels put back on the physical legs."""
    return [
        exchange_leg_labels(pose) if pose is not None and identity.exchanged else pose
        for pose, identity in zip(poses, identities, strict=True)
    ]


def is_identity_known(confidence: float | None) -> bool:
    return confidence is not None and confidence >= LOW_IDENTITY_CONFIDENCE
