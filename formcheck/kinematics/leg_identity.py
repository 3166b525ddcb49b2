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
  starts again from BlazePose's labels, the only evidence left.

Measured against the studio's ground-truth joints on 8 sample clips: every decided frame is on its
physical leg (bouncing clip: all 922 frames, 19 of them undecided; BlazePose's own labels are right
on 257, the previous repair, whose per-frame prior handed long stretches back to BlazePose's labels,
on 112). On real clips it gives the previous repair's labelling on lunge_reverse_band_oblique_05
(191 frames, 10 label jumps -> 0) and the bss side/oblique clips (no exchange). On
bss_dumbbell_studio_oblique_05 (rear-oblique, black leggings on both legs; 48 jumps -> 0 either way)
the chain is the same but starts from the other labelling than the previous repair's majority:
which leg is the rear one cannot be told from those frames (its label says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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

    def update(self, pose: Pose | None, facing: int = 0) -> LegIdentity:
        if pose is None:
            self._reference = self._previous = self._last = None
            return UNKNOWN_IDENTITY
        identity = self._decide(pose, facing)
        self._last = (pose, identity.exchanged)
        return identity

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
        """A new chain, from BlazePose's own labels: nothing earlier to check them by."""
        self._set_reference(pose, facing, separation, False)
        return LegIdentity(False, CHAIN_START_CONFIDENCE)

    def _set_reference(self, pose: Pose, facing: int, separation: float, exchanged: bool) -> None:
        self._reference, self._reference_exchanged, self._reference_facing = pose, exchanged, facing
        self._separation = separation
        self._previous = (pose, exchanged)
        self._undecided = 0


def track_leg_identity(
    poses: Sequence[Pose | None], facings: Sequence[int] | None = None, *, fps: float = 30.0
) -> list[LegIdentity]:
    """Per frame: are the leg labels exchanged relative to the physical legs, and how sure is that."""
    tracker = LegIdentityTracker(fps)
    facings = facings if facings is not None else [0] * len(poses)
    return [tracker.update(pose, facing) for pose, facing in zip(poses, facings, strict=True)]


def apply_leg_identity(poses: Sequence[Pose | None], identities: Sequence[LegIdentity]) -> list[Pose | None]:
    """The poses with every exchanged frame's leg labels put back on the physical legs."""
    return [
        exchange_leg_labels(pose) if pose is not None and identity.exchanged else pose
        for pose, identity in zip(poses, identities, strict=True)
    ]


def is_identity_known(confidence: float | None) -> bool:
    return confidence is not None and confidence >= LOW_IDENTITY_CONFIDENCE
