"""Landmark and angle smoothing: zero-phase for recordings, causal One-Euro for live coaching.

Both work in numpy only (scipy is not a dependency).

- Offline, every frame is known in advance, so a low-pass filter run forwards then backwards
  (``filtfilt``) removes BlazePose's frame-to-frame jitter with no lag at all: a hold starts, and a
  heel pull peaks, at the same instant as in the raw track.
- Live, only the past is known; the One-Euro filter (Casiez et al., CHI 2012) adapts its cutoff to
  the speed: heavy smoothing while the body holds still (jitter gone), little while it moves (small
  lag).

Neither invents a pose: a frame without a pose stays without one, and a gap (no pose, or a jump in
time) splits the track so the filters never smear across it. Visibility is never smoothed: gating
works on what the model said about each frame.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from formcheck.types import Pose, PoseFrame

SQRT2 = math.sqrt(2.0)
# Two passes of a 2nd-order Butterworth attenuate the design cutoff to 0.5 in power (instead of
# 0.707 in amplitude): dividing the design cutoff by this factor puts the -3 dB point of the
# forward-backward pair at the requested cutoff (Winter, Biomechanics of Human Movement).
FILTFILT_CUTOFF_CORRECTION = (2.0 ** (1.0 / 2.0) - 1.0) ** 0.25


@dataclass(frozen=True, slots=True)
class ZeroPhaseParams:
    """Offline forward-backward 2nd-order Butterworth low-pass."""

    # The exercises move slower than 3 Hz (a ~1 Hz bounce, a heel pull over ~0.6 s); BlazePose's
    # jitter is broadband frame-to-frame noise. 4 Hz keeps every movement and removes most jitter.
    cutoff_hz: float = 4.0
    # A jump in timestamps longer than this is a gap: the filter restarts after it.
    max_gap_s: float = 0.25


@dataclass(frozen=True, slots=True)
class OneEuroParams:
    """One-Euro filter: cutoff = min_cutoff_hz + beta * |smoothed speed|."""

    # Cutoff while still: 1 Hz lets a held position through and removes jitter (~3x less at 30 fps).
    min_cutoff_hz: float = 1.0
    # How fast the cutoff rises with speed, per unit of speed of the filtered quantity (per
    # image-height/s for landmarks, which the pose smoother normalises by the frame height).
    beta: float = 20.0
    # Cutoff for the speed estimate itself; 1 Hz as the original paper recommends.
    d_cutoff_hz: float = 1.0
    # A gap longer than this (no pose, or a jump in time) resets the filter.
    max_gap_s: float = 0.25


# Presets: landmarks are filtered in image heights; angles in degrees (speeds of ~40 deg/s during a
# heel pull lift the cutoff to ~3 Hz with beta 0.05).
POSE_ONE_EURO = OneEuroParams()
ANGLE_ONE_EURO = OneEuroParams(min_cutoff_hz=1.0, beta=0.05, d_cutoff_hz=1.0)


# --- zero-phase Butterworth ---------------------------------------------------------------------


def butterworth_lowpass(cutoff_hz: float, fs_hz: float) -> tuple[np.ndarray, np.ndarray]:
    """2nd-order Butterworth low-pass coefficients (b, a) by the bilinear transform with pre-warping."""
    k = math.tan(math.pi * cutoff_hz / fs_hz)
    norm = 1.0 / (1.0 + SQRT2 * k + k * k)
    b0 = k * k * norm
    b = np.array([b0, 2.0 * b0, b0])
    a = np.array([1.0, 2.0 * (k * k - 1.0) * norm, (1.0 - SQRT2 * k + k * k) * norm])
    return b, a


def _lfilter(b: np.ndarray, a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Biquad (direct form II transposed) along axis 0, starting in steady state at x[0]."""
    y = np.empty_like(x)
    # For a unit-DC-gain low-pass fed a constant c forever, the states are (1 - b0) c and (b2 - a2) c.
    z1 = (1.0 - b[0]) * x[0]
    z2 = (b[2] - a[2]) * x[0]
    for i in range(x.shape[0]):
        xi = x[i]
        yi = b[0] * xi + z1
        z1 = b[1] * xi - a[1] * yi + z2
        z2 = b[2] * xi - a[2] * yi
        y[i] = yi
    return y


def filtfilt(x: np.ndarray, fs_hz: float, cutoff_hz: float) -> np.ndarray:
    """Zero-phase low-pass of ``x`` along axis 0 (any trailing shape).

    The ends are padded with an odd reflection (as scipy's ``filtfilt`` does) so the filter starts on
    a continuation of the signal's trend rather than a step. Returns a copy unchanged when the
    segment is too short or the cutoff is too close to Nyquist to mean anything.
    """
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    design_hz = cutoff_hz / FILTFILT_CUTOFF_CORRECTION
    if n < 3 or design_hz >= 0.45 * fs_hz:
        return x.copy()
    b, a = butterworth_lowpass(design_hz, fs_hz)
    pad = min(n - 1, max(6, int(round(fs_hz / cutoff_hz))))
    head = 2.0 * x[0] - x[pad:0:-1]
    tail = 2.0 * x[-1] - x[-2 : -pad - 2 : -1]
    padded = np.concatenate([head, x, tail], axis=0)
    forward = _lfilter(b, a, padded)
    backward = _lfilter(b, a, forward[::-1])[::-1]
    return backward[pad : pad + n]


def _segments(present: Sequence[bool], timestamps_s: Sequence[float], max_gap_s: float) -> list[range]:
    """Runs of consecutive present items with no time jump longer than ``max_gap_s``."""
    runs: list[range] = []
    start = None
    for i, ok in enumerate(present):
        broken = start is not None and (not ok or timestamps_s[i] - timestamps_s[i - 1] > max_gap_s)
        if broken:
            runs.append(range(start, i))
            start = None
        if ok and start is None:
            start = i
    if start is not None:
        runs.append(range(start, len(present)))
    return runs


def zero_phase_series(
    values: Sequence[float | None],
    fps: float,
    cutoff_hz: float | None = None,
) -> list[float | None]:
    """Zero-phase low-pass of a scalar series sampled at ``fps``; None entries split it and stay None.

    ``cutoff_hz`` defaults to ``ZeroPhaseParams().cutoff_hz``.
    """
    cutoff_hz = ZeroPhaseParams().cutoff_hz if cutoff_hz is None else cutoff_hz
    present = [v is not None and math.isfinite(v) for v in values]
    out: list[float | None] = [None] * len(values)
    times = [i / fps for i in range(len(values))]
    for run in _segments(present, times, max_gap_s=1.5 / fps):
        smoothed = filtfilt(np.array([values[i] for i in run], dtype=float), fps, cutoff_hz)
        for i, v in zip(run, smoothed, strict=True):
            out[i] = float(v)
    return out


def zero_phase_smooth_track(
    frames: list[PoseFrame], fps: float, params: ZeroPhaseParams = ZeroPhaseParams()
) -> list[PoseFrame]:
    """Zero-phase smoothing of every landmark (pixels, depth, world metres) over a whole clip.

    Frames without a pose are kept as they are and split the track; visibility, back contour and
    image size are kept from each frame.
    """
    present = [f.pose is not None for f in frames]
    out = list(frames)
    for run in _segments(present, [f.timestamp_s for f in frames], params.max_gap_s):
        poses = [frames[i].pose for i in run]
        pixels = filtfilt(np.stack([p.landmarks_px for p in poses]), fps, params.cutoff_hz)
        depth = filtfilt(np.stack([p.depth_px for p in poses]), fps, params.cutoff_hz)
        world = None
        if all(p.world_m is not None for p in poses):
            world = filtfilt(np.stack([p.world_m for p in poses]), fps, params.cutoff_hz)
        for k, i in enumerate(run):
            pose = dataclasses.replace(
                poses[k],
                landmarks_px=pixels[k],
                depth_px=depth[k],
                world_m=world[k] if world is not None else poses[k].world_m,
            )
            out[i] = dataclasses.replace(frames[i], pose=pose)
    return out


# --- causal One-Euro ----------------------------------------------------------------------------


def _smoothing_factor(cutoff_hz: float | np.ndarray, dt_s: float) -> float | np.ndarray:
    tau_s = 1.0 / (2.0 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau_s / dt_s)


class OneEuroFilter:
    """One-Euro filter over a scalar or an array (each element filtered on its own speed)."""

    def __init__(self, params: OneEuroParams = POSE_ONE_EURO) -> None:
        self.params = params
        self.reset()

    def reset(self) -> None:
        self._x: np.ndarray | None = None
        self._dx: np.ndarray | None = None
        self._t_s: float | None = None

    def __call__(self, value: float | np.ndarray, t_s: float) -> np.ndarray:
        x = np.asarray(value, dtype=float)
        if self._x is None or self._t_s is None or t_s - self._t_s > self.params.max_gap_s:
            self._x, self._dx, self._t_s = x.copy(), np.zeros_like(x), t_s
            return x.copy()
        dt_s = t_s - self._t_s
        if dt_s <= 0:  # a repeated timestamp: nothing new to integrate
            return self._x.copy()
        speed = (x - self._x) / dt_s
        self._dx = self._dx + _smoothing_factor(self.params.d_cutoff_hz, dt_s) * (speed - self._dx)
        cutoff_hz = self.params.min_cutoff_hz + self.params.beta * np.abs(self._dx)
        self._x = self._x + _smoothing_factor(cutoff_hz, dt_s) * (x - self._x)
        self._t_s = t_s
        return self._x.copy()


class CausalPoseSmoother:
    """Frame-by-frame One-Euro smoothing of landmarks for live use; resets on every gap.

    Coordinates are filtered in units of the frame height so that ``beta`` means the same at any
    resolution.
    """

    def __init__(self, fps: float, params: OneEuroParams = POSE_ONE_EURO) -> None:
        self.fps = fps
        self.params = params
        self._filter = OneEuroFilter(params)

    def reset(self) -> None:
        self._filter.reset()

    def update(self, frame: PoseFrame) -> PoseFrame:
        if frame.pose is None:
            self._filter.reset()
            return frame
        pose: Pose = frame.pose
        scale = float(max(pose.image_size[1], 1))
        stacked = np.concatenate([pose.landmarks_px, pose.depth_px[:, None]], axis=1) / scale
        smoothed = self._filter(stacked, frame.timestamp_s) * scale
        new_pose = dataclasses.replace(pose, landmarks_px=smoothed[:, :2], depth_px=smoothed[:, 2])
        return dataclasses.replace(frame, pose=new_pose)


class CausalSeriesSmoother:
    """One-Euro smoothing of one scalar (an angle) for live use; None resets it and stays None."""

    def __init__(self, params: OneEuroParams = ANGLE_ONE_EURO) -> None:
        self._filter = OneEuroFilter(params)

    def update(self, value: float | None, t_s: float) -> float | None:
        if value is None or not math.isfinite(value):
            self._filter.reset()
            return None
        return float(self._filter(value, t_s))


def one_euro_series(
    values: Sequence[float | None], fps: float, params: OneEuroParams = ANGLE_ONE_EURO
) -> list[float | None]:
    """The causal equivalent of ``zero_phase_series``: what a live run would have shown."""
    smoother = CausalSeriesSmoother(params)
    return [smoother.update(v, i / fps) for i, v in enumerate(values)]
