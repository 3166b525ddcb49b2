"""An exercise's own counts and timings scored against the studio's events, per clip and per group.

The studio writes what the figure did as named events (``truth["events"]``, the timed ones also in
``truth["holds"]``); an analyzer's summary names its figures by the same words. The pairing reads
those names only, never an exercise's:

- ``reps``: the summary's ``reps`` against the number of the truth's ``rep`` events (only where the
  summary counts reps: a split squat's "rep" is the lowering around a hold, which it counts as holds);
- ``<name>_s`` (``squeeze_s``, ``hold_s``): each truth hold named ``<name>`` against the found value
  whose time range (the summary's ``<name>_ranges_s``, else ``rep_ranges_s``) overlaps it most; a
  truth hold no found range overlaps is counted as missed;
- ``lift_hip_extension_deg``: each rep's lift (the hip's extension at the rep's top above its rest)
  against the truth's: the median ``hip_extension_deg`` over the ``top`` event above the clip's
  first frame (at rest), the studio label's own definition (``synth.labels``). A rep whose lift was
  not measured is counted as missed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

REPS = "reps"
LIFT = "lift_hip_extension_deg"
LIFT_EVENT = "top"
# Truth hold names whose durations an analyzer reports as ``<name>_s``.
TIMED_SUFFIX = "_s"


def _overlap(a: Sequence[float], b: Sequence[float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def _best_match(span: Sequence[float], ranges: Sequence[Sequence[float]]) -> int | None:
    """Index of the found range that overlaps ``span`` most (None when none overlaps)."""
    overlaps = [_overlap(span, r) for r in ranges]
    if not overlaps or max(overlaps) <= 0.0:
        return None
    return int(np.argmax(overlaps))


def _events(truth: dict, name: str, key: str = "events") -> list[dict]:
    return [e for e in truth.get(key) or [] if e.get("name") == name]


def _found_ranges(summary: dict, name: str) -> list[Sequence[float]]:
    return summary.get(f"{name}_ranges_s") or summary.get("rep_ranges_s") or []


def _truth_lift(truth: dict, event: dict) -> float | None:
    frames = truth["frames"]
    rest = frames[0].get("hip_extension_deg")
    top = [
        f["hip_extension_deg"]
        for f in frames
        if event["start_s"] <= f["t"] < event["end_s"] and f.get("hip_extension_deg") is not None
    ]
    return None if rest is None or not top else float(np.median(top)) - float(rest)


def clip_measures(truth: dict, summary: dict) -> tuple[dict[str, list[list[float]]], dict[str, int]]:
    """(measure -> [[found, true], ...], measure -> truth items not found) for one clip."""
    pairs: dict[str, list[list[float]]] = defaultdict(list)
    missed: dict[str, int] = defaultdict(int)
    if REPS in summary and _events(truth, "rep"):
        pairs[REPS].append([float(summary[REPS]), float(len(_events(truth, "rep")))])
    for name in sorted({h.get("name") for h in truth.get("holds") or []}):
        found = summary.get(f"{name}{TIMED_SUFFIX}")
        if not isinstance(found, list):
            continue
        ranges = _found_ranges(summary, name)
        for hold in _events(truth, name, "holds"):
            i = _best_match((hold["start_s"], hold["end_s"]), ranges)
            if i is None or i >= len(found) or found[i] is None:
                missed[f"{name}{TIMED_SUFFIX}"] += 1
                continue
            pairs[f"{name}{TIMED_SUFFIX}"].append([float(found[i]), hold["end_s"] - hold["start_s"]])
    lifts = summary.get(LIFT)
    if isinstance(lifts, list):
        ranges = summary.get("rep_ranges_s") or []
        for event in _events(truth, LIFT_EVENT):
            true_lift = _truth_lift(truth, event)
            i = _best_match((event["start_s"], event["end_s"]), ranges)
            if true_lift is None:
                continue
            if i is None or i >= len(lifts) or lifts[i] is None:
                missed[LIFT] += 1
                continue
            pairs[LIFT].append([float(lifts[i]), true_lift])
    return dict(pairs), dict(missed)


def measure_rows(clips: Iterable[dict]) -> list[dict]:
    """Per measure over a group of clips (``ClipScore`` as dicts): pairs, MAE, mean signed error,
    truth items missed, and for ``reps`` the clips counted exactly."""
    pairs: dict[str, list[list[float]]] = defaultdict(list)
    missed: dict[str, int] = defaultdict(int)
    for clip in clips:
        for name, values in clip.get("measures", {}).items():
            pairs[name].extend(values)
        for name, count in clip.get("measures_missed", {}).items():
            missed[name] += count
    rows = []
    for name in sorted(set(pairs) | set(missed)):
        found_true = np.array(pairs.get(name, []), dtype=float).reshape(-1, 2)
        errors = found_true[:, 0] - found_true[:, 1]
        row = {
            "measure": name,
            "n": len(errors),
            "mae": float(np.mean(np.abs(errors))) if len(errors) else None,
            "bias": float(np.mean(errors)) if len(errors) else None,
            "missed": missed.get(name, 0),
        }
        if name == REPS:
            row["exact"] = int(np.sum(errors == 0))
        rows.append(row)
    return rows
