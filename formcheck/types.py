"""The data that flows through formcheck's pipeline, stage by stage.

source -> Frame -> pose -> Pose -> (smoothing) -> kinematics -> FrameAngles -> exercise rules
-> Mistake / cue events -> outputs (Report).

Conventions used everywhere:
- Image coordinates are pixels, x to the right, y down, in the frame's own aspect ratio (never the
  0..1 normalised coordinates BlazePose returns: a 16:9 frame would shear every angle).
- Angles are degrees. A value that cannot be measured is ``None``, never a guess.
- Times are seconds from the source (``timestamp_s``), not frame counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Exercise(str, Enum):
    COUCH_STRETCH = "couch-stretch"
    SPLIT_SQUAT = "split-squat"
    THOMAS_TEST = "thomas-test"
    GLUTE_BRIDGE = "glute-bridge"
    SINGLE_LEG_BRIDGE = "single-leg-bridge"
    PRONE_HIP_EXTENSION = "prone-hip-extension"
    KNEELING_STRETCH = "kneeling-stretch"


class MistakeCode(str, Enum):
    """Mistake codes exactly as they appear in reports (``mistakes[].code``)."""

    BACK_ARCH = "back_arch"
    SHALLOW_RANGE = "shallow_range"
    KNEE_PAST_ANKLE = "knee_past_ankle"
    BOUNCING = "bouncing"
    SHORT_HOLD = "short_hold"
    KNEE_NOT_HUGGED = "knee_not_hugged"
    SHORT_SQUEEZE = "short_squeeze"
    LIFT_TOO_HIGH = "lift_too_high"


class ThomasResult(str, Enum):
    POSITIVE = "positive"  # test thigh floats above horizontal: hip-flexor tightness
    NEGATIVE = "negative"  # test thigh flat (at or below horizontal)
    INVALID = "invalid"  # pelvis not controlled (hug too loose, back arched): no verdict


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded image from a source."""

    index: int
    timestamp_s: float
    image: np.ndarray  # H x W x 3, uint8, BGR (OpenCV order)

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        return int(self.image.shape[1]), int(self.image.shape[0])


@dataclass(frozen=True, slots=True)
class Pose:
    """One person's landmarks in one frame, as a pose backend reports them."""

    landmarks_px: np.ndarray  # (33, 2) float64, pixel coordinates (x right, y down)
    visibility: np.ndarray  # (33,) float64 in 0..1: the backend's confidence the point is visible
    depth_px: np.ndarray  # (33,) float64, relative depth in pixel units; smaller = nearer the camera
    image_size: tuple[int, int]  # (width, height)
    world_m: np.ndarray | None = None  # (33, 3) metres, hip-centred, when the backend provides it
    mask: np.ndarray | None = None  # H x W float32 0..1 person segmentation, when requested

    def point(self, landmark: int) -> np.ndarray:
        return self.landmarks_px[int(landmark)]

    def is_visible(self, landmark: int, threshold: float) -> bool:
        return bool(self.visibility[int(landmark)] >= threshold)


@dataclass(frozen=True, slots=True)
class BackContour:
    """What the segmentation mask says about the shape of the back in one frame.

    ``dip`` is how far the dorsal edge of the silhouette sinks inside the straight line from the
    thoracic bulge to the buttock, in units of the shoulder-hip chord length (0 = straight back,
    larger = more lumbar lordosis). It is the raw observation; turning it into degrees of arch needs
    a neutral reference (see ``formcheck.kinematics.lumbar``).
    """

    dip: float | None
    confidence: float  # 0..1
    reason: str | None = None  # why ``dip`` is None or low-confidence, in words
    # The dorsal edge the dip was read from: its distance behind the chord on the contour's
    # ``N_LINES`` fixed lines (chord lengths, NaN where a line found no edge), packed as little-endian
    # float32: 88 bytes on every frame, where a tuple of floats costs ~750 and NaNs that compare
    # unequal (bytes compare bit for bit, so two identical frames stay equal). None when the dip is.
    profile: bytes | None = None

    def profile_depths(self) -> np.ndarray | None:
        """``profile`` as floats (chord lengths, NaN where no edge), or None."""
        return None if self.profile is None else np.frombuffer(self.profile, dtype="<f4").astype(float)


@dataclass(frozen=True, slots=True)
class PoseFrame:
    """A frame's pose result, stripped of the image and mask so that clips of any length fit."""

    index: int
    timestamp_s: float
    image_size: tuple[int, int]
    pose: Pose | None  # with ``mask=None``: the back contour below is what the mask was for
    back: BackContour | None = None
    # Each labelled leg's colours (``kinematics.leg_appearance``): (left, right) x (thigh, shin) x BGR.
    leg_appearance: np.ndarray | None = None


@dataclass(frozen=True, slots=True)
class ViewEstimate:
    """Where the camera is relative to the body."""

    near_side: Side | None  # the body side nearer the camera
    facing: int  # +1 the person's front points image-right, -1 image-left, 0 unknown
    sagittal_score: float  # 1 = pure side view, 0 = pure front/back view
    is_sagittal: bool  # sagittal angles are trustworthy in this view


@dataclass(frozen=True, slots=True)
class LegAngles:
    """Sagittal angles of one side's hip, thigh and knee. ``None`` = not measurable."""

    trunk_thigh_deg: float | None = None  # 0 = collinear (neutral standing), + = thigh behind trunk line
    hip_extension_deg: float | None = None  # trunk-thigh with the lumbar arch removed
    thigh_inclination_deg: float | None = None  # thigh (hip->knee) from straight down, + = backwards
    thigh_to_horizontal_deg: float | None = None  # + = knee above hip
    knee_flexion_deg: float | None = None  # 0 = straight leg
    shin_inclination_deg: float | None = None  # shin (knee->ankle) from straight down, + = ankle behind knee
    # The knee's height above the lower of the two ankles, in this thigh's lengths: ~0 or below for
    # a knee resting on the floor (kneeling), well above 0 for a knee held off it.
    knee_height_thighs: float | None = None


@dataclass(frozen=True, slots=True)
class LumbarArch:
    arch_deg: float | None  # lumbar extension beyond the neutral reference; None = unmeasurable
    confidence: float  # 0..1
    reason: str | None = None
    # Which neutral ``arch_deg`` is measured from: "clip" (found in this recording), "calibration"
    # (held live on request) or "population" (no neutral moment of this person: the bodies' typical one).
    neutral: str | None = None
    # One standard deviation of ``arch_deg`` (degrees): the neutral reference's own uncertainty
    # (``neutral_uncertainty_deg``) combined with the spread of the dip-to-degrees gain between bodies.
    uncertainty_deg: float | None = None
    neutral_uncertainty_deg: float | None = None


@dataclass(frozen=True, slots=True)
class FrameAngles:
    """Everything kinematics measured in one frame."""

    index: int
    timestamp_s: float
    has_pose: bool
    view: ViewEstimate
    trunk_inclination_deg: float | None  # mid-hip -> mid-shoulder from vertical, + = leaning forward
    left: LegAngles
    right: LegAngles
    lumbar: LumbarArch
    # How sure the left/right legs are the physical left/right legs (``kinematics.leg_identity``):
    # 0 = the legs cannot be told apart in this frame (together, or one collapsed onto the other).
    leg_identity_confidence: float | None = None

    def leg(self, side: Side) -> LegAngles:
        return self.left if side is Side.LEFT else self.right


@dataclass(frozen=True, slots=True)
class Mistake:
    """A mistake seen over a time range, with the cue that fixes it in the seed's own words."""

    code: MistakeCode
    start_s: float
    end_s: float
    peak: float | None  # the worst value reached over the range (unit depends on the code)
    message: str
    side: Side | None = None


@dataclass(frozen=True, slots=True)
class CueEvent:
    """Something the live coach says or shows at a moment: a cue, a count, a phase change."""

    t: float
    kind: str  # "cue", "cue_clear", "phase", "count", "hold_start", "hold_end", "setup", "result"
    code: str  # the mistake code, phase name, counter name or set-up problem
    message: str
    value: float | None = None


@dataclass(slots=True)
class FrameRecord:
    """One row of the report's ``frames`` list (the working side's angles)."""

    t: float
    pose: bool
    hip_extension_deg: float | None = None
    lumbar_arch_deg: float | None = None
    trunk_thigh_deg: float | None = None
    thigh_to_horizontal_deg: float | None = None
    knee_flexion_deg: float | None = None
    lumbar_confidence: float | None = None
    sagittal_score: float | None = None
    phase: str | None = None
    # Below ``leg_identity.LOW_IDENTITY_CONFIDENCE`` the side's angles above are left empty: which leg
    # they belong to is not known in that frame.
    leg_identity_confidence: float | None = None
    # The neutral the arch is measured from ("clip", "calibration", "population") and the arch's
    # uncertainty, 1 sd in degrees (``kinematics.lumbar``). Added in report schema 1.2.
    lumbar_neutral: str | None = None
    lumbar_uncertainty_deg: float | None = None


@dataclass(slots=True)
class StoppedEarly:
    """Where a partly unreadable source stopped being readable."""

    at_s: float
    frame_index: int
    reason: str


@dataclass(slots=True)
class ShotReport:
    """One shot of an edited clip in the report: what it showed and whether it was analysed."""

    number: int  # 1-based, in clip order
    start_s: float
    end_s: float
    kind: str  # "exercise" | "title" | "blank" | "close-up" | "no-body"
    analysed: bool
    reason: str  # how the shot was found, or why it was skipped
    exercise: Exercise | None = None
    side: Side | None = None
    verdict: str | None = None
    mistakes: list[Mistake] = field(default_factory=list)  # those found in this shot (clip times)


@dataclass(slots=True)
class Report:
    """The machine-readable result of analysing one clip: schema ``formcheck.report/1``."""

    source: str
    exercise: Exercise | None
    side: Side | None
    fps: float
    duration_s: float
    frames_total: int
    frames_with_pose: int
    frames: list[FrameRecord] = field(default_factory=list)
    mistakes: list[Mistake] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    stopped_early: StoppedEarly | None = None
    warnings: list[str] = field(default_factory=list)
    shots: list[ShotReport] = field(default_factory=list)  # empty for a report read from an older file

    SCHEMA = "formcheck.report/1.2"  # 1.1 added ``shots``; 1.2 the arch's neutral and uncertainty

    @property
    def is_still(self) -> bool:
        """A photo, judged as one moment (its summary says so: ``formcheck.exercises.still``)."""
        return bool(self.summary.get("still"))
