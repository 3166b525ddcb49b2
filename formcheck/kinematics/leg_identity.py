"""Which leg is which: BlazePose's left/right leg labels, checked against where each leg physically is.

BlazePose exchanges the leg labels for seconds at a time with full visibility, and its per-landmark
depth follows its own labels, so neither the labels nor the depth can say when they are wrong. What
does not swap with the labels is where each leg is in the image: a planted foot (the front foot of a
split squat, the rear foot on the bench) stays where it is, and no leg crosses a torso length in
1/15 s. On the sample clip ``split-squat_bouncing_right_yaw15`` BlazePose moves both ankles ~1.5
torso lengths in two frames while the true feet do not move at all (the rear foot stays on the
bench), then keeps the exchanged labels for the whole 23 s hold.

So identity is a chain: each frame's legs are matched to the legs of the last frame in which they
were clearly apart (frames with the legs together or one knee collapsed onto the other carry no
identity and are bridged, not followed), and a label exchange without motion is undone however long
it lasts. The chain starts from BlazePose's labels where it first acquires the legs: at the clip's
start, after a frame without a person, after a cut, and after a turn-around (``facing`` changes, where
the legs really do change sides in the image). On the 8 synthetic sample clips with known truth this
labels every confidently matched frame correctly (the bouncing clip: 922/922 frames, where
BlazePose's own labels are right on 257 and the previous continuity repair, whose per-frame prior
handed long stretches back to BlazePose's labels, on 112).

Each frame also gets a confidence in its identity: 1 when the matched legs are far apart relative
to how far they moved, 0 when the legs are together or collapsed onto each other (the side-dependent
angles of such frames are not about a known leg; reports mark them).
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


@dataclass(frozen=True, slots=True)
class LegIdentity:
    """One frame's verdict: whether BlazePose's leg labels are exchanged, and how sure that is."""

    exchanged: bool
    confidence: float  # 0..1; below LOW_IDENTITY_CONFIDENCE the legs cannot be told apart


UNKNOWN_IDENTITY = LegIdentity(exchanged=False, confidence=0.0)


def track_leg_identity(
    poses: Sequence[Pose | None], facings: Sequence[int] | None = None
) -> list[LegIdentity]:
    """Per frame: are the leg labels exchanged relative to the physical legs, and how sure is that."""
    identities: list[LegIdentity] = []
    reference: int | None = None  # the last frame with the legs clearly apart, in this chain
    exchanged = False
    for i, pose in enumerate(poses):
        if pose is None:
            reference = None
            identities.append(UNKNOWN_IDENTITY)
            continue
        if reference is not None and _chain_breaks(poses[reference], pose, facings, reference, i):
            reference = None
        _, _, separation = leg_jump_costs(pose, pose)
        if separation <= SWAP_MIN_SEPARATION:
            # Legs together (or a knee collapsed onto the other leg): nothing tells them apart here.
            identities.append(LegIdentity(exchanged, 0.0))
            continue
        if reference is None:
            exchanged, confidence = False, CHAIN_START_CONFIDENCE
        else:
            keep, swap, _ = leg_jump_costs(poses[reference], pose)  # type: ignore[arg-type]
            if swap < keep:
                exchanged = not identities[reference].exchanged
            else:
                exchanged = identities[reference].exchanged
            confidence = abs(keep - swap) / max(keep + swap, 1e-9)
        identities.append(LegIdentity(exchanged, confidence))
        reference = i
    return identities


def _chain_breaks(
    reference: Pose | None, current: Pose, facings: Sequence[int] | None, ref_index: int, index: int
) -> bool:
    """A cut or a turn-around since the reference frame: continuity says nothing across it."""
    if reference is None or is_cut(reference, current):
        return True
    return facings is not None and facings[index] != facings[ref_index]


def apply_leg_identity(poses: Sequence[Pose | None], identities: Sequence[LegIdentity]) -> list[Pose | None]:
    """The poses with every exchanged frame's leg labels put back on the physical legs."""
    return [
        exchange_leg_labels(pose) if pose is not None and identity.exchanged else pose
        for pose, identity in zip(poses, identities, strict=True)
    ]


def is_identity_known(confidence: float | None) -> bool:
    return confidence is not None and confidence >= LOW_IDENTITY_CONFIDENCE
