"""Draws formcheck's coaching overlay on a BGR frame (live window, recordings and ``analyze --video``).

Two entry points:
- ``annotate_frame(image, pose, angles, side=..., active_mistakes=..., extra_text=...)``: the offline
  annotated copy (skeleton, angles at the joints, working side, mistake flags, gauges).
- ``draw_overlay(image, view)``: the full live overlay from an ``OverlayView`` (cue, timers,
  counters, guided-sequence step, set-up guidance, Thomas result, fps).

Layout (all sizes scale with the frame's shorter side): top-left panel = what to do now (step,
timers, counters, result); top-right panel = gauges, side, fps; bottom centre = the active cue in
large text on a red box; centre = set-up guidance on a blue box until the set-up is right.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

from formcheck.exercises.profile import Profile
from formcheck.feedback import style
from formcheck.feedback.gauges import Gauge, draw_gauge, gauge_height_px
from formcheck.feedback.skeleton import JointLabel, draw_joint_labels, draw_skeleton, working_side_landmarks
from formcheck.feedback.targets import (
    ARCH_GAUGE_SPAN_DEG,
    DEFAULT_ARCH_MAX_DEG,
    HIP_GAUGE_SPAN_DEG,
    exercise_gauges,
)
from formcheck.types import Exercise, FrameAngles, MistakeCode, Pose, Side

# Without an exercise: the hip is "on target" once the thigh is at least in line with the trunk.
DEFAULT_HIP_MIN_DEG = 0.0


@dataclass(frozen=True, slots=True)
class HoldTimer:
    elapsed_s: float
    target_min_s: float
    target_max_s: float
    label: str = "Hold"

    def target_text(self) -> str:
        low, high = f"{self.target_min_s:.0f}", f"{self.target_max_s:.0f}"
        return f"{low}s" if low == high else f"{low}-{high}s"


@dataclass(frozen=True, slots=True)
class Counter:
    label: str
    count: int
    target: int | None = None


@dataclass(frozen=True, slots=True)
class OverlayView:
    """Everything the live overlay shows in one frame; every field may be empty."""

    pose: Pose | None = None
    side: Side | None = None
    title: str | None = None
    joint_labels: tuple[JointLabel, ...] = ()
    gauges: tuple[Gauge, ...] = ()
    cue: str | None = None
    cue_is_mistake: bool = True
    step: str | None = None
    hold: HoldTimer | None = None
    rest_s: float | None = None
    counters: tuple[Counter, ...] = ()
    setup_messages: tuple[str, ...] = ()
    result: str | None = None
    status_lines: tuple[str, ...] = field(default_factory=tuple)
    fps: float | None = None
    dropped_frames: int | None = None

    def element_count(self) -> int:
        """How many UI elements are active (the snapshot picks a frame with many)."""
        singles = (self.pose, self.cue, self.step, self.hold, self.rest_s, self.result)
        return (
            sum(item is not None for item in singles)
            + sum(g.value_deg is not None for g in self.gauges)
            + len(self.counters)
            + len(self.setup_messages)
        )


def joint_labels_for(angles: FrameAngles | None, side: Side | None) -> tuple[JointLabel, ...]:
    """Hip extension (or trunk-thigh when the arch is unknown) at the hip, knee flexion at the knee."""
    if angles is None or side is None or not angles.has_pose:
        return ()
    leg = angles.leg(side)
    points = working_side_landmarks(side)
    labels: list[JointLabel] = []
    if leg.hip_extension_deg is not None:
        labels.append(JointLabel(points["hip"], f"hip ext {leg.hip_extension_deg:+.0f}"))
    elif leg.trunk_thigh_deg is not None:
        labels.append(JointLabel(points["hip"], f"trunk-thigh {leg.trunk_thigh_deg:+.0f}"))
    if leg.knee_flexion_deg is not None:
        labels.append(JointLabel(points["knee"], f"knee {leg.knee_flexion_deg:.0f}"))
    return tuple(labels)


def default_gauges(
    angles: FrameAngles | None,
    side: Side | None,
    active_mistakes: Iterable[MistakeCode | str] = (),
    *,
    hip_min_deg: float | None = DEFAULT_HIP_MIN_DEG,
    arch_max_deg: float | None = DEFAULT_ARCH_MAX_DEG,
) -> tuple[Gauge, Gauge]:
    """The hip-extension and lumbar-arch gauges for ``side`` with the given targets."""
    codes = {MistakeCode(c).value if isinstance(c, MistakeCode) else str(c) for c in active_mistakes}
    hip = None
    arch = None
    if angles is not None and angles.has_pose:
        if side is not None:
            leg = angles.leg(side)
            hip = leg.hip_extension_deg if leg.hip_extension_deg is not None else leg.trunk_thigh_deg
        arch = angles.lumbar.arch_deg
    return (
        Gauge(
            "Hip extension",
            hip,
            *HIP_GAUGE_SPAN_DEG,
            target_min_deg=hip_min_deg,
            mistake=MistakeCode.SHALLOW_RANGE.value in codes,
        ),
        Gauge(
            "Lumbar arch",
            arch,
            *ARCH_GAUGE_SPAN_DEG,
            target_max_deg=arch_max_deg,
            mistake=MistakeCode.BACK_ARCH.value in codes,
        ),
    )


def annotate_frame(
    image: np.ndarray,
    pose: Pose | None,
    angles: FrameAngles | None,
    *,
    side: Side | None,
    active_mistakes: Sequence[MistakeCode | str] = (),
    extra_text: Sequence[str] = (),
    cue: str | None = None,
    exercise: Exercise | None = None,
    profile: Profile | None = None,
    copy: bool = True,
) -> np.ndarray:
    """The ``analyze --video`` frame: skeleton, joint angles, side, gauges, mistake flags and cue.

    ``active_mistakes`` are the mistake codes whose time range covers this frame; ``extra_text``
    lines go in the top-left panel (e.g. "t 12.4 s", the phase). With ``exercise`` (and its
    ``profile``) the gauges are green by that exercise's targets, as in the live overlay. Returns
    the drawn image (a copy unless ``copy=False``).
    """
    codes = [MistakeCode(c).value if isinstance(c, MistakeCode) else str(c) for c in active_mistakes]
    flags = tuple(f"! {code}" for code in codes)
    if exercise is not None:
        gauges = exercise_gauges(angles, side, Exercise(exercise), profile, codes)
    else:
        gauges = default_gauges(angles, side, codes)
    view = OverlayView(
        pose=pose,
        side=side,
        title=f"Working side: {side.value}" if side is not None else "Side: unknown",
        joint_labels=joint_labels_for(angles, side),
        gauges=gauges,
        cue=cue,
        status_lines=tuple(extra_text) + flags,
    )
    return draw_overlay(image, view, copy=copy)


def draw_overlay(image: np.ndarray, view: OverlayView, *, copy: bool = False) -> np.ndarray:
    """Draw every element of ``view`` on ``image`` (in place unless ``copy``) and return it."""
    canvas = image.copy() if copy else image
    scale = style.Scale.for_image(canvas)
    if view.pose is not None:
        draw_skeleton(canvas, view.pose, view.side, scale)
        draw_joint_labels(canvas, view.pose, view.joint_labels, scale)
    panels_bottom = max(_draw_left_panel(canvas, view, scale), _draw_right_panel(canvas, view, scale))
    if view.setup_messages:
        _draw_setup_box(canvas, view.setup_messages, scale)
    if view.cue:
        span = _person_span_y(view.pose, scale) if view.pose is not None else None
        _draw_cue_box(canvas, view.cue, view.cue_is_mistake, scale, panels_bottom, span)
    return canvas


def _person_span_y(pose: Pose, scale: style.Scale) -> tuple[float, float] | None:
    """Top and bottom (px) of the person's visible landmarks inside the frame."""
    visible = pose.visibility >= 0.5
    ys = pose.landmarks_px[visible, 1]
    ys = ys[np.isfinite(ys)]
    if ys.size == 0:
        return None
    top, bottom = float(ys.min()), float(ys.max())
    return float(min(max(top, 0), scale.height_px)), float(min(max(bottom, 0), scale.height_px))


def panel_width_px(scale: style.Scale) -> int:
    return int(min(scale.px(250), 0.47 * scale.width_px))


def _left_panel_lines(view: OverlayView) -> list[tuple[str, tuple[int, int, int], float]]:
    """(text, colour, relative size) for each line of the top-left panel."""
    lines: list[tuple[str, tuple[int, int, int], float]] = []
    if view.title:
        lines.append((view.title, style.WORKING_SIDE, 0.55))
    if view.step:
        lines.append((view.step, style.WHITE, 0.7))
    if view.hold is not None:
        hold = view.hold
        colour = style.GOOD if hold.elapsed_s >= hold.target_min_s else style.WARN
        # One unbreakable token for the numbers so the wrap never splits "20-30 s".
        lines.append(
            # Whole seconds: a text that changes every frame would be re-rendered every frame.
            (f"{hold.label} {int(hold.elapsed_s)}/{hold.target_text()}", colour, 0.6)
        )
    if view.rest_s is not None:
        lines.append((f"Rest {int(view.rest_s)} s", style.NEUTRAL, 0.6))
    for counter in view.counters:
        of = f"/{counter.target}" if counter.target else ""
        lines.append((f"{counter.label} {counter.count}{of}", style.WHITE, 0.6))
    if view.result:
        lines.append((view.result, style.WARN, 0.7))
    lines.extend(
        (text, style.BAD if text.startswith("!") else style.WHITE, 0.55) for text in view.status_lines
    )
    return lines


PanelLine = tuple[str, tuple[int, int, int], float]


@lru_cache(maxsize=128)
def _left_panel_layout(
    lines: tuple[PanelLine, ...], scale: style.Scale
) -> tuple[tuple[style.TextItem, ...], int]:
    """The panel's text items (wrapped, placed) and its height: the lines change about once a
    second (whole-second timers), so the wrapping and measuring are done once per content."""
    margin, pad = scale.px(8), scale.px(6)
    width = panel_width_px(scale)
    thickness = scale.thickness(1)
    laid_out: list[tuple[str, tuple[int, int, int], float, int]] = []
    for text, colour, size in lines:
        wrapped, font_scale = style.fit_lines(text, scale.font(size), thickness, width - 2 * pad, max_lines=2)
        for line in wrapped:
            laid_out.append((line, colour, font_scale, style.text_size("Hg", font_scale, thickness)[1]))
    line_gap = scale.px(7)
    height = sum(h + line_gap for *_, h in laid_out) + 2 * pad
    items: list[style.TextItem] = []
    y = margin + pad
    for text, colour, font_scale, text_h in laid_out:
        y += text_h
        items.append(style.TextItem(text, (margin + pad, y), font_scale, colour, thickness))
        y += line_gap
    return tuple(items), height


def _draw_left_panel(image: np.ndarray, view: OverlayView, scale: style.Scale) -> int:
    """Draws the panel; returns its bottom edge (0 when there is nothing to show)."""
    lines = tuple(_left_panel_lines(view))
    if not lines:
        return 0
    margin = scale.px(8)
    width = panel_width_px(scale)
    items, height = _left_panel_layout(lines, scale)
    style.shade_rect(image, (margin, margin), (margin + width, margin + height), style.PANEL, 0.6)
    style.put_texts(image, items)
    if view.hold is not None:
        _draw_hold_bar(image, view.hold, (margin, margin + height), width, scale)
        return margin + height + scale.px(8)
    return margin + height


def _draw_hold_bar(
    image: np.ndarray, hold: HoldTimer, top_left: tuple[int, int], width: int, scale: style.Scale
) -> None:
    """A progress bar under the panel: fills towards the upper target, green once past the lower."""
    left, top = top_left
    bar_h = scale.px(8)
    fraction = min(max(float(hold.elapsed_s / hold.target_max_s), 0.0), 1.0) if hold.target_max_s > 0 else 0.0
    colour = style.GOOD if hold.elapsed_s >= hold.target_min_s else style.WARN
    cv2.rectangle(image, (left, top), (left + width, top + bar_h), (70, 70, 70), -1)
    cv2.rectangle(image, (left, top), (left + int(fraction * width), top + bar_h), colour, -1)
    if hold.target_max_s > 0:
        min_x = left + int(width * hold.target_min_s / hold.target_max_s)
        cv2.line(image, (min_x, top), (min_x, top + bar_h), style.WHITE, scale.thickness(1))


def _draw_right_panel(image: np.ndarray, view: OverlayView, scale: style.Scale) -> int:
    """Draws the gauges panel; returns its bottom edge (0 when empty)."""
    footer = _fps_text(view)
    if not view.gauges and footer is None:
        return 0
    margin, pad = scale.px(8), scale.px(6)
    width = panel_width_px(scale)
    left = scale.width_px - margin - width
    font_scale, thickness = scale.font(0.5), scale.thickness(1)
    footer_h = style.text_size("Hg", font_scale, thickness)[1] + scale.px(8) if footer else 0
    height = len(view.gauges) * gauge_height_px(scale) + footer_h + 2 * pad
    style.shade_rect(image, (left, margin), (left + width, margin + height), style.PANEL, 0.6)
    y = margin + pad
    for gauge in view.gauges:
        draw_gauge(image, gauge, left + pad, y, width - 2 * pad, scale)
        y += gauge_height_px(scale)
    if footer:
        style.put_text(
            image, footer, (left + pad, y + footer_h - scale.px(6)), font_scale, style.NEUTRAL, thickness
        )
    return margin + height


def _fps_text(view: OverlayView) -> str | None:
    if view.fps is None:
        return None
    dropped = f"  dropped {view.dropped_frames}" if view.dropped_frames else ""
    return f"{view.fps:.0f} fps{dropped}"


def _draw_cue_box(
    image: np.ndarray,
    cue: str,
    is_mistake: bool,
    scale: style.Scale,
    panels_bottom: int,
    person_span: tuple[float, float] | None,
) -> None:
    """The cue to act on: large white text on a solid red (mistake) or green (guidance) box.

    Bottom centre by default; moved up under the panels when the person's feet are in the bottom
    band and the top band is freer, so the cue hides as little of the body as possible.
    """
    thickness = scale.thickness(2)
    max_width = int(0.9 * scale.width_px)
    lines, font_scale = style.fit_lines(
        cue, scale.font(1.0), thickness, max_width - scale.px(24), max_lines=2
    )
    box_h = _box_height(lines, font_scale, thickness, scale)
    margin = scale.px(12)
    bottom_top = scale.height_px - margin - box_h
    top_top = panels_bottom + scale.px(6)
    top = bottom_top
    if person_span is not None and top_top + box_h <= bottom_top:

        def overlap(box_top: int) -> float:
            return max(0.0, min(box_top + box_h, person_span[1]) - max(box_top, person_span[0]))

        if overlap(top_top) < overlap(bottom_top):
            top = top_top
    colour = style.CUE_BOX if is_mistake else (40, 110, 20)
    _draw_centered_box(image, lines, font_scale, thickness, colour, top=top, scale=scale)


def _box_height(lines, font_scale: float, thickness: int, scale: style.Scale) -> int:
    line_h = style.text_size("Hg", font_scale, thickness)[1]
    return len(lines) * line_h + (len(lines) - 1) * scale.px(10) + 2 * scale.px(12)


def _draw_setup_box(image: np.ndarray, messages: Sequence[str], scale: style.Scale) -> None:
    """Set-up guidance in the middle of the frame: nothing is scored until it is gone."""
    thickness = scale.thickness(2)
    max_width = int(0.9 * scale.width_px)
    lines: list[str] = []
    font_scale = scale.font(0.9)
    for message in messages[:3]:
        wrapped, fitted = style.fit_lines(
            message, font_scale, thickness, max_width - scale.px(24), max_lines=2
        )
        font_scale = min(font_scale, fitted)
        lines.extend(wrapped)
    _draw_centered_box(
        image,
        lines,
        font_scale,
        thickness,
        style.GUIDE_BOX,
        top=(scale.height_px - _box_height(lines, font_scale, thickness, scale)) // 2,
        scale=scale,
    )


def _draw_centered_box(image, lines, font_scale, thickness, colour, *, top: int, scale) -> None:
    """A horizontally centred box of centred lines whose top edge is at ``top`` (kept in frame)."""
    pad = scale.px(12)
    line_h = style.text_size("Hg", font_scale, thickness)[1]
    gap = scale.px(10)
    widths = [style.text_size(line, font_scale, thickness)[0] for line in lines]
    box_w = max(widths, default=0) + 2 * pad
    box_h = len(lines) * line_h + (len(lines) - 1) * gap + 2 * pad
    left = max(0, (scale.width_px - box_w) // 2)
    top = int(min(max(top, 0), max(0, scale.height_px - box_h)))
    style.shade_rect(image, (left, top), (left + box_w, top + box_h), colour, 0.85)
    cv2.rectangle(image, (left, top), (left + box_w, top + box_h), style.WHITE, scale.thickness(2))
    items = []
    y = top + pad
    for line, width in zip(lines, widths, strict=True):
        y += line_h
        items.append(
            style.TextItem(line, ((scale.width_px - width) // 2, y), font_scale, style.WHITE, thickness)
        )
        y += gap
    style.put_texts(image, tuple(items))  # the same cue frame after frame: one cached blend
