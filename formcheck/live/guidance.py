"""Set-up guidance: is the person placed so that the angles mean something?

Checked every frame before anything is scored: enough light, one person, side-on to the camera,
hips, knees and ankles inside the frame. The session starts scoring only after the set-up has been
right for ``ready_after_s`` without a break; once scoring, a problem must last ``lost_after_s``
before guidance comes back, so one bad BlazePose frame does not interrupt a hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np
from scipy import ndimage

from formcheck.landmarks import PoseLandmark as L
from formcheck.types import Pose, ViewEstimate


class SetupProblem(str, Enum):
    TOO_DARK = "too_dark"
    NO_PERSON = "no_person"
    SEVERAL_PEOPLE = "several_people"
    NOT_SIDE_ON = "not_side_on"
    NOT_IN_FRAME = "not_in_frame"


SETUP_MESSAGES = {
    SetupProblem.TOO_DARK: "Too dark — turn on a light or face a window",
    SetupProblem.NO_PERSON: "Step into view of the camera",
    SetupProblem.SEVERAL_PEOPLE: "Only one person in view",
    SetupProblem.NOT_SIDE_ON: "Turn side-on to the camera",
    SetupProblem.NOT_IN_FRAME: "Step back — hips, knees and ankles must be in frame",
}


@dataclass(frozen=True, slots=True)
class SetupLimits:
    min_mean_luma: float = 40.0  # 0..255; below it BlazePose loses the limbs of a dark-clothed person
    visibility: float = 0.5
    edge_margin_frac: float = 0.01  # a joint this close to the border is probably cut off
    # A second mask blob at least this share of the tracked person's blob counts as another person.
    other_person_area_frac: float = 0.25
    mask_threshold: float = 0.5
    mask_step_px: int = 8  # inspect the mask on a grid this coarse: enough for person-sized blobs


def mean_luma(image: np.ndarray, step_px: int = 8) -> float:
    """Mean brightness (0..255) of a BGR image, sampled on a coarse grid (cheap every frame)."""
    sample = image[::step_px, ::step_px].astype(np.float32)
    return float((0.114 * sample[..., 0] + 0.587 * sample[..., 1] + 0.299 * sample[..., 2]).mean())


def other_person_share(
    mask: np.ndarray | None, pose: Pose, limits: SetupLimits = SetupLimits()
) -> float | None:
    """Area of the largest mask blob not holding the tracked hips, over the tracked person's blob.

    BlazePose tracks one person and segments around it, so this only sees a second person who
    comes near the tracked one; it is still the cheapest signal that someone walked into view.
    """
    if mask is None:
        return None
    coarse = mask[:: limits.mask_step_px, :: limits.mask_step_px] > limits.mask_threshold
    labels, count = ndimage.label(coarse)
    if count <= 1:
        return 0.0
    areas = np.bincount(labels.ravel())[1:]
    hips = (pose.landmarks_px[int(L.LEFT_HIP)] + pose.landmarks_px[int(L.RIGHT_HIP)]) / 2
    row = int(np.clip(hips[1] / limits.mask_step_px, 0, coarse.shape[0] - 1))
    col = int(np.clip(hips[0] / limits.mask_step_px, 0, coarse.shape[1] - 1))
    tracked = labels[row, col]
    if tracked == 0:
        tracked = int(np.argmax(areas)) + 1
    others = [area for index, area in enumerate(areas, start=1) if index != tracked]
    return float(max(others) / areas[tracked - 1])


def joints_in_frame(pose: Pose, limits: SetupLimits = SetupLimits()) -> bool:
    """Every one of hip, knee and ankle is visible inside the frame on at least one side."""
    width, height = pose.image_size
    margin_x, margin_y = limits.edge_margin_frac * width, limits.edge_margin_frac * height
    for pair in ((L.LEFT_HIP, L.RIGHT_HIP), (L.LEFT_KNEE, L.RIGHT_KNEE), (L.LEFT_ANKLE, L.RIGHT_ANKLE)):
        seen = False
        for landmark in pair:
            x, y = pose.landmarks_px[int(landmark)]
            inside = margin_x <= x <= width - margin_x and margin_y <= y <= height - margin_y
            seen = seen or (inside and pose.is_visible(landmark, limits.visibility))
        if not seen:
            return False
    return True


def setup_problems(
    luma: float,
    pose: Pose | None,
    view: ViewEstimate | None,
    other_share: float | None,
    limits: SetupLimits = SetupLimits(),
) -> tuple[SetupProblem, ...]:
    """Everything wrong with the set-up in one frame, most fundamental first."""
    problems: list[SetupProblem] = []
    if luma < limits.min_mean_luma:
        problems.append(SetupProblem.TOO_DARK)
    if pose is None:
        problems.append(SetupProblem.NO_PERSON)
        return tuple(problems)
    if other_share is not None and other_share >= limits.other_person_area_frac:
        problems.append(SetupProblem.SEVERAL_PEOPLE)
    if view is not None and not view.is_sagittal:
        problems.append(SetupProblem.NOT_SIDE_ON)
    if not joints_in_frame(pose, limits):
        problems.append(SetupProblem.NOT_IN_FRAME)
    return tuple(problems)


class SetupGate:
    """Turns per-frame problems into 'scoring may run' with hysteresis in both directions."""

    def __init__(self, ready_after_s: float = 1.0, lost_after_s: float = 2.0) -> None:
        self.ready_after_s = ready_after_s
        self.lost_after_s = lost_after_s
        self.ready = False
        self._since_s: float | None = None  # when the current good (or bad) stretch began
        self.problems: tuple[SetupProblem, ...] = ()

    def update(self, t_s: float, problems: tuple[SetupProblem, ...]) -> bool:
        """Feed one frame's problems; returns whether scoring may run now."""
        wanted_change = bool(problems) if self.ready else not problems
        if not wanted_change:
            self._since_s = None
        elif self._since_s is None:
            self._since_s = t_s
        if self._since_s is not None:
            wait = self.lost_after_s if self.ready else self.ready_after_s
            if t_s - self._since_s >= wait:
                self.ready = not self.ready
                self._since_s = None
        self.problems = problems
        return self.ready

    def messages(self) -> tuple[str, ...]:
        """What to tell the person now: nothing while scoring runs (short glitches must not interrupt)."""
        if self.ready:
            return ()
        return tuple(SETUP_MESSAGES[p] for p in self.problems)

    def reset(self) -> None:
        self.ready = False
        self._since_s = None
        self.problems = ()
