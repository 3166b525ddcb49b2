"""Is the knee landmark where the thigh is? A bone-length consistency check on the thigh.

A thigh does not change length. BlazePose, though, sometimes pulls a knee landmark away from the
knee for seconds at a time: toward the other, raised knee when a leg hangs off a couch, or onto the
hip when the heel is pulled in. The thigh's angle is then wrong by 10-30 deg while every landmark
still reports full visibility. Its image length gives it away: on the studio's couch clips the
thigh/chord ratio (thigh over the mid-shoulder -> mid-hip chord) stays within 0.96-1.04 of the
clip's typical value in frames whose thigh angle is right, and drops to 0.8-0.9 in most frames
where the knee sits 10+ deg off (``formcheck bench accuracy``).

Foreshortening has to come out first. With the camera turned by a yaw ``phi`` from the side view,
a segment in the body's (vertical) sagittal plane keeps its vertical extent and loses its
horizontal one by cos(phi). A segment seen at an image angle ``beta`` from horizontal therefore has
true length ``image_length * sqrt(cos^2(beta) / cos^2(phi) + sin^2(beta))``. At 30 deg yaw that is
worth 15 %: a lying trunk and a hugged, upright thigh (Thomas test) would look 15 % "too long"
against a lying one. The clip's yaw is not known, so it is estimated as the one that makes the
corrected thigh/chord ratio most constant (``YAW_GRID_DEG``), over the whole clip offline and over
the recent frames live.

The thigh angles of a frame whose corrected ratio strays from the typical one by more than the
clip's tolerance are unmeasurable (None), never guessed. The tolerance is ``THIGH_LENGTH_TOLERANCE``
or ``SPREAD_TOLERANCE_SIGMAS`` times the clip's own robust spread of the ratio, whichever is larger.
A fixed 8 % fits the studio (good frames within 0.96-1.04 of typical); on real clips the ratio of
every frame wanders more (BlazePose's hip point moves with the hip's flexion, clothing changes the
outline, the camera looks down): its median absolute deviation is 3-8 % on the real split squats and
lunges, and a fixed 8 % nulled the thigh angles (and so hip extension) in 24-47 % of their frames
(bss_dumbbell_studio_oblique_05: 134 of 554 frames, lunge_walking_dumbbell_side_03: 308 of 654).
A misplaced knee is an outlier against the clip's own spread, not against the studio's.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable

import numpy as np

from formcheck.landmarks import SIDE_LANDMARKS
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import Pose, Side

# Relative deviation from the typical (foreshortening-corrected) thigh/chord ratio beyond which the
# knee is taken as misplaced.
THIGH_LENGTH_TOLERANCE = 0.08
# The tolerance grows to this many robust standard deviations (1.4826 x median absolute deviation)
# of the clip's own ratios: a frame within 3 sigma of the clip's typical thigh is not an outlier.
SPREAD_TOLERANCE_SIGMAS = 3.0
MAD_TO_SIGMA = 1.4826
# Candidate camera yaws (deg) for the foreshortening correction: the product supports up to 30.
YAW_GRID_DEG = np.arange(0.0, 41.0, 5.0)
# A larger yaw is only preferred when it makes the ratios clearly steadier (relative spread).
YAW_PREFERENCE_MARGIN = 1.1
# Live, the typical length needs this many frames before it judges anything.
MIN_FRAMES_FOR_TYPICAL = 15
# Live, the typical length is drawn from at most this many recent frames (~30 s at 30 fps) and
# re-estimated once this many new frames have arrived (yaw and thigh length change slowly; a fit
# over 900 frames x 9 yaws costs ~1 ms, too much for every live frame).
LIVE_HISTORY_FRAMES = 900
LIVE_REFIT_FRAMES = 30


def thigh_to_chord_ratio(pose: Pose, side: Side) -> float | None:
    """Image length of the hip->knee landmark segment over the mid-shoulder->mid-hip chord."""
    thigh, chord = _thigh_and_chord(pose, side)
    length = float(np.hypot(*chord))
    return None if length < 1e-6 else float(np.hypot(*thigh) / length)


def _thigh_and_chord(pose: Pose, side: Side) -> tuple[np.ndarray, np.ndarray]:
    """Image vectors hip -> knee and mid-hip -> mid-shoulder (plain arithmetic: runs per live frame)."""
    names = SIDE_LANDMARKS[side.value]
    points = pose.landmarks_px
    thigh = points[int(names["knee"])] - points[int(names["hip"])]
    chord = (points[int(L.LEFT_SHOULDER)] + points[int(L.RIGHT_SHOULDER)]) * 0.5 - (
        points[int(L.LEFT_HIP)] + points[int(L.RIGHT_HIP)]
    ) * 0.5
    return thigh, chord


def unforeshortened_length(vectors: np.ndarray, yaw_deg: np.ndarray) -> np.ndarray:
    """True lengths of sagittal-plane image vectors (..., 2) seen at each yaw (broadcast).

    ``length * sqrt(cos^2(beta) / cos^2(phi) + sin^2(beta))`` is ``sqrt(dx^2 / cos^2(phi) + dy^2)``:
    only the horizontal extent was shortened.
    """
    cos_phi_sq = np.cos(np.radians(yaw_deg)) ** 2
    return np.sqrt(vectors[..., 0] ** 2 / cos_phi_sq + vectors[..., 1] ** 2)


def _true_length(dx: float, dy: float, cos_phi_sq: float) -> float:
    """``unforeshortened_length`` of one vector, in plain floats (the per-frame live path)."""
    return math.sqrt(dx * dx / cos_phi_sq + dy * dy)


def _corrected_ratios(thighs: np.ndarray, chords: np.ndarray, yaw_deg: np.ndarray) -> np.ndarray:
    """(yaws, frames) thigh/chord ratios corrected for each candidate yaw."""
    yaw = yaw_deg[:, None]
    return unforeshortened_length(thighs[None], yaw) / np.maximum(
        unforeshortened_length(chords[None], yaw), 1e-6
    )


class ThighLengthReference:
    """Each side's typical corrected thigh/chord ratio, and the check of one frame against it."""

    def __init__(self, history_frames: int | None = None, refit_frames: int = 1) -> None:
        self.refit_frames = refit_frames
        self._thighs: dict[Side, deque[np.ndarray]] = {side: deque(maxlen=history_frames) for side in Side}
        self._chords: dict[Side, deque[np.ndarray]] = {side: deque(maxlen=history_frames) for side in Side}
        # (yaw, typical ratio per side, relative robust spread per side)
        self._fit: tuple[float, dict[Side, float | None], dict[Side, float]] | None = None
        self._new_frames = 0  # frames observed since the last fit

    @classmethod
    def from_poses(cls, poses: Iterable[Pose | None]) -> ThighLengthReference:
        """Offline: the typical length over a whole clip."""
        reference = cls()
        for pose in poses:
            reference.observe(pose)
        return reference

    @classmethod
    def live(cls) -> ThighLengthReference:
        """Live: the typical length over the recent frames, updated as frames arrive."""
        return cls(LIVE_HISTORY_FRAMES, LIVE_REFIT_FRAMES)

    def observe(self, pose: Pose | None) -> None:
        if pose is None:
            return
        observed = False
        for side in Side:
            thigh, chord = _thigh_and_chord(pose, side)
            # a non-finite landmark or a collapsed trunk says nothing about the thigh's length
            # (plain floats: the same test as the numpy one, at a fraction of its cost per frame)
            thigh_x, thigh_y, chord_x, chord_y = (
                float(thigh[0]),
                float(thigh[1]),
                float(chord[0]),
                float(chord[1]),
            )
            finite = all(math.isfinite(v) for v in (thigh_x, thigh_y, chord_x, chord_y))
            if finite and np.hypot(chord_x, chord_y) >= 1e-6:
                self._thighs[side].append(thigh)
                self._chords[side].append(chord)
                observed = True
        self._new_frames += observed

    def fit(self, side: Side) -> tuple[float, float] | None:
        """(estimated camera yaw in deg, typical corrected ratio of ``side``), or None too early."""
        if self._new_frames and (self._new_frames >= self.refit_frames or self._fit is None):
            self._fit = self._estimate()
            self._new_frames = 0
        if self._fit is None:
            return None
        yaw_deg, typical, _ = self._fit
        return None if typical[side] is None else (yaw_deg, typical[side])

    def tolerance(self, side: Side) -> float:
        """The relative deviation from typical beyond which ``side``'s knee counts as misplaced."""
        spread = self._fit[2].get(side, 0.0) if self.fit(side) is not None and self._fit is not None else 0.0
        return max(THIGH_LENGTH_TOLERANCE, SPREAD_TOLERANCE_SIGMAS * MAD_TO_SIGMA * spread)

    def yaw_deg(self) -> float | None:
        """The camera's |yaw| that keeps the thighs' corrected lengths steadiest; None too early."""
        for side in Side:
            fitted = self.fit(side)
            if fitted is not None:
                return fitted[0]
        return None

    def typical(self, side: Side) -> float | None:
        fitted = self.fit(side)
        return None if fitted is None else fitted[1]

    def _estimate(self) -> tuple[float, dict[Side, float | None], dict[Side, float]] | None:
        """One yaw for both legs (one camera), the one that makes both corrected ratios steadiest."""
        ratios = {
            side: _corrected_ratios(np.array(self._thighs[side]), np.array(self._chords[side]), YAW_GRID_DEG)
            for side in Side
            if len(self._thighs[side]) >= MIN_FRAMES_FOR_TYPICAL
        }
        if not ratios:
            return None
        medians = {side: np.median(r, axis=1) for side, r in ratios.items()}
        # robust spread (misplaced knees are outliers), relative, summed over the legs
        spreads = {
            side: np.median(np.abs(r - medians[side][:, None]), axis=1) / np.maximum(medians[side], 1e-6)
            for side, r in ratios.items()
        }
        spread = sum(spreads.values())
        # The smallest yaw that is about as steady as the steadiest: while thighs and trunk point the
        # same way (standing, say) every yaw fits equally and the estimate must not wander.
        best = int(np.flatnonzero(spread <= spread.min() * YAW_PREFERENCE_MARGIN + 1e-4)[0])
        # a typical thigh of no length (the knee landmark sat on the hip) is no reference at all
        typical = {
            side: float(medians[side][best]) if side in medians and medians[side][best] > 1e-6 else None
            for side in Side
        }
        return float(YAW_GRID_DEG[best]), typical, {side: float(s[best]) for side, s in spreads.items()}

    def consistent(self, pose: Pose, side: Side, tolerance: float | None = None) -> bool:
        """False when this frame's thigh is clearly longer or shorter than the person's thigh
        (by more than ``tolerance``, by default the clip's own: ``tolerance(side)``)."""
        fitted = self.fit(side)
        if fitted is None:
            return True  # nothing to compare with yet: the other gates (visibility, view) still apply
        yaw_deg, typical = fitted
        thigh, chord = _thigh_and_chord(pose, side)
        cos_phi_sq = math.cos(math.radians(yaw_deg)) ** 2
        chord_length = _true_length(float(chord[0]), float(chord[1]), cos_phi_sq)
        if not chord_length >= 1e-6:  # also NaN
            return True
        ratio = _true_length(float(thigh[0]), float(thigh[1]), cos_phi_sq) / chord_length
        if not math.isfinite(ratio):
            return True  # non-finite landmarks: the visibility gate and the angle code reject them
        allowed = self.tolerance(side) if tolerance is None else tolerance
        return abs(ratio / typical - 1.0) <= allowed
