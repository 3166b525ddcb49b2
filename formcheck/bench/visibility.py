"""Is the back in the image at all? formcheck's "arm over the back" verdicts against the studio.

The studio's truth gives, per frame, ``arm_edge_shift_px``: how far the mannequin's arms push the
silhouette's back edge outwards between the shoulder blades and the buttock (0 = the back forms its
own edge; >= 1 px = an arm's outline is that edge somewhere; ``formcheck.synth.occlusion``). Where an
arm is the edge, the lumbar curve is not in the image: formcheck should call the frame "arm over the
back" (unmeasurable) rather than read the arm's outline as a back.

Per clip this counts:
- frames where the arm forms the edge (truth), and of those how many formcheck called "arm over the
  back" (caught) or read a dip from anyway (read through an arm: a contaminated measurement);
- frames formcheck called "arm over the back" although the back formed its own edge (a measurement
  lost for nothing);
- whether the clip's back_arch mistake could be seen at all: it is hidden when the arm forms the edge
  in at least ``HIDDEN_SHARE`` of the frames inside the truth's back_arch intervals. Back-arch recall
  is then also reported over the clips whose arch was visible, beside the raw figure: a detector that
  says "unmeasurable" where the image shows no back cannot flag an arch there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from formcheck.kinematics.back_reasons import ARM_OVER_BACK
from formcheck.types import FrameAngles, MistakeCode

# One whole pixel of arm beyond the back; smaller shifts are a line grazing the corner of the arm's
# outermost pixel (the sampling steps are a quarter pixel).
ARM_EDGE_MIN_PX = 1.0
HIDDEN_SHARE = 0.5


@dataclass(slots=True)
class EdgeVisibility:
    """One clip's counts (sums, so that groups aggregate exactly)."""

    truth_frames: int = 0  # frames whose truth says where the back edge is
    arm_edge: int = 0  # ... of which an arm forms part of it
    caught: int = 0  # arm edge, and formcheck said "arm over the back"
    read_through: int = 0  # arm edge, and formcheck read a dip anyway
    back_edge: int = 0  # the back forms its own edge
    false_alarm: int = 0  # ... and formcheck said "arm over the back" all the same
    back_arch_hidden: bool | None = None  # None: no back_arch in the truth, or no edge truth


def _in_intervals(t: float, intervals: Iterable[dict], code: str) -> bool:
    return any(i["code"] == code and i["start_s"] <= t <= i["end_s"] for i in intervals)


def score_visibility(truth: dict, angles: Sequence[FrameAngles]) -> EdgeVisibility:
    """Compare formcheck's per-frame arch verdicts with the studio's silhouettes for one clip.

    What is scored is the lumbar arch the exercise rules see (after smoothing and the confidence
    and plausibility gates), not the raw contour: a dip read through an arm but dropped later never
    reached the user."""
    counts = EdgeVisibility()
    arch_code = MistakeCode.BACK_ARCH.value
    arch_frames = arch_hidden = 0
    for record, frame_angles in zip(truth["frames"], angles, strict=False):
        shift = record.get("arm_edge_shift_px")
        if shift is None:
            continue
        counts.truth_frames += 1
        arm_is_edge = shift >= ARM_EDGE_MIN_PX
        lumbar = frame_angles.lumbar
        said_arm = lumbar.arch_deg is None and lumbar.reason == ARM_OVER_BACK
        if arm_is_edge:
            counts.arm_edge += 1
            counts.caught += said_arm
            counts.read_through += lumbar.arch_deg is not None
        else:
            counts.back_edge += 1
            counts.false_alarm += said_arm
        if _in_intervals(record["t"], truth.get("mistake_intervals", []), arch_code):
            arch_frames += 1
            arch_hidden += arm_is_edge
    if arch_code in truth.get("mistakes", []) and arch_frames:
        counts.back_arch_hidden = arch_hidden >= HIDDEN_SHARE * arch_frames
    return counts


def _share(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def visibility_row(counts: Iterable[EdgeVisibility]) -> dict:
    """Shares over a group of clips: how often the arm is the edge, caught, read through, false alarms."""
    counts = list(counts)
    arm = sum(c.arm_edge for c in counts)
    back = sum(c.back_edge for c in counts)
    return {
        "frames": sum(c.truth_frames for c in counts),
        "arm_edge_share": _share(arm, sum(c.truth_frames for c in counts)),
        "caught": _share(sum(c.caught for c in counts), arm),
        "read_through": _share(sum(c.read_through for c in counts), arm),
        "false_alarm": _share(sum(c.false_alarm for c in counts), back),
    }


def visible_recall(pairs: Iterable[tuple[bool, EdgeVisibility]]) -> dict | None:
    """Back-arch recall over the clips whose arch the image shows; ``pairs`` = (found, counts) per clip
    with back_arch in the truth. None when no clip says whether its arch was visible."""
    pairs = [(found, c) for found, c in pairs if c.back_arch_hidden is not None]
    if not pairs:
        return None
    visible = [found for found, c in pairs if not c.back_arch_hidden]
    return {
        "hidden": len(pairs) - len(visible),
        "visible": len(visible),
        "recall": _share(sum(visible), len(visible)),
    }
