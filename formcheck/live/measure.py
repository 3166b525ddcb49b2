"""Kinematics frame by frame, causally: the live twin of ``formcheck.pipeline.measure_track``.

Same stages as offline, each in its causal form: BlazePose's leg swaps undone by the same leg-identity
tracker (it is causal already), One-Euro landmark smoothing instead of the zero-phase filter, the live view tracker instead of the clip-level stabiliser, a trailing median of
the back-contour dip instead of the centred one, and a neutral back reference from a calibration
window ("Lie flat, ribs down — hold still") instead of one found in the clip; until then the arch
is read against the population's neutral (``kinematics.lumbar``), with its between-body uncertainty.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import deque

from formcheck.exercises.registry import spec_for
from formcheck.kinematics.angles import trunk_inclination_deg
from formcheck.kinematics.arch_model import posture_of
from formcheck.kinematics.frame import compute_frame_angles
from formcheck.kinematics.leg_identity import LegIdentityTracker
from formcheck.kinematics.limb_length import ThighLengthReference
from formcheck.kinematics.lumbar import (
    MAX_PLAUSIBLE_DIP,
    LiveNeutralCalibration,
    NeutralReference,
    arch_from_dip,
)
from formcheck.kinematics.unseen_back import CausalBackForHip
from formcheck.kinematics.view import ViewTracker, estimate_view, exchange_leg_labels
from formcheck.smoothing import CausalPoseSmoother
from formcheck.types import BackContour, Exercise, FrameAngles, PoseFrame

# The offline pipeline medians the dip over a centred 0.3 s; live can only look back.
DIP_MEDIAN_WINDOW_S = 0.3
# If the person never holds still long enough to calibrate, fall back to the offline rule over the
# dips seen while asked (steady, in the plausible neutral band, in the posture's resting line) after
# this long.
CALIBRATION_TIMEOUT_S = 10.0


def calibration_prompt(exercise: Exercise) -> str:
    """What to do while the neutral back is calibrated ("Lie flat, ribs down — hold still")."""
    return spec_for(exercise).coaching.calibration_prompt


class TrailingDipMedian:
    """Median of the confident dips over the last ``window_s`` (gaps stay gaps)."""

    def __init__(self, window_s: float = DIP_MEDIAN_WINDOW_S) -> None:
        self.window_s = window_s
        self._recent: deque[tuple[float, float]] = deque()

    def update(self, back: BackContour | None, t_s: float) -> BackContour | None:
        while self._recent and self._recent[0][0] < t_s - self.window_s:
            self._recent.popleft()
        if back is None or back.dip is None or back.dip > MAX_PLAUSIBLE_DIP:
            return back  # as offline (lumbar.smooth_dips): artefacts stay out of the median
        self._recent.append((t_s, back.dip))
        # statistics.median: the same value as np.median (middle one, or the mean of the two middle
        # ones) for the few dips in the window, without numpy's ~25 us of overhead per call.
        median = float(statistics.median(dip for _, dip in self._recent))
        return BackContour(median, back.confidence, back.reason)

    def reset(self) -> None:
        self._recent.clear()


class LiveMeasurer:
    """PoseFrame in, FrameAngles out, one frame at a time."""

    def __init__(self, fps: float, *, calibration_timeout_s: float = CALIBRATION_TIMEOUT_S) -> None:
        self.fps = fps
        self.calibration_timeout_s = calibration_timeout_s
        self.leg_identity = LegIdentityTracker(fps)
        self.smoother = CausalPoseSmoother(fps)
        self.view_tracker = ViewTracker(fps)
        self.dip_median = TrailingDipMedian()
        self.thigh_lengths = ThighLengthReference.live()
        self.calibration = LiveNeutralCalibration()
        self.back_for_hip = CausalBackForHip()
        self.reference: NeutralReference | None = None
        self._calibrating_since_s: float | None = None
        self._seen_backs: list[BackContour | None] = []
        self._seen_times: list[float] = []
        self._seen_inclinations: list[float | None] = []

    @property
    def calibrated(self) -> bool:
        return self.reference is not None

    def measure(self, frame: PoseFrame, *, calibrate: bool) -> FrameAngles:
        """Angles of one frame; ``calibrate`` = the person has been asked to hold a neutral back."""
        # Facing 0: live has no stabilised facing before the legs are fixed; a turn-around then reads
        # as an undecided stretch, after which the chain restarts from BlazePose's labels.
        identity = self.leg_identity.update(frame.pose, 0, frame.leg_appearance)
        if frame.pose is not None and identity.exchanged:
            unswapped = dataclasses.replace(frame, pose=exchange_leg_labels(frame.pose))
        else:  # the frame as it came (no copy: PoseFrame is frozen)
            unswapped = frame
        smoothed = self.smoother.update(unswapped)
        view = self.view_tracker.update(estimate_view(smoothed.pose) if smoothed.pose is not None else None)
        back = self.dip_median.update(smoothed.back, frame.timestamp_s)
        facing = view.facing if view is not None and view.facing else 1
        inclination = trunk_inclination_deg(smoothed.pose, facing) if smoothed.pose is not None else None
        if calibrate and self.reference is None:
            self._calibrate(back, frame.timestamp_s, inclination)
        self.thigh_lengths.observe(smoothed.pose)
        # Before calibration, and in another posture than the one calibrated in (a Thomas test is
        # calibrated sitting, then lies back), the arch is read against the population's neutral.
        same_posture = self.reference is not None and posture_of(inclination) is self.calibration.posture
        arch = arch_from_dip(
            back, self.reference if same_posture else None, trunk_inclination_deg=inclination
        )
        # as offline (pipeline.measure_track): a hidden back still leaves the legs' hip extension
        return compute_frame_angles(
            smoothed,
            view,
            arch,
            thigh_lengths=self.thigh_lengths,
            back_for_hip=self.back_for_hip.update(arch),
            leg_identity_confidence=round(identity.confidence, 3) if frame.pose is not None else None,
        )

    def _calibrate(self, back: BackContour | None, t_s: float, inclination: float | None) -> None:
        if self._calibrating_since_s is None:
            self._calibrating_since_s = t_s
        self._seen_backs.append(back)
        self._seen_times.append(t_s)
        self._seen_inclinations.append(inclination)
        held_still = self.calibration.update(back, t_s, inclination)
        if held_still is not None:
            self.reference = held_still
        if self.reference is None and t_s - self._calibrating_since_s >= self.calibration_timeout_s:
            # The person was asked to hold a neutral back, so no excursion away from it is required.
            found = NeutralReference.from_clip(
                self._seen_backs,
                self._seen_times,
                self._seen_inclinations,
                posture=self.calibration.posture,
                require_excursion=False,
            )
            if found is not None:
                self.reference = dataclasses.replace(found, source="calibration")
            else:  # no steady neutral moment: keep the population's neutral, the window restarts
                self._calibrating_since_s = t_s
                self._seen_backs.clear()
                self._seen_times.clear()
                self._seen_inclinations.clear()

    def calibration_progress(self) -> float:
        return 1.0 if self.reference is not None else self.calibration.progress

    def reset_calibration(self) -> None:
        self.calibration.reset()
        self.reference = None
        self._calibrating_since_s = None
        self._seen_backs.clear()
        self._seen_times.clear()
        self._seen_inclinations.clear()
