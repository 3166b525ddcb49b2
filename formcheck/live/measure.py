"""Kinematics frame by frame, causally: the live twin of ``formcheck.pipeline.measure_track``.

Same stages as offline, each in its causal form: BlazePose's leg swaps undone by the forward half of the
offline Viterbi, One-Euro landmark smoothing instead of the
zero-phase filter, the live view tracker instead of the clip-level stabiliser, a trailing median of
the back-contour dip instead of the centred one, and a neutral back reference from a calibration
window ("Lie flat, ribs down — hold still") instead of the clip's low percentile.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import deque

from formcheck.kinematics.frame import compute_frame_angles
from formcheck.kinematics.limb_length import ThighLengthReference
from formcheck.kinematics.lumbar import (
    MAX_PLAUSIBLE_DIP,
    LiveNeutralCalibration,
    NeutralReference,
    arch_from_dip,
)
from formcheck.kinematics.view import (
    SWAP_PRIOR_PER_FRAME,
    ViewTracker,
    estimate_view,
    exchange_leg_labels,
    leg_transition_costs,
)
from formcheck.smoothing import CausalPoseSmoother
from formcheck.types import BackContour, Exercise, FrameAngles, Pose, PoseFrame

# The offline pipeline medians the dip over a centred 0.3 s; live can only look back.
DIP_MEDIAN_WINDOW_S = 0.3
# If the person never holds still long enough to calibrate, fall back to the offline rule (a low
# percentile of the dips seen so far, capped by the population's neutral range) after this long.
CALIBRATION_TIMEOUT_S = 10.0

CALIBRATION_PROMPTS = {
    Exercise.COUCH_STRETCH: "Lie flat, ribs down — hold still",
    Exercise.SPLIT_SQUAT: "Stand tall, ribs down — hold still",
    Exercise.THOMAS_TEST: "Sit tall, ribs down — hold still",
}


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


class LiveLegUnswapper:
    """A causal counterpart of ``unswap_legs`` (which chooses with the whole clip in view).

    Live, each frame's labels are chosen once and kept: the labelling whose knees and ankles jump
    less from the previous frame's (the offline transition costs, so legs held together or a cut
    never trigger it). While the labels are exchanged, the offline prior per exchanged frame is
    summed; once it exceeds the jump that started the stretch, the offline Viterbi would have
    kept BlazePose's labels for such a long stretch, so live hands them back to BlazePose then.
    """

    def __init__(self) -> None:
        self._previous_raw: Pose | None = None
        self._exchanged = False
        self._debt = 0.0  # prior paid since the labels were exchanged
        self._entry_jump = 0.0  # the jump that justified exchanging them

    def update(self, pose: Pose | None) -> Pose | None:
        if pose is None:
            self._previous_raw, self._exchanged, self._debt = None, False, 0.0
            return None
        if self._previous_raw is not None:
            keep, swap = leg_transition_costs([self._previous_raw, pose], None, 1)
            if swap < keep:  # the raw labels jumped: follow the legs, not the labels
                self._exchanged = not self._exchanged
                self._debt, self._entry_jump = 0.0, keep - swap
        self._previous_raw = pose
        if self._exchanged:
            self._debt += SWAP_PRIOR_PER_FRAME
            if self._debt > self._entry_jump:
                self._exchanged = False
        return exchange_leg_labels(pose) if self._exchanged else pose


class LiveMeasurer:
    """PoseFrame in, FrameAngles out, one frame at a time."""

    def __init__(self, fps: float, *, calibration_timeout_s: float = CALIBRATION_TIMEOUT_S) -> None:
        self.fps = fps
        self.calibration_timeout_s = calibration_timeout_s
        self.unswapper = LiveLegUnswapper()
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
        unswapped = dataclasses.replace(frame, pose=self.unswapper.update(frame.pose))
        smoothed = self.smoother.update(unswapped)
        view = self.view_tracker.update(estimate_view(smoothed.pose) if smoothed.pose is not None else None)
        back = self.dip_median.update(smoothed.back, frame.timestamp_s)
        if calibrate and self.reference is None:
            self._calibrate(back, frame.timestamp_s)
        self.thigh_lengths.observe(smoothed.pose)
        return compute_frame_angles(
            smoothed, view, arch_from_dip(back, self.reference), thigh_lengths=self.thigh_lengths
        )

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
