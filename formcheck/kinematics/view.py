"""Where the camera stands relative to the body: near side, facing, and how sagittal the view is.

Facing (see ``formcheck.kinematics.angles``) comes from cues that do not depend on BlazePose's
left/right labels, each measured against the local body axis so they hold for standing and lying
poses alike: the nose lies in front of the ears, the toes in front of the heels (relative to the
shin), and a bent knee points forward (the shin folds backwards).

Near side comes from BlazePose's own per-landmark depth and visibility, so it names the *label* of
the leg nearer the camera: ``FrameAngles.leg(near_side)`` is then the near leg even while BlazePose
has its left/right labels mixed up. Geometry ties the two: for a body seen from the side, the
anatomical right side faces the camera exactly when ``facing`` is +1. A per-frame near side that
disagrees with that is BlazePose labelling the legs the other way round; within a stretch of constant
facing the near side cannot really change, which is what ``stabilize_views`` and ``ViewTracker`` use
to hold it steady through swaps. The end of this module measures the swaps themselves (how far the
knees and ankles jump under either labelling); ``formcheck.kinematics.leg_identity`` uses that to put
the labels back on the physical legs, offline and live.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from formcheck.kinematics.angles import DEFAULT_VISIBILITY_THRESHOLD, trunk_axis
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import Pose, Side, ViewEstimate

# Score = 1 - yaw/90, so 0.6 = within 36 deg of a pure side view. Turning the body by a yaw shrinks
# the horizontal part of every sagittal segment by cos(yaw): at 36 deg a segment 45 deg from vertical
# reads 39 deg, one 20 deg from vertical reads 16 deg. Measured on the real clips: pure side views
# score 0.76-0.93 (median per clip), a 45 deg front-oblique hip thrust 0.32.
SAGITTAL_MIN_SCORE = 0.6
# Image width (shoulders + hips) over torso length of a body seen square from the front. Adult
# anthropometry: biacromial ~0.75 torso lengths, BlazePose's hip points ~0.55.
FRONTAL_WIDTH_TO_TORSO = 1.3
# |evidence| below these leaves the value unknown (0 / None) rather than guessing.
FACING_MIN_EVIDENCE = 0.15
NEAR_SIDE_MIN_EVIDENCE = 0.1
# Depth difference between a left/right pair, in torso lengths, that counts as full evidence.
NEAR_DEPTH_FULL_SCALE = 0.2

UNKNOWN_VIEW = ViewEstimate(near_side=None, facing=0, sagittal_score=0.0, is_sagittal=False)


@dataclass(frozen=True, slots=True)
class ViewEvidence:
    """The raw per-frame evidence behind a ``ViewEstimate`` (signed, roughly -1..1)."""

    facing_evidence: float  # + = front towards image-right of the up-turned trunk line
    near_left_evidence: float  # + = BlazePose's left side is nearer the camera
    sagittal_score: float  # 1 = pure side view, 0 = front/back view


def _mean(values: list[float]) -> float:
    """``np.mean`` of a few floats (sequential sum, as numpy does below 8 elements)."""
    total = 0.0
    for value in values:
        total += value
    return total / len(values)


def anatomical_near_side(facing: int) -> Side | None:
    """The body side a camera sees in a true side view: right when facing is +1."""
    if facing == 0:
        return None
    return Side.RIGHT if facing > 0 else Side.LEFT


def _point(pose: Pose, landmark: int, threshold: float) -> np.ndarray | None:
    if not pose.visibility[landmark] >= threshold:
        return None
    return pose.landmarks_px[landmark]  # float64 already: no copy (callers only read it)


def _norm(vector) -> float:
    """Length of a 2-vector (``np.linalg.norm`` costs ~5 us per call on such tiny arrays)."""
    return math.sqrt(float(vector[0]) * float(vector[0]) + float(vector[1]) * float(vector[1]))


def _clip_unit(value: float) -> float:
    return min(max(value, -1.0), 1.0)


def _torso_length_px(pose: Pose) -> float:
    # Plain floats, the same sums as the 2-vector numpy expression: it runs several times a frame.
    points = pose.landmarks_px
    left_shoulder, right_shoulder = points[int(L.LEFT_SHOULDER)], points[int(L.RIGHT_SHOULDER)]
    left_hip, right_hip = points[int(L.LEFT_HIP)], points[int(L.RIGHT_HIP)]
    dx = (float(left_shoulder[0]) + float(right_shoulder[0])) / 2 - (
        float(left_hip[0]) + float(right_hip[0])
    ) / 2
    dy = (float(left_shoulder[1]) + float(right_shoulder[1])) / 2 - (
        float(left_hip[1]) + float(right_hip[1])
    ) / 2
    return math.sqrt(dx * dx + dy * dy)


def _anterior_offset(dx: float, dy: float, axis_x: float, axis_y: float) -> float:
    """``np.dot(to_y_up((dx, dy)), anterior_normal(to_y_up((axis_x, axis_y))))`` in plain floats: how
    far an image displacement points to the front of an image axis (both x right, y down)."""
    up_x, up_y = axis_x, -axis_y  # the axis y-up, as ``to_y_up``
    norm = math.sqrt(up_x * up_x + up_y * up_y)
    if norm < 1e-9:
        return 0.0
    return dx * (up_y / norm) + -dy * (-up_x / norm)


def _xy(point: np.ndarray) -> tuple[float, float]:
    return float(point[0]), float(point[1])


def _head_cue(pose: Pose, axis: np.ndarray, torso_px: float, threshold: float) -> float | None:
    """The nose lies in front of the ears. Weight grows with the offset (0 in a frontal view)."""
    # Plain floats (5 cues a frame): the same arithmetic as the 2-vector numpy expressions.
    nose = _point(pose, L.NOSE, threshold)
    ears = [_xy(p) for p in (_point(pose, e, threshold) for e in (L.LEFT_EAR, L.RIGHT_EAR)) if p is not None]
    if nose is None or not ears:
        return None
    ear = ears[0] if len(ears) == 1 else ((ears[0][0] + ears[1][0]) / 2, (ears[0][1] + ears[1][1]) / 2)
    nose_x, nose_y = _xy(nose)
    # ``axis`` is y-up already: turned back to image axes for ``_anterior_offset``.
    offset = _anterior_offset(nose_x - ear[0], nose_y - ear[1], float(axis[0]), -float(axis[1]))
    return _clip_unit(offset / (0.1 * torso_px))


def _foot_cue(pose: Pose, side: str, torso_px: float, threshold: float) -> float | None:
    """The toes lie in front of the heel, measured against the shin's own axis."""
    knee, ankle = (
        _point(pose, getattr(L, f"{side}_KNEE"), threshold),
        _point(pose, getattr(L, f"{side}_ANKLE"), threshold),
    )
    heel, toes = (
        _point(pose, getattr(L, f"{side}_HEEL"), threshold),
        _point(pose, getattr(L, f"{side}_FOOT_INDEX"), threshold),
    )
    if knee is None or ankle is None or heel is None or toes is None:
        return None
    (knee_x, knee_y), (ankle_x, ankle_y) = _xy(knee), _xy(ankle)
    (heel_x, heel_y), (toes_x, toes_y) = _xy(heel), _xy(toes)
    offset = _anterior_offset(toes_x - heel_x, toes_y - heel_y, knee_x - ankle_x, knee_y - ankle_y)
    return _clip_unit(offset / (0.15 * torso_px))


def _knee_cue(pose: Pose, side: str, threshold: float) -> float | None:
    """A bent knee points forward of the hip-ankle line (the shin folds backwards)."""
    hip, knee = (
        _point(pose, getattr(L, f"{side}_HIP"), threshold),
        _point(pose, getattr(L, f"{side}_KNEE"), threshold),
    )
    ankle = _point(pose, getattr(L, f"{side}_ANKLE"), threshold)
    if hip is None or knee is None or ankle is None:
        return None
    (hip_x, hip_y), (knee_x, knee_y), (ankle_x, ankle_y) = _xy(hip), _xy(knee), _xy(ankle)
    axis_x, axis_y = hip_x - ankle_x, hip_y - ankle_y
    length = math.sqrt(axis_x * axis_x + axis_y * axis_y)
    if length < 1e-9:
        return None
    offset = _anterior_offset(knee_x - (hip_x + ankle_x) / 2, knee_y - (hip_y + ankle_y) / 2, axis_x, axis_y)
    # 90 deg of flexion with equal thigh and shin puts the knee half a hip-ankle length forward.
    return _clip_unit(2.0 * offset / length)


def facing_evidence(pose: Pose, threshold: float = DEFAULT_VISIBILITY_THRESHOLD) -> float:
    """Mean of the label-independent anterior cues, each -1..1 (+ = facing +1); 0 = no cue."""
    axis = trunk_axis(pose, threshold)
    torso_px = _torso_length_px(pose)
    if axis is None or torso_px < 1e-6:
        return 0.0
    cues = [_head_cue(pose, axis, torso_px, threshold)]
    for side in ("LEFT", "RIGHT"):
        cues.append(_foot_cue(pose, side, torso_px, threshold))
        cues.append(_knee_cue(pose, side, threshold))
    present = [c for c in cues if c is not None]
    return _mean(present) if present else 0.0


def near_left_evidence(pose: Pose) -> float:
    """+ when BlazePose's left shoulder/hip/knee are nearer the camera (smaller depth, more visible)."""
    torso_px = max(_torso_length_px(pose), 1e-6)
    votes = []
    for left, right in (
        (L.LEFT_SHOULDER, L.RIGHT_SHOULDER),
        (L.LEFT_HIP, L.RIGHT_HIP),
        (L.LEFT_KNEE, L.RIGHT_KNEE),
    ):
        depth_gap = float(pose.depth_px[right] - pose.depth_px[left]) / (NEAR_DEPTH_FULL_SCALE * torso_px)
        visibility_gap = float(pose.visibility[left] - pose.visibility[right])
        votes.append(0.5 * _clip_unit(depth_gap) + 0.5 * _clip_unit(2 * visibility_gap))
    return _mean(votes)


def sagittal_score(pose: Pose) -> float:
    """1 = pure side view, 0 = front/back view: 1 - (estimated yaw away from the side view) / 90.

    The yaw comes from the shoulder and hip widths seen across the image against the width a body
    seen square-on shows (``FRONTAL_WIDTH_TO_TORSO`` torso lengths): width = frontal width x sin(yaw).
    BlazePose's depth is not used: its left/right depth gaps run at about 2-3x the anatomical widths
    and vary between clips (measured on the real side-view clips), so they cannot scale a yaw.
    A torso foreshortened towards the camera raises the ratio and so lowers the score: the view is
    then not sagittal either.
    """
    torso_px = _torso_length_px(pose)
    if torso_px < 1e-6:
        return 0.0
    pairs = ((L.LEFT_SHOULDER, L.RIGHT_SHOULDER), (L.LEFT_HIP, L.RIGHT_HIP))
    image_width = sum(_norm(pose.point(a) - pose.point(b)) for a, b in pairs)
    yaw_deg = math.degrees(math.asin(min(1.0, image_width / (FRONTAL_WIDTH_TO_TORSO * torso_px))))
    return min(max(1.0 - yaw_deg / 90.0, 0.0), 1.0)


def view_evidence(pose: Pose, threshold: float = DEFAULT_VISIBILITY_THRESHOLD) -> ViewEvidence:
    return ViewEvidence(
        facing_evidence=facing_evidence(pose, threshold),
        near_left_evidence=near_left_evidence(pose),
        sagittal_score=sagittal_score(pose),
    )


def view_from_evidence(evidence: ViewEvidence) -> ViewEstimate:
    facing = 0
    if abs(evidence.facing_evidence) >= FACING_MIN_EVIDENCE:
        facing = 1 if evidence.facing_evidence > 0 else -1
    near_side = None
    if abs(evidence.near_left_evidence) >= NEAR_SIDE_MIN_EVIDENCE:
        near_side = Side.LEFT if evidence.near_left_evidence > 0 else Side.RIGHT
    return ViewEstimate(
        near_side=near_side,
        facing=facing,
        sagittal_score=evidence.sagittal_score,
        is_sagittal=evidence.sagittal_score >= SAGITTAL_MIN_SCORE,
    )


def estimate_view(
    pose: Pose | None, *, visibility_threshold: float = DEFAULT_VISIBILITY_THRESHOLD
) -> ViewEstimate:
    """One frame's view; ``UNKNOWN_VIEW`` when there is no pose."""
    if pose is None:
        return UNKNOWN_VIEW
    return view_from_evidence(view_evidence(pose, visibility_threshold))


# --- clip-level stabiliser (offline) ------------------------------------------------------------

# A facing run shorter than this is a misreading, not a turn: a real turn-around takes longer and is
# followed by a stretch facing the new way.
MIN_FACING_RUN_S = 1.0
# The sagittal score is median-filtered over this window so that a score hovering at the threshold
# does not switch the angles on and off frame by frame.
SAGITTAL_MEDIAN_WINDOW_S = 0.5


def _absorb_short_runs(values: list[int], min_run: int) -> list[int]:
    """Flip runs of +1/-1 shorter than ``min_run`` (ignoring 0s) into their neighbours, shortest first."""
    signed = [(i, v) for i, v in enumerate(values) if v != 0]
    labels = [v for _, v in signed]
    while True:
        runs = _runs(labels)
        if len(runs) <= 1:
            break
        start, end = min(runs, key=lambda r: r[1] - r[0])
        if end - start >= min_run:
            break
        flipped = -labels[start]
        labels[start:end] = [flipped] * (end - start)
    out = list(values)
    for (i, _), v in zip(signed, labels, strict=True):
        out[i] = v
    return _fill_unknown(out)


def _runs(labels: Sequence[object]) -> list[tuple[int, int]]:
    runs, start = [], 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            runs.append((start, i))
            start = i
    return runs


def _fill_unknown(values: list[int]) -> list[int]:
    """Unknown (0) frames take the nearest known value before them, else after them."""
    known = [i for i, v in enumerate(values) if v != 0]
    if not known:
        return values
    out, last = list(values), values[known[0]]
    for i, v in enumerate(values):
        last = v if v != 0 else last
        out[i] = last
    return out


def _majority_near_side(views: Sequence[ViewEstimate | None]) -> Side | None:
    left = sum(1 for v in views if v is not None and v.near_side is Side.LEFT)
    right = sum(1 for v in views if v is not None and v.near_side is Side.RIGHT)
    if left == right:
        return None
    return Side.LEFT if left > right else Side.RIGHT


def stabilize_views(views: Sequence[ViewEstimate | None], *, fps: float = 30.0) -> list[ViewEstimate]:
    """Clip-level facing and near side, steady through BlazePose's misreadings.

    Facing: runs shorter than ``MIN_FACING_RUN_S`` flip to their surroundings (a genuine turn-around
    survives); frames with unknown facing take their neighbours'. Near side: one value per run of
    constant facing, the majority of the frames' own readings, because a body cannot show the camera
    its other side without turning around; a stretch of swapped labels therefore never flips it.
    ``None`` entries (no pose) come back as ``UNKNOWN_VIEW``.
    """
    raw = [v.facing if v is not None else 0 for v in views]
    facing = _absorb_short_runs(raw, max(1, int(round(MIN_FACING_RUN_S * fps))))
    near_by_index: dict[int, Side | None] = {}
    for start, end in _runs(facing):
        majority = _majority_near_side(views[start:end])
        for i in range(start, end):
            near_by_index[i] = majority
    scores = _median_scores(views, max(1, int(round(SAGITTAL_MEDIAN_WINDOW_S * fps / 2))))
    out = []
    for i, view in enumerate(views):
        if view is None:
            out.append(UNKNOWN_VIEW)
            continue
        out.append(
            ViewEstimate(
                near_side=near_by_index[i],
                facing=facing[i],
                sagittal_score=scores[i],
                is_sagittal=scores[i] >= SAGITTAL_MIN_SCORE,
            )
        )
    return out


def _median_scores(views: Sequence[ViewEstimate | None], half_window: int) -> list[float]:
    """Each frame's sagittal score as the median over its neighbours that have a pose."""
    raw = np.array([v.sagittal_score if v is not None else np.nan for v in views], dtype=float)
    out = []
    for i in range(len(raw)):
        window = raw[max(0, i - half_window) : i + half_window + 1]
        window = window[~np.isnan(window)]
        out.append(float(np.median(window)) if window.size else 0.0)
    return out


# --- live tracker (causal) ----------------------------------------------------------------------

# Live, facing flips only after this long of consistent opposite readings (hysteresis).
LIVE_FACING_SWITCH_S = 1.0
# Sagittal hysteresis: enter at SAGITTAL_MIN_SCORE, leave only below this.
SAGITTAL_EXIT_SCORE = 0.5


class ViewTracker:
    """Causal counterpart of ``stabilize_views`` for live use: one ``update`` per frame."""

    def __init__(self, fps: float = 30.0) -> None:
        self._switch_frames = max(1, int(round(LIVE_FACING_SWITCH_S * fps)))
        self._facing = 0
        self._opposite_count = 0
        self._near_votes = {Side.LEFT: 0, Side.RIGHT: 0}
        self._is_sagittal = False

    def update(self, view: ViewEstimate | None) -> ViewEstimate:
        if view is None:
            return UNKNOWN_VIEW
        self._update_facing(view.facing)
        if view.near_side is not None:
            self._near_votes[view.near_side] += 1
        left, right = self._near_votes[Side.LEFT], self._near_votes[Side.RIGHT]
        near = None if left == right else (Side.LEFT if left > right else Side.RIGHT)
        threshold = SAGITTAL_EXIT_SCORE if self._is_sagittal else SAGITTAL_MIN_SCORE
        self._is_sagittal = view.sagittal_score >= threshold
        return ViewEstimate(near, self._facing, view.sagittal_score, self._is_sagittal)

    def _update_facing(self, facing: int) -> None:
        if facing == 0 or facing == self._facing:
            self._opposite_count = 0
            return
        self._opposite_count += 1
        if self._facing == 0 or self._opposite_count >= self._switch_frames:
            # A turn-around: the other side now faces the camera, so the near-side votes start over.
            self._facing, self._opposite_count = facing, 0
            self._near_votes = {Side.LEFT: 0, Side.RIGHT: 0}


# --- BlazePose left/right leg swaps ---------------------------------------------------------------

# The leg landmarks whose labels BlazePose exchanges when it swaps legs (hip to toes).
_LEG_PAIRS = tuple(
    (int(getattr(L, f"LEFT_{n}")), int(getattr(L, f"RIGHT_{n}")))
    for n in ("HIP", "KNEE", "ANKLE", "HEEL", "FOOT_INDEX")
)
# A swap is called when exchanging the labels explains the frame-to-frame motion of the knees and
# ankles at least this many times better than keeping them...
SWAP_COST_RATIO = 0.5
# ...and the two legs are apart by this much (sum of knee and ankle gaps, in torso lengths); with the
# legs together in a side view a swap is invisible and harmless.
SWAP_MIN_SEPARATION = 0.3
# The hips moving more than this many torso lengths in one frame is a cut, not motion.
CUT_HIP_JUMP_TORSOS = 0.5


def leg_jump_costs(previous: Pose, current: Pose) -> tuple[float, float, float]:
    """(cost of keeping labels, cost of exchanging them, leg separation), in torso lengths."""
    torso_px = max(_torso_length_px(current), 1e-6)
    keep = swap = separation = 0.0
    for left, right in _KNEE_AND_ANKLE_PAIRS:  # plain floats: the same sums as 2-vector numpy ones
        now_l, now_r = _xy(current.landmarks_px[left]), _xy(current.landmarks_px[right])
        was_l, was_r = _xy(previous.landmarks_px[left]), _xy(previous.landmarks_px[right])
        keep += _distance(now_l, was_l) + _distance(now_r, was_r)
        swap += _distance(now_l, was_r) + _distance(now_r, was_l)
        separation += _distance(now_l, now_r)
    return keep / torso_px, swap / torso_px, separation / torso_px


_KNEE_AND_ANKLE_PAIRS = tuple(
    (int(getattr(L, f"LEFT_{name}")), int(getattr(L, f"RIGHT_{name}"))) for name in ("KNEE", "ANKLE")
)


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = a[0] - b[0], a[1] - b[1]
    return math.sqrt(dx * dx + dy * dy)


def exchange_leg_labels(pose: Pose) -> Pose:
    """The same pose with the left and right leg landmarks (positions, visibility, depth) exchanged."""
    order = np.arange(len(pose.visibility))
    for left, right in _LEG_PAIRS:
        order[left], order[right] = right, left
    world = pose.world_m[order] if pose.world_m is not None else None
    return Pose(
        pose.landmarks_px[order],
        pose.visibility[order],
        pose.depth_px[order],
        pose.image_size,
        world,
        pose.mask,
    )


def detect_leg_swaps(poses: Sequence[Pose | None]) -> list[bool]:
    """True at each frame where BlazePose's left and right legs exchange places from the frame before.

    The legs cannot cross over in 1/30 s, so when the knees and ankles land where the other leg's
    were, the labels moved, not the legs. Frames after a missing pose are never flagged.
    """
    flags = [False] * len(poses)
    for i in range(1, len(poses)):
        previous, current = poses[i - 1], poses[i]
        if previous is None or current is None:
            continue
        keep, swap, separation = leg_jump_costs(previous, current)
        flags[i] = separation > SWAP_MIN_SEPARATION and swap < SWAP_COST_RATIO * keep
    return flags


def is_cut(previous: Pose, current: Pose) -> bool:
    """The body jumped (a video cut or a re-detection): continuity says nothing about the labels."""
    torso_px = max(_torso_length_px(current), 1e-6)
    now, was = current.landmarks_px, previous.landmarks_px
    jump = _norm((now[L.LEFT_HIP] + now[L.RIGHT_HIP]) / 2 - (was[L.LEFT_HIP] + was[L.RIGHT_HIP]) / 2)
    return jump / torso_px > CUT_HIP_JUMP_TORSOS
