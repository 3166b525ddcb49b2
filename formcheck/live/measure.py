"""Kinematics frame by frame, causally: the live twin of ``formcheck.pipeline.measure_track``.

Same stages as offline, each in its causal form: BlazePose's leg swaps undone by the same leg-identity
tracker (it is causal already), One-Euro landmark smoothing instead of the zero-phase filter, the live view tracker instead of the clip-level stabiliser, a trailing median of
the back-contour dip instead of the centred one, and a neutral back reference from a calibration
window ("Lie flat, ribs down — hold still") instead of the clip's low percentile.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import deque

from formcheck.exercises.registry import spec_for
from formcheck.kinematics.frame import compute_frame_angles
from formcheck.kinematics.leg_identity import LegIdentityTracker
from formcheck.kinematics.limb_length import ThighLengthReference
from formcheck.kinematics.lumbar import (
    MAX_PLAUSIBLE_DIP,
    LiveNeutralCalibration,
    NeutralReference,
    arch_from_dip,
)
from formcheck.kinematics.view import ViewTracker, estimate_view, exchange_leg_labels
from formcheck.smoothing import CausalPoseSmoother
from formcheck.types import BackContour, Exercise, FrameAngles, PoseFrame

# The offline pipeline medians the dip over a centred 0.3 s; live can only look back.
DIP_MEDIAN_WINDOW_S = 0.3
# If the person never holds still long enough to calibrate, fall back to the offline rule (a low
# percentile of the dips seen so far, capped by the population's neutral range) after this long.
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
        self.reference: NeutralReference | None = None
        self._calibrating_since_s: float | None = None
        self._seen_backs: list[BackContour | None] = []
        self._seen_times: list[float] = []

    @property
    def calibrated(self) -> bool:
        return self.reference is not None

    def measure(self, frame: PoseFrame, *, calibrate: bool) -> FrameAngles:
        """Angles of one frame; ``calibrate`` = the person has been asked to hold a neutral back."""
        # Facing 0: live has no stabilised facing before the legs are fixed; a turn-around then reads
        # as an undecided stretch, after which the chain restarts from BlazePose's labels.
        identity = self.leg_identity.update(frame.pose, 0, frame.leg_appearance)
        pose = (
            exchange_leg_labels(frame.pose) if frame.pose is not None and identity.exchanged else frame.pose
        )
        unswapped = dataclasses.replace(frame, pose=pose)
        smoothed = self.smoother.update(unswapped)
        view = self.view_tracker.update(estimate_view(smoothed.pose) if smoothed.pose is not None else None)
        back = self.dip_median.update(smoothed.back, frame.timestamp_s)
        if calibrate and self.reference is None:
            self._calibrate(back, frame.timestamp_s)
        self.thigh_lengths.observe(smoothed.pose)
        angles = compute_frame_angles(
            smoothed, view, arch_from_dip(back, self.reference), thigh_lengths=self.thigh_lengths
        )
        confidence = round(identity.confidence, 3) if frame.pose is not None else None
        return dataclasses.replace(angles, leg_identity_confidence=confidence)

    def _calibrate(self, back: BackContour | None, t_s: float) -> None:
        if self._calibrating_since_s is None:
            self._calibrating_since_s = t_s
        self._seen_backs.append(back)
        self._seen_times.append(t_s)
        held_still = self.calibration.update(back, t_s)
        if held_still is not None:
            self.reference = self._offline_rule_over_window(held_still, t_s)
        if self.reference is None and t_s - self._calibrating_since_s >= self.calibration_timeout_s:
            self.reference = NeutralReference.from_clip(self._seen_backs, self._seen_times)
            if self.reference is None:  # not even five confident frames: keep trying, window restarts
                self._calibrating_since_s = t_s
                self._seen_backs.clear()
                self._seen_times.clear()

    def _offline_rule_over_window(self, held_still: NeutralReference, t_s: float) -> NeutralReference:
        """The neutral reference from the still window by the offline rule (a low percentile of
        the dips, capped), not the window's median, so live arch degrees match ``analyze``'s: the
        median sits ~0.003 chord lengths (~1.5 deg) above the 10th percentile, enough to split a
        back-arch flag hovering near its off-threshold into pieces."""
        window_start = t_s - self.calibration.duration_s
        pairs = [(b, t) for b, t in zip(self._seen_backs, self._seen_times, strict=True) if t >= window_start]
        offline = NeutralReference.from_clip([b for b, _ in pairs], [t for _, t in pairs])
        if offline is None:
            return held_still
        return NeutralReference(offline.dip, "calibration", offline.frames_used)

    def calibration_progress(self) -> float:
        return 1.0 if self.reference is not None else self.calibration.progress

    def reset_calibration(self) -> None:
        self.calibration.reset()
        self.reference = None
        self._calibrating_since_s = None
        self._seen_backs.clear()
        self._seen_times.clear()
