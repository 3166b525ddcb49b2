"""The skeleton and the angle labels drawn on the person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from formcheck.feedback import style
from formcheck.landmarks import SIDE_LANDMARKS, SKELETON_EDGES, PoseLandmark
from formcheck.types import Pose, Side

# Landmarks BlazePose reports below this visibility are guesses: draw them faint, not as bones.
VISIBILITY_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class JointLabel:
    """A number shown next to a joint, e.g. the hip extension at the hip."""

    landmark: PoseLandmark
    text: str
    colour: tuple[int, int, int] = style.WHITE


def _side_of(landmark: PoseLandmark) -> Side | None:
    if landmark.name.startswith("LEFT_"):
        return Side.LEFT
    if landmark.name.startswith("RIGHT_"):
        return Side.RIGHT
    return None


# Which side each bone belongs to, computed once (None = a bone across the body or on the face).
_EDGE_SIDES: tuple[Side | None, ...] = tuple(
    _side_of(start) if _side_of(start) is _side_of(end) else None for start, end in SKELETON_EDGES
)
_JOINTS: tuple[PoseLandmark, ...] = tuple(sorted({lm for edge in SKELETON_EDGES for lm in edge}))
_JOINT_SIDES: tuple[Side | None, ...] = tuple(_side_of(lm) for lm in _JOINTS)


def _usable(pose: Pose, landmark: int, width: int, height: int) -> bool:
    x, y = pose.landmarks_px[int(landmark)]
    if not (np.isfinite(x) and np.isfinite(y)):
        return False
    # Points far outside the frame are BlazePose extrapolations: never draw lines to them.
    return -0.1 * width <= x <= 1.1 * width and -0.1 * height <= y <= 1.1 * height


def _usable_mask(pose: Pose, width: int, height: int) -> np.ndarray:
    """Per landmark: finite and not far outside the frame (vectorised ``_usable``)."""
    x, y = pose.landmarks_px[:, 0], pose.landmarks_px[:, 1]
    with np.errstate(invalid="ignore"):
        return (
            np.isfinite(x)
            & np.isfinite(y)
            & (x >= -0.1 * width)
            & (x <= 1.1 * width)
            & (y >= -0.1 * height)
            & (y <= 1.1 * height)
        )


def _pixel_points(pose: Pose) -> list[list[int]]:
    """Landmarks as integer pixels (truncated like ``int()``), as plain lists for the drawing loop;
    non-finite points become (0, 0) and are never drawn (``_usable_mask`` rules them out)."""
    points = np.nan_to_num(pose.landmarks_px, nan=0.0, posinf=0.0, neginf=0.0)
    return np.clip(points, -1e6, 1e6).astype(np.int64).tolist()


def draw_skeleton(image: np.ndarray, pose: Pose, side: Side | None, scale: style.Scale) -> None:
    """Bones in place on ``image``: the working side thick and coloured, the rest thin and grey."""
    height, width = image.shape[:2]
    usable = _usable_mask(pose, width, height).tolist()
    visible_mask = (pose.visibility >= VISIBILITY_THRESHOLD).tolist()
    points = _pixel_points(pose)
    working_thickness, other_thickness, faint_thickness = (scale.thickness(t) for t in (4, 2, 1))
    for (start, end), edge_side in zip(SKELETON_EDGES, _EDGE_SIDES, strict=True):
        if not (usable[start] and usable[end]):
            continue
        working = side is not None and edge_side is side
        if not (visible_mask[start] and visible_mask[end]):
            colour, thickness = style.NEUTRAL, faint_thickness
        elif working:
            colour, thickness = style.WORKING_SIDE, working_thickness
        else:
            colour, thickness = style.OTHER_SIDE, other_thickness
        # Anti-aliasing only where the eye rests (the working leg): it costs ~3x per line.
        cv2.line(image, points[start], points[end], colour, thickness, cv2.LINE_AA if working else cv2.LINE_8)
    _draw_joints(image, points, usable, visible_mask, side, scale)


def _draw_joints(
    image: np.ndarray,
    points: list[list[int]],
    usable: list[bool],
    visible: list[bool],
    side: Side | None,
    scale: style.Scale,
) -> None:
    working_radius, other_radius = scale.px(5), scale.px(3)
    for landmark, joint_side in zip(_JOINTS, _JOINT_SIDES, strict=True):
        if not (usable[landmark] and visible[landmark]):
            continue
        centre = points[landmark]
        if side is not None and joint_side is side:
            cv2.circle(image, centre, working_radius, style.WORKING_SIDE, -1, cv2.LINE_AA)
            cv2.circle(image, centre, working_radius, style.BLACK, 1, cv2.LINE_AA)
        else:
            cv2.circle(image, centre, other_radius, style.OTHER_SIDE, -1, cv2.LINE_8)


def layout_joint_labels(
    pose: Pose, labels: Sequence[JointLabel], scale: style.Scale
) -> list[tuple[JointLabel, tuple[int, int, int, int]]]:
    """Where each label's box goes: (left, top, right, bottom), inside the frame, none overlapping.

    Right of and slightly above its joint so the label does not hide the joint itself; when that
    spot is taken (joints close together), below the joint instead, then further down.
    """
    width, height = scale.width_px, scale.height_px
    font_scale, thickness = scale.font(0.55), scale.thickness(1)
    pad = scale.px(3)
    placed: list[tuple[JointLabel, tuple[int, int, int, int]]] = []
    for label in labels:
        if not _usable(pose, label.landmark, width, height):
            continue
        x, y = pose.landmarks_px[int(label.landmark)]
        text_w, text_h, baseline = style.text_size(label.text, font_scale, thickness)
        box_w, box_h = text_w + 2 * pad, text_h + baseline + 2 * pad
        candidates = [y - box_h - scale.px(6)] + [y + scale.px(6) + k * box_h for k in (0, 1, 2)]
        for wanted_top in candidates:
            left = int(min(max(x + scale.px(10), 0), width - box_w))
            top = int(min(max(wanted_top, 0), height - box_h))
            box = (left, top, left + box_w, top + box_h)
            if not any(_intersects(box, other) for _, other in placed):
                break
        placed.append((label, box))
    return placed


def draw_joint_labels(
    image: np.ndarray, pose: Pose, labels: Sequence[JointLabel], scale: style.Scale
) -> None:
    """Each label in a small dark box beside its joint (see ``layout_joint_labels``)."""
    font_scale, thickness = scale.font(0.55), scale.thickness(1)
    pad = scale.px(3)
    text_h = style.text_size("Hg", font_scale, thickness)[1]
    for label, box in layout_joint_labels(pose, labels, scale):
        style.shade_rect(image, box[:2], box[2:], style.PANEL, 0.65)
        origin = (box[0] + pad, box[1] + pad + text_h)
        style.put_text(image, label.text, origin, font_scale, label.colour, thickness, outline=False)


def _intersects(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def working_side_landmarks(side: Side) -> dict[str, PoseLandmark]:
    return SIDE_LANDMARKS[side.value]
