"""Does the whole dorsal profile tell an arch better than its single dip? (issue 12's shape study)

The shipped arch is ``gain x (dip - neutral dip)``: one number per frame. This study asks whether
the profile the contour samples (``BackContour.profile``: the edge's distance behind the chord on
22 lines) carries more, with ridge regressions (numpy only) fitted on the fitting families and
judged on families never fitted on (the benchmark set, and leave-one-family-out on the fitting
set), always beside the shipped reading on the same frames (0-15 deg yaw, truth's arch clipped at
0 as the tool reports flattening as 0):

- **absolute**: the arch beyond the body's own neutral straight from one frame's features, against
  no neutral at all. This is what a clip arched from its first frame would need. Besides the MAE
  it prints how the per-clip median readings of clean frames and of arched frames (truth >= 15 deg)
  overlap across bodies: a flag can only be as good as that separation.
- **relative**: the arch from the change of the features since the clip's neutral moment. Fitted
  against each fitting clip's true neutral frames (truth within 3 deg of 0); judged with the neutral
  the analyser's own rule finds (``NeutralReference.from_clip`` on the smoothed dips, its features
  the median over frames whose dip is that neutral's), on frames the shipped reading also measures
  against a clip neutral. Printed as fitted and rescaled to the fitting clips' arched frames (the
  ridge, fitted mostly on neutral frames with noisy features, reads arches short).

- **visibility**: per clip that shows both a true-neutral and an arched (truth >= 15 deg) moment,
  how far the edge's shape and its dip move per degree of arch between the two (medians), with the
  body's clothes: what any silhouette-based estimate has to work with.

Feature sets: ``dip`` (the dip and the posture: what the shipped model sees), ``shape`` (the
profile less its least-squares line, i.e. its shape without where the chord happens to lie, the
bend between the upper- and low-back tangents, the dip, the posture) and ``shape+thigh`` (adds the
larger trunk-thigh angle).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from formcheck.kinematics.arch_model import LYING_FROM_DEG, Posture, posture_of
from formcheck.kinematics.back_contour import N_LINES, T_END, T_START
from formcheck.kinematics.lumbar import MAX_PLAUSIBLE_DIP, MIN_CONFIDENCE, NeutralReference, smooth_dips
from formcheck.types import BackContour

LINE_T = np.linspace(T_START, T_END, N_LINES)
MIN_PROFILE_SHARE = 0.7  # as the contour's own line-share check
UPPER_BACK_T = (0.05, 0.45)  # where the upper-back tangent is fitted
LOW_BACK_T = (0.55, 0.95)  # where the low-back tangent is fitted
NEUTRAL_TRUTH_DEG = 3.0  # as arch_fit: frames this close to 0 are the body's neutral
ARCHED_TRUTH_DEG = 15.0  # as the studio's back_arch label
NEAR_NEUTRAL_DIP = 0.006  # frames whose smoothed dip is this close to the found neutral stand for it
LOW_YAW_DEG = 15.0
RIDGE_LAMBDA = 1.0
FEATURE_SETS = ("dip", "shape", "shape+thigh")

Model = Callable[[np.ndarray], np.ndarray]


def _fill(profile: Sequence[float]) -> np.ndarray | None:
    """The profile with gaps interpolated along the lines; None when too few lines found an edge."""
    d = np.asarray(profile, dtype=float)
    ok = np.isfinite(d)
    if d.size != N_LINES or np.count_nonzero(ok) < MIN_PROFILE_SHARE * N_LINES:
        return None
    return np.interp(LINE_T, LINE_T[ok], d[ok])


def bend_deg(filled: np.ndarray) -> float:
    """Angle between the upper-back and the low-back tangents of the edge, degrees: negative where
    the edge hollows between them (the depth behind the chord falls from the bulge into the lumbar
    curve, then rises to the buttock), positive where it bulges, 0 for a straight edge."""
    upper = (UPPER_BACK_T[0] <= LINE_T) & (UPPER_BACK_T[1] >= LINE_T)
    lower = (LOW_BACK_T[0] <= LINE_T) & (LOW_BACK_T[1] >= LINE_T)
    upper_slope = np.polyfit(LINE_T[upper], filled[upper], 1)[0]
    lower_slope = np.polyfit(LINE_T[lower], filled[lower], 1)[0]
    return math.degrees(math.atan(upper_slope) - math.atan(lower_slope))


def shape_residual(filled: np.ndarray) -> np.ndarray:
    """The profile less its least-squares straight line: its shape, wherever the chord lies."""
    design = np.vstack([LINE_T, np.ones(N_LINES)]).T
    coef, *_ = np.linalg.lstsq(design, filled, rcond=None)
    return filled - design @ coef


def frame_features(row: dict, kind: str) -> np.ndarray | None:
    """One frame's features of ``kind`` (``FEATURE_SETS``), or None where the shipped estimator would
    not read the frame either (low confidence, implausible dip, too little edge)."""
    dip = row["dip"]
    if not math.isfinite(dip) or row["confidence"] < MIN_CONFIDENCE or dip > MAX_PLAUSIBLE_DIP:
        return None
    filled = _fill(row["profile"])
    if filled is None:
        return None
    inclination = row["trunk_inclination_deg"]
    inclination = 0.0 if not math.isfinite(inclination) else inclination
    posture = [inclination / 90.0, 1.0 if abs(inclination) >= LYING_FROM_DEG else 0.0]
    if kind == "dip":
        return np.array([dip, *posture])
    parts = [*shape_residual(filled), bend_deg(filled), dip, *posture]
    if kind == "shape+thigh":
        thighs = [v for v in (row["trunk_thigh_left_deg"], row["trunk_thigh_right_deg"]) if math.isfinite(v)]
        parts.append(max(thighs) / 90.0 if thighs else 0.0)
    return np.array(parts)


@dataclass(frozen=True, slots=True)
class Ridge:
    """A ridge regression on standardised features (the intercept, if any, is not shrunk)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept


def fit_ridge(
    x: np.ndarray, y: np.ndarray, lam: float, weights: np.ndarray | None = None, *, intercept: bool = True
) -> Ridge:
    """Weighted ridge: minimises sum w (y - f(x))^2 + lam |coef|^2 on standardised features. Without
    ``intercept`` the features are scaled but not centred, so zero features give zero (a frame whose
    shape has not changed since its neutral reads 0)."""
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    mean = np.average(x, axis=0, weights=w) if intercept else np.zeros(x.shape[1])
    scale = x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    columns = np.hstack([z, np.ones((len(z), 1))]) if intercept else z
    penalty = lam * np.eye(columns.shape[1])
    if intercept:
        penalty[-1, -1] = 0.0
    wz = columns * w[:, None]
    solution = np.linalg.solve(columns.T @ wz + penalty, wz.T @ y)
    if intercept:
        return Ridge(mean, scale, solution[:-1], float(solution[-1]))
    return Ridge(mean, scale, solution, 0.0)


def _clip_key(row: dict) -> tuple[str, str]:
    return (row["family"], row["clip"])


def _target(row: dict) -> float | None:
    arch = row["true_arch_deg"]
    return None if not math.isfinite(arch) else max(0.0, arch)


def _low_yaw(row: dict) -> bool:
    return math.isfinite(row["yaw_deg"]) and abs(row["yaw_deg"]) <= LOW_YAW_DEG


@dataclass(frozen=True, slots=True)
class Comparison:
    """Learned vs shipped readings on the same frames, per family (MAE in degrees)."""

    label: str
    frames: int
    learned_mae: float
    shipped_mae: float
    learned_arched_mae: float | None  # over frames with truth >= ARCHED_TRUTH_DEG
    shipped_arched_mae: float | None
    families: dict[str, tuple[int, float, float]]  # family -> (frames, learned, shipped)
    # clip -> (arched frames, mean true arch, mean learned, mean shipped) over its arched frames: the
    # MAE mixes clean and arched frames, and reading clean frames low wins it while missing arches
    arched_clips: dict[str, tuple[int, float, float, float]]


def _compare(label: str, triples: Sequence[tuple[float, float, float, dict]]) -> Comparison:
    """``triples``: (learned, shipped, truth, row) on frames both read, 0-15 deg yaw."""
    learned = np.array([max(0.0, min(t[0], 45.0)) for t in triples])
    shipped = np.array([t[1] for t in triples])
    truth = np.array([t[2] for t in triples])
    arched = truth >= ARCHED_TRUTH_DEG
    families: dict[str, tuple[int, float, float]] = {}
    for family in sorted({t[3]["family"] for t in triples}):
        own = np.array([t[3]["family"] == family for t in triples])
        families[family] = (
            int(own.sum()),
            float(np.mean(np.abs(learned[own] - truth[own]))),
            float(np.mean(np.abs(shipped[own] - truth[own]))),
        )
    arched_clips: dict[str, tuple[int, float, float, float]] = {}
    for clip in sorted({t[3]["clip"] for t, a in zip(triples, arched, strict=True) if a}):
        own = arched & np.array([t[3]["clip"] == clip for t in triples])
        arched_clips[clip] = (
            int(own.sum()),
            float(truth[own].mean()),
            float(learned[own].mean()),
            float(shipped[own].mean()),
        )
    return Comparison(
        label,
        len(triples),
        float(np.mean(np.abs(learned - truth))) if triples else math.nan,
        float(np.mean(np.abs(shipped - truth))) if triples else math.nan,
        float(np.mean(np.abs(learned[arched] - truth[arched]))) if arched.any() else None,
        float(np.mean(np.abs(shipped[arched] - truth[arched]))) if arched.any() else None,
        families,
        arched_clips,
    )


# -- absolute: no neutral at all ---------------------------------------------------------------


def _absolute_table(rows: Sequence[dict], kind: str) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    x, y, kept = [], [], []
    for row in rows:
        target = _target(row)
        features = frame_features(row, kind)
        if target is None or features is None:
            continue
        x.append(features)
        y.append(target)
        kept.append(row)
    return np.array(x), np.array(y), kept


def _clip_weights(kept: Sequence[dict]) -> np.ndarray:
    """Every clip counts once, however many frames it has."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for row in kept:
        counts[_clip_key(row)] += 1
    return np.array([1.0 / counts[_clip_key(row)] for row in kept])


def _shipped_triples(predicted: np.ndarray, y: np.ndarray, kept: Sequence[dict]) -> list:
    return [
        (float(p), row["reported_arch_deg"], float(t), row)
        for p, t, row in zip(predicted, y, kept, strict=True)
        if _low_yaw(row) and math.isfinite(row["reported_arch_deg"])
    ]


@dataclass(frozen=True, slots=True)
class Separation:
    """Per-clip median absolute readings (0-15 deg yaw) of clean and of arched frames."""

    clean_clips: list[float]
    arched_clips: list[float]

    def arched_above_every_clean(self) -> int:
        """Arched clips whose median reads above every clean clip's: what a gate could flag."""
        top = max(self.clean_clips, default=math.inf)
        return sum(1 for v in self.arched_clips if v > top)


def _separation(predicted: np.ndarray, y: np.ndarray, kept: Sequence[dict]) -> Separation:
    clean: dict[tuple[str, str], list[float]] = defaultdict(list)
    arched: dict[tuple[str, str], list[float]] = defaultdict(list)
    for p, t, row in zip(predicted, y, kept, strict=True):
        if not _low_yaw(row):
            continue
        if t <= NEUTRAL_TRUTH_DEG:
            clean[_clip_key(row)].append(float(p))
        elif t >= ARCHED_TRUTH_DEG:
            arched[_clip_key(row)].append(float(p))
    return Separation(
        sorted(float(np.median(v)) for v in clean.values() if len(v) >= 5),
        sorted(float(np.median(v)) for v in arched.values() if len(v) >= 5),
    )


def absolute_study(
    fit_rows: Sequence[dict], bench_rows: Sequence[dict], kind: str, lam: float = RIDGE_LAMBDA
) -> tuple[Comparison, Comparison, Separation]:
    """(benchmark families, leave-one-family-out on the fitting families, benchmark separation)."""
    xf, yf, kf = _absolute_table(fit_rows, kind)
    xb, yb, kb = _absolute_table(bench_rows, kind)
    model = fit_ridge(xf, yf, lam, _clip_weights(kf))
    bench_pred = model(xb)
    held_out = np.full(len(yf), math.nan)
    families = np.array([r["family"] for r in kf])
    for family in sorted(set(families)):
        out = families == family
        held_out[out] = fit_ridge(
            xf[~out], yf[~out], lam, _clip_weights([r for r, o in zip(kf, out, strict=True) if not o])
        )(xf[out])
    return (
        _compare(f"absolute {kind}: benchmark families", _shipped_triples(bench_pred, yb, kb)),
        _compare(f"absolute {kind}: fitting families, LOFO", _shipped_triples(held_out, yf, kf)),
        _separation(bench_pred, yb, kb),
    )


# -- relative: the change since the clip's neutral moment ----------------------------------------


def _by_clip(rows: Sequence[dict]) -> dict[tuple[str, str], list[dict]]:
    clips: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        clips[_clip_key(row)].append(row)
    return {k: sorted(v, key=lambda r: r["t"]) for k, v in clips.items()}


def _inclination(row: dict) -> float | None:
    value = row["trunk_inclination_deg"]
    return value if math.isfinite(value) else None


def _true_neutral_changes(rows: Sequence[dict], kind: str) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """Fitting table: each frame's features less the median of its clip's true-neutral frames in
    the same posture (fitting only: the truth picks the neutral)."""
    x, y, kept = [], [], []
    for frames in _by_clip(rows).values():
        features = [frame_features(r, kind) for r in frames]
        for posture in Posture:
            own = [
                (f, r)
                for f, r in zip(features, frames, strict=True)
                if f is not None and _target(r) is not None and posture_of(_inclination(r)) is posture
            ]
            neutral = [f for f, r in own if r["true_arch_deg"] <= NEUTRAL_TRUTH_DEG]
            if len(neutral) < 5:
                continue
            origin = np.median(neutral, axis=0)
            for f, r in own:
                x.append(f - origin)
                y.append(_target(r))
                kept.append(r)
    return np.array(x), np.array(y), kept


def _neutral_halves_weights(y: np.ndarray, kept: Sequence[dict]) -> np.ndarray:
    """Every clip counts once, and within it its neutral and its arched frames half each."""
    counts: dict[tuple[tuple[str, str], bool], int] = defaultdict(int)
    for t, row in zip(y, kept, strict=True):
        counts[(_clip_key(row), t >= 5.0)] += 1
    return np.array([1.0 / counts[(_clip_key(r), t >= 5.0)] for t, r in zip(y, kept, strict=True)])


def _rescaled(model: Ridge, x: np.ndarray, y: np.ndarray) -> Model:
    """``model`` times the least-absolute gain of its readings on the fitting clips' arched frames
    (as ``arch_fit`` fits the dip's gain: the reading-weighted median of truth / reading)."""
    predicted = model(x)
    up = (y >= 5.0) & (predicted > 0.5)
    if not up.any():
        return model
    ratios, weights = y[up] / predicted[up], predicted[up]
    order = np.argsort(ratios)
    cumulative = np.cumsum(weights[order])
    scale = float(ratios[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    return lambda features: scale * model(features)


def _against_found_neutral(rows: Sequence[dict], kind: str, model: Model) -> list:
    """(learned, shipped, truth, row) on 0-15 deg frames the shipped reading measures against a clip
    neutral, the learned one against the features of the neutral the analyser's rule found."""
    triples = []
    for frames in _by_clip(rows).values():
        backs = [
            None if not math.isfinite(r["dip"]) else BackContour(r["dip"], r["confidence"]) for r in frames
        ]
        times = [r["t"] for r in frames]
        inclinations = [_inclination(r) for r in frames]
        smoothed = smooth_dips(backs, times)
        features = [frame_features(r, kind) for r in frames]
        for posture in Posture:
            found = NeutralReference.from_clip(smoothed, times, inclinations, posture=posture)
            if found is None:
                continue
            near = [
                f
                for f, b, inc in zip(features, smoothed, inclinations, strict=True)
                if f is not None
                and b is not None
                and b.dip is not None
                and posture_of(inc) is posture
                and abs(b.dip - found.dip) <= NEAR_NEUTRAL_DIP
            ]
            if len(near) < 3:
                continue
            origin = np.median(near, axis=0)
            for f, r, inc in zip(features, frames, inclinations, strict=True):
                target = _target(r)
                if (
                    f is None
                    or target is None
                    or posture_of(inc) is not posture
                    or r["reported_neutral"] != "clip"
                    or not math.isfinite(r["reported_arch_deg"])
                    or not _low_yaw(r)
                ):
                    continue
                triples.append((float(model((f - origin)[None, :])[0]), r["reported_arch_deg"], target, r))
    return triples


def relative_study(
    fit_rows: Sequence[dict], bench_rows: Sequence[dict], kind: str, lam: float = RIDGE_LAMBDA
) -> list[Comparison]:
    """Benchmark families and LOFO, each as fitted and rescaled (see the module docstring)."""
    xf, yf, kf = _true_neutral_changes(fit_rows, kind)
    weights = _neutral_halves_weights(yf, kf)
    out = []
    for rescale in (False, True):
        tag = "rescaled" if rescale else "as fitted"

        def fitted(mask: np.ndarray, rescale: bool = rescale) -> Model:
            model = fit_ridge(xf[mask], yf[mask], lam, weights[mask], intercept=False)
            return _rescaled(model, xf[mask], yf[mask]) if rescale else model

        everything = np.ones(len(yf), dtype=bool)
        out.append(
            _compare(
                f"relative {kind} ({tag}): benchmark families",
                _against_found_neutral(bench_rows, kind, fitted(everything)),
            )
        )
        families = np.array([r["family"] for r in kf])
        held: list = []
        for family in sorted(set(families)):
            own = [r for r in fit_rows if r["family"] == family]
            held += _against_found_neutral(own, kind, fitted(families != family))
        out.append(_compare(f"relative {kind} ({tag}): fitting families, LOFO", held))
    return out


# -- visibility: how much the silhouette moves per degree ----------------------------------------


@dataclass(frozen=True, slots=True)
class EdgeChange:
    """One clip's back edge, arched (truth >= 15 deg) against neutral (truth <= 3 deg), per degree."""

    family: str
    clip: str
    clothing: str | None
    arch_deg: float  # median true arch over the arched frames (the changes are medians too)
    shape_per_deg: float  # RMS change of the shape residual, chord lengths per degree
    dip_per_deg: float  # change of the median dip, chord lengths per degree


def edge_changes(rows: Sequence[dict]) -> list[EdgeChange]:
    """Every clip with >= 5 readable neutral and >= 5 readable arched frames, weakest change first."""
    out = []
    for (family, clip), frames in _by_clip(rows).items():
        neutral, arched = [], []
        for r in frames:
            filled = _fill(r["profile"]) if frame_features(r, "dip") is not None else None
            if filled is None or not math.isfinite(r["true_arch_deg"]):
                continue
            if r["true_arch_deg"] <= NEUTRAL_TRUTH_DEG:
                neutral.append((r, shape_residual(filled)))
            elif r["true_arch_deg"] >= ARCHED_TRUTH_DEG:
                arched.append((r, shape_residual(filled)))
        if len(neutral) < 5 or len(arched) < 5:
            continue
        arch = float(np.median([r["true_arch_deg"] for r, _ in arched]))
        change = np.median([s for _, s in arched], axis=0) - np.median([s for _, s in neutral], axis=0)
        dip_change = float(
            np.median([r["dip"] for r, _ in arched]) - np.median([r["dip"] for r, _ in neutral])
        )
        out.append(
            EdgeChange(
                family,
                clip,
                frames[0].get("clothing"),
                arch,
                float(np.sqrt(np.mean(change**2))) / arch,
                dip_change / arch,
            )
        )
    return sorted(out, key=lambda c: c.shape_per_deg)


def edge_change_lines(changes: Sequence[EdgeChange]) -> list[str]:
    lines = [
        "visibility: the back edge per degree of arch, arched against neutral (1e-3 chord lengths per deg)"
    ]
    for c in changes:
        lines.append(
            f"  {c.clip:60s} arch {c.arch_deg:4.1f}  shape {1000 * c.shape_per_deg:5.2f}  "
            f"dip {1000 * c.dip_per_deg:5.2f}  {c.clothing or '-'}"
        )
    return lines


# -- printing ----------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "    -" if value is None or not math.isfinite(value) else f"{value:5.1f}"


def comparison_lines(c: Comparison) -> list[str]:
    lines = [
        f"{c.label}  ({c.frames} frames, 0-15 deg yaw)",
        f"  {'all':22s} learned {_fmt(c.learned_mae)}  shipped {_fmt(c.shipped_mae)}"
        f"   arched >= {ARCHED_TRUTH_DEG:.0f}: learned {_fmt(c.learned_arched_mae)}  shipped {_fmt(c.shipped_arched_mae)}",
    ]
    for family, (frames, learned, shipped) in c.families.items():
        lines.append(f"  {family:22s} learned {_fmt(learned)}  shipped {_fmt(shipped)}   ({frames} frames)")
    if c.arched_clips and len(c.arched_clips) <= 12:
        lines.append(
            f"  arched clips (mean over frames >= {ARCHED_TRUTH_DEG:.0f} deg): true / learned / shipped"
        )
        for clip, (frames, truth, learned, shipped) in c.arched_clips.items():
            lines.append(f"    {clip:60s} {_fmt(truth)} {_fmt(learned)} {_fmt(shipped)}   ({frames} frames)")
    return lines


def separation_lines(kind: str, s: Separation) -> list[str]:
    def spread(values: list[float]) -> str:
        if not values:
            return "-"
        low, mid, high = np.percentile(values, [0, 50, 100])
        return f"{low:.1f} / {mid:.1f} / {high:.1f}"

    return [
        f"absolute {kind}: per-clip median reading on benchmark families (min / median / max, deg)",
        f"  clean frames  ({len(s.clean_clips)} clips): {spread(s.clean_clips)}",
        f"  arched frames ({len(s.arched_clips)} clips): {spread(s.arched_clips)}"
        f"   above every clean clip: {s.arched_above_every_clean()} of {len(s.arched_clips)}",
    ]


def study_report(
    fit_rows: Sequence[dict], bench_rows: Sequence[dict], kinds: Sequence[str] = FEATURE_SETS
) -> str:
    """The whole printed study (MAE in degrees; see the module docstring)."""
    blocks = []
    for kind in kinds:
        bench, lofo, separation = absolute_study(fit_rows, bench_rows, kind)
        blocks.append(
            "\n".join(comparison_lines(bench) + comparison_lines(lofo) + separation_lines(kind, separation))
        )
    for kind in kinds:
        blocks.append(
            "\n".join(
                line for c in relative_study(fit_rows, bench_rows, kind) for line in comparison_lines(c)
            )
        )
    blocks.append("\n".join(edge_change_lines(edge_changes([*fit_rows, *bench_rows]))))
    return "\n\n".join(blocks)
