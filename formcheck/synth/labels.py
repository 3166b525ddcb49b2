"""Clip-level labels derived from a clip's per-frame truth, by explicit rules (no judgement calls).

A mistake is labelled when its rule holds for at least ``MIN_MISTAKE_S`` (1 s); a clip is clean of it
when the quantity stays clearly on the good side throughout. A value in between makes the clip
ambiguous, which is a bug in the scenario (``AmbiguousClip``), never silently labelled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from formcheck.types import Exercise, MistakeCode, ThomasResult

MIN_MISTAKE_S = 1.0
BACK_ARCH_MIN_DEG = 15.0
CLEAN_ARCH_MAX_DEG = 5.0
COUCH_SHALLOW_MIN_DEG = 0.0  # thigh-to-horizontal at or above the couch line throughout
COUCH_DEEP_MAX_DEG = -10.0
SPLIT_KNEE_BEHIND_MIN_DEG = 5.0  # rear thigh inclination: knee behind the hip line
SPLIT_SHALLOW_MAX_DEG = 0.0
FRONT_SHIN_PAST_MIN_DEG = 30.0
FRONT_SHIN_CLEAN_MAX_DEG = 15.0
BOUNCE_RANGE_MIN_DEG = 16.0  # knee flexion peak-to-peak within a 2 s window (+-8 deg)
BOUNCE_CLEAN_MAX_DEG = 6.0
BOUNCE_WINDOW_S = 2.0
MIN_HOLD_S = 20.0
THOMAS_POSITIVE_MIN_DEG = 8.0
THOMAS_NEGATIVE_MAX_DEG = 0.0
HUG_LOOSE_MAX_DEG = 90.0
HUG_TIGHT_MIN_DEG = 110.0
BRIDGE_SHALLOW_MAX_DEG = -10.0  # trunk-thigh at the top: hips short of the shoulder-knee line
BRIDGE_LINE_MIN_DEG = -4.0
# True hip extension (the truth's ``hip_extension_deg``, thigh against the pelvis axis): the seeds'
# range ("Hangs the leg into true hip extension"; "back knee slightly behind your hip line — that's
# true hip extension") is hip extension beyond 0, whatever the pelvis does. At or below 0 for >= 1 s
# of the judged frames there is none: shallow. Clean when the whole judged stretch is "slightly"
# beyond it, the same 5-deg margin as the knee-behind-the-line label above.
TRUE_RANGE_SHALLOW_MAX_DEG = 0.0
TRUE_RANGE_CLEAN_MIN_DEG = 5.0
SHORT_SQUEEZE_MAX_S = 2.0  # "squeeze at the top 3 sec"
SQUEEZE_MIN_S = 3.0
# Prone hip extension: the hip's extension above its rest on the mat (the clip's first frame). 2 inches
# of a 38-cm thigh is 7.7 deg; 12 deg is 3.5 inches of an average (43-cm) thigh.
PRONE_LIFT_CLEAN_MAX_DEG = 8.0
PRONE_LIFT_TOO_HIGH_MIN_DEG = 12.0

LABEL_RULES = {
    "back_arch": f"lumbar_arch_deg >= {BACK_ARCH_MIN_DEG:g} for >= {MIN_MISTAKE_S:g} s; clean when <= {CLEAN_ARCH_MAX_DEG:g} throughout",
    "shallow_range (couch-stretch)": f"thigh_to_horizontal_deg >= {COUCH_SHALLOW_MIN_DEG:g} throughout; clean when <= {COUCH_DEEP_MAX_DEG:g} throughout",
    "shallow_range (split-squat)": f"rear thigh_inclination_deg <= {SPLIT_SHALLOW_MAX_DEG:g} (knee not behind the hip line) for >= 1 s of a hold; clean when >= {SPLIT_KNEE_BEHIND_MIN_DEG:g} throughout the holds",
    "knee_past_ankle": f"front shin inclination (other_shin_inclination_deg) >= {FRONT_SHIN_PAST_MIN_DEG:g} for >= 1 s of a hold; clean when <= {FRONT_SHIN_CLEAN_MAX_DEG:g}",
    "bouncing": f"larger of the two knees' flexion range within a {BOUNCE_WINDOW_S:g} s window of a hold >= {BOUNCE_RANGE_MIN_DEG:g} (+-8); clean when <= {BOUNCE_CLEAN_MAX_DEG:g}",
    "short_hold": f"a hold shorter than {MIN_HOLD_S:g} s; clean when every hold lasts >= {MIN_HOLD_S:g} s",
    "knee_not_hugged": f"hugged hip flexion (other_hip_flexion_deg) < {HUG_LOOSE_MAX_DEG:g} for >= 1 s of the hold; clean when >= {HUG_TIGHT_MIN_DEG:g}",
    "shallow_range (glute-bridge, single-leg-bridge)": f"trunk_thigh_deg <= {BRIDGE_SHALLOW_MAX_DEG:g} (hips short of the shoulder-knee line) for >= 1 s of a squeeze; clean when >= {BRIDGE_LINE_MIN_DEG:g} throughout the squeezes",
    "shallow_range on true hip extension (couch-stretch, split-squat)": f"hip_extension_deg <= {TRUE_RANGE_SHALLOW_MAX_DEG:g} for >= {MIN_MISTAKE_S:g} s of the judged frames (couch stretch: every frame; split squat: the holds); clean when >= {TRUE_RANGE_CLEAN_MIN_DEG:g} throughout them; else ambiguous (not scored)",
    "shallow_range (kneeling-stretch)": f"kneeling hip_extension_deg <= {TRUE_RANGE_SHALLOW_MAX_DEG:g} for >= 1 s of the hold; clean when >= {TRUE_RANGE_CLEAN_MIN_DEG:g} throughout the hold",
    "short_squeeze": f"a squeeze at the top shorter than {SHORT_SQUEEZE_MAX_S:g} s; clean when every squeeze lasts >= {SQUEEZE_MIN_S:g} s",
    "lift_too_high (prone-hip-extension)": f"hip_extension_deg above its value in the first (resting) frame >= {PRONE_LIFT_TOO_HIGH_MIN_DEG:g} for >= {MIN_MISTAKE_S:g} s; clean when <= {PRONE_LIFT_CLEAN_MAX_DEG:g} throughout",
    "thomas_result": f"invalid when knee_not_hugged or back_arch; else negative when the test thigh_to_horizontal_deg <= {THOMAS_NEGATIVE_MAX_DEG:g} throughout the hold, positive when >= {THOMAS_POSITIVE_MIN_DEG:g} throughout",
}


class AmbiguousClip(ValueError):
    """A scenario produced values between the clean and the mistake thresholds."""


@dataclass(frozen=True)
class ClipLabels:
    mistakes: list[MistakeCode]
    intervals: list[dict]
    thomas_result: ThomasResult | None


def runs(mask: np.ndarray, t: np.ndarray, min_s: float) -> list[tuple[float, float]]:
    """(start_s, end_s) of the runs of True in ``mask`` lasting at least ``min_s``."""
    found = []
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
    start = None
    for i, flag in enumerate(list(mask) + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if t[i - 1] - t[start] + dt >= min_s - 1e-9:
                found.append((float(t[start]), float(t[i - 1] + dt)))
            start = None
    return found


def _rule(
    code: MistakeCode,
    values: np.ndarray,
    t: np.ndarray,
    bad: Callable[[np.ndarray], np.ndarray],
    clean: Callable[[np.ndarray], np.ndarray],
    out: list[tuple[MistakeCode, float, float]],
) -> None:
    if len(values) == 0:
        return
    spans = runs(bad(values), t, MIN_MISTAKE_S)
    if spans:
        out.extend((code, a, b) for a, b in spans)
    elif not clean(values).all():
        raise AmbiguousClip(f"{code.value}: values between the clean and mistake thresholds")


def _hold_mask(frames: Sequence[dict], prefix: str = "hold") -> np.ndarray:
    return np.array([str(f["phase"]).startswith(prefix) for f in frames])


def _series(frames: Sequence[dict], key: str) -> np.ndarray:
    return np.array([f[key] for f in frames], dtype=float)


def _bounce_range(knee: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Per frame: knee-flexion peak-to-peak over the centred window (inside the same hold)."""
    half = BOUNCE_WINDOW_S / 2.0
    return np.array([np.ptp(knee[(t >= ti - half) & (t <= ti + half)]) for ti in t])


def _split_squat(frames: Sequence[dict], t: np.ndarray, holds: Sequence[dict], out: list) -> None:
    hold = _hold_mask(frames)
    th, sh = t[hold], _series(frames, "thigh_inclination_deg")[hold]
    _rule(
        MistakeCode.SHALLOW_RANGE,
        sh,
        th,
        lambda v: v <= SPLIT_SHALLOW_MAX_DEG,
        lambda v: v >= SPLIT_KNEE_BEHIND_MIN_DEG,
        out,
    )
    front = _series(frames, "other_shin_inclination_deg")[hold]
    _rule(
        MistakeCode.KNEE_PAST_ANKLE,
        front,
        th,
        lambda v: v >= FRONT_SHIN_PAST_MIN_DEG,
        lambda v: v <= FRONT_SHIN_CLEAN_MAX_DEG,
        out,
    )
    knees = [_series(frames, "knee_flexion_deg"), _series(frames, "other_knee_flexion_deg")]
    for h in holds:
        inside = (t >= h["start_s"]) & (t < h["end_s"])
        ranges = np.maximum(*[_bounce_range(knee[inside], t[inside]) for knee in knees])
        _rule(
            MistakeCode.BOUNCING,
            ranges,
            t[inside],
            lambda v: v >= BOUNCE_RANGE_MIN_DEG,
            lambda v: v <= BOUNCE_CLEAN_MAX_DEG,
            out,
        )
        # a hold the clip's ends cut short ("cut", windowed clips) says nothing about its length
        if h["end_s"] - h["start_s"] < MIN_HOLD_S and not h.get("cut"):
            out.append((MistakeCode.SHORT_HOLD, h["start_s"], h["end_s"]))


def _bridge(frames: Sequence[dict], t: np.ndarray, squeezes: Sequence[dict], out: list) -> None:
    top = _hold_mask(frames, "squeeze")
    _rule(
        MistakeCode.SHALLOW_RANGE,
        _series(frames, "trunk_thigh_deg")[top],
        t[top],
        lambda v: v <= BRIDGE_SHALLOW_MAX_DEG,
        lambda v: v >= BRIDGE_LINE_MIN_DEG,
        out,
    )
    for squeeze in squeezes:
        held = squeeze["end_s"] - squeeze["start_s"]
        if held < SHORT_SQUEEZE_MAX_S:
            out.append((MistakeCode.SHORT_SQUEEZE, squeeze["start_s"], squeeze["end_s"]))
        elif held < SQUEEZE_MIN_S:
            raise AmbiguousClip(
                f"short_squeeze: a {held:.1f}-s squeeze is between the clean and short thresholds"
            )


def _kneeling(frames: Sequence[dict], t: np.ndarray, out: list) -> None:
    """The studio's kneeling clips start and end in the stretch, so no hold there is short."""
    hold = _hold_mask(frames)
    _rule(
        MistakeCode.SHALLOW_RANGE,
        _series(frames, "hip_extension_deg")[hold],
        t[hold],
        lambda v: v <= TRUE_RANGE_SHALLOW_MAX_DEG,
        lambda v: v >= TRUE_RANGE_CLEAN_MIN_DEG,
        out,
    )


def _thomas(frames: Sequence[dict], t: np.ndarray, out: list) -> ThomasResult:
    hold = _hold_mask(frames)
    hug = _series(frames, "other_hip_flexion_deg")[hold]
    _rule(
        MistakeCode.KNEE_NOT_HUGGED,
        hug,
        t[hold],
        lambda v: v < HUG_LOOSE_MAX_DEG,
        lambda v: v >= HUG_TIGHT_MIN_DEG,
        out,
    )
    if out:
        return ThomasResult.INVALID
    thigh = _series(frames, "thigh_to_horizontal_deg")[hold]
    if thigh.max() <= THOMAS_NEGATIVE_MAX_DEG:
        return ThomasResult.NEGATIVE
    if thigh.min() >= THOMAS_POSITIVE_MIN_DEG:
        return ThomasResult.POSITIVE
    raise AmbiguousClip("thomas: test thigh between the negative and positive thresholds")


# Exercises whose range the seeds define as true hip extension, and the phases that are judged.
TRUE_RANGE_PHASES = {Exercise.COUCH_STRETCH: "", Exercise.SPLIT_SQUAT: "hold"}


def true_range_label(exercise: Exercise, frames: Sequence[dict]) -> bool | None:
    """Whether the clip's range is shallow on *true* hip extension (the pelvis-relative angle).

    True: no hip extension (``<= TRUE_RANGE_SHALLOW_MAX_DEG``) for at least ``MIN_MISTAKE_S``; False:
    clearly extended throughout; None: in between, or an exercise (or clip) with no judged frame.
    The clip-level ``shallow_range`` of ``label_clip`` stays the landmark proxy the scenarios are
    built on (thigh against the couch line, knee against the hip line); an arch that tips the pelvis
    forward can satisfy the proxy with no hip extension at all, which only this label sees.
    """
    prefix = TRUE_RANGE_PHASES.get(exercise)
    if prefix is None:
        return None
    judged = _hold_mask(frames, prefix) if prefix else np.ones(len(frames), dtype=bool)
    if not judged.any():
        return None
    t = _series(frames, "t")[judged]
    hip = _series(frames, "hip_extension_deg")[judged]
    if runs(hip <= TRUE_RANGE_SHALLOW_MAX_DEG, t, MIN_MISTAKE_S):
        return True
    if (hip >= TRUE_RANGE_CLEAN_MIN_DEG).all():
        return False
    return None


def label_clip(exercise: Exercise, frames: Sequence[dict], holds: Sequence[dict] = ()) -> ClipLabels:
    """Labels of a clip from its per-frame truth (``frames``) and its hold events (split-squat holds,
    bridge squeezes)."""
    t = _series(frames, "t")
    found: list[tuple[MistakeCode, float, float]] = []
    arch = _series(frames, "lumbar_arch_deg")
    _rule(
        MistakeCode.BACK_ARCH,
        arch,
        t,
        lambda v: v >= BACK_ARCH_MIN_DEG,
        lambda v: v <= CLEAN_ARCH_MAX_DEG,
        found,
    )
    thomas = None
    if exercise is Exercise.COUCH_STRETCH:
        tth = _series(frames, "thigh_to_horizontal_deg")
        if tth.min() >= COUCH_SHALLOW_MIN_DEG:
            found.append((MistakeCode.SHALLOW_RANGE, float(t[0]), float(t[-1])))
        elif tth.max() > COUCH_DEEP_MAX_DEG:
            raise AmbiguousClip("couch shallow_range: thigh between the deep and shallow thresholds")
    elif exercise is Exercise.SPLIT_SQUAT:
        _split_squat(frames, t, holds, found)
    elif exercise in (Exercise.GLUTE_BRIDGE, Exercise.SINGLE_LEG_BRIDGE):
        _bridge(frames, t, holds, found)
    elif exercise is Exercise.PRONE_HIP_EXTENSION:
        lift = _series(frames, "hip_extension_deg")
        _rule(
            MistakeCode.LIFT_TOO_HIGH,
            lift - lift[0],
            t,
            lambda v: v >= PRONE_LIFT_TOO_HIGH_MIN_DEG,
            lambda v: v <= PRONE_LIFT_CLEAN_MAX_DEG,
            found,
        )
    elif exercise is Exercise.KNEELING_STRETCH:
        _kneeling(frames, t, found)
    else:
        thomas = _thomas(frames, t, found)
    codes = sorted({code for code, _, _ in found}, key=lambda c: list(MistakeCode).index(c))
    intervals = [{"code": c.value, "start_s": round(a, 3), "end_s": round(b, 3)} for c, a, b in found]
    return ClipLabels(codes, intervals, thomas)
