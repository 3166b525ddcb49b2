"""Range (``shallow_range``) scored on true hip extension, and hip-extension coverage, per clip.

The studio's clip label ``shallow_range`` is its landmark proxy (thigh against the couch line, knee
against the hip line); the seeds define range as true hip extension, so the bench scores
``shallow_range`` on ``synth.labels.true_range_label`` (the pelvis-relative angle of the studio's own
skeleton), and keeps the proxy label beside it. A clip whose true hip extension lies between the
shallow and the clean thresholds is not scored for range (counted as such).

Coverage: the share of the truth's in-position frames (couch stretch: every frame; split squat and
Thomas test: the holds) with the working leg's hip, knee and ankle inside the image, in which
formcheck measured a hip extension. The issue's target is 90 %.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from formcheck.synth.labels import true_range_label
from formcheck.types import Exercise, MistakeCode

SHALLOW = MistakeCode.SHALLOW_RANGE.value
TARGET_COVERAGE = 0.9
# The truth's phases in position, per exercise ("" = every frame); exercises not here are not covered.
IN_POSITION_PHASES = {Exercise.COUCH_STRETCH: "", Exercise.SPLIT_SQUAT: "hold", Exercise.THOMAS_TEST: "hold"}
LEG_JOINTS = ("hip", "knee", "ankle")


@dataclass(frozen=True, slots=True)
class RangeTruth:
    """A clip's range labels: on true hip extension (None: not scored) and on the landmark proxy."""

    applies: bool  # the exercise's range is true hip extension (couch stretch, split squat)
    true_shallow: bool | None
    proxy_shallow: bool


def range_truth(truth: dict) -> RangeTruth:
    exercise = Exercise(truth["exercise"])
    proxy = SHALLOW in truth["mistakes"]
    if exercise not in (Exercise.COUCH_STRETCH, Exercise.SPLIT_SQUAT):
        return RangeTruth(False, None, proxy)
    return RangeTruth(True, true_range_label(exercise, truth["frames"]), proxy)


def legs_in_position_and_visible(truth: dict, record: dict) -> bool:
    """A truth frame in position whose working hip, knee and ankle lie inside the image."""
    prefix = IN_POSITION_PHASES.get(Exercise(truth["exercise"]))
    if prefix is None or not str(record.get("phase", "")).startswith(prefix):
        return False
    width, height = truth["size"]
    joints = record.get("joints_px", {})
    side = truth["working_side"]
    for joint in LEG_JOINTS:
        point = joints.get(f"{side}_{joint}")
        if point is None or not (0 <= point[0] < width and 0 <= point[1] < height):
            return False
    return True


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def _counts(pairs: Iterable[tuple[bool, bool]]) -> dict:
    tp = fp = fn = 0
    for labelled, found in pairs:
        tp += labelled and found
        fp += found and not labelled
        fn += labelled and not found
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
    }


def range_row(clips: list[dict]) -> dict:
    """``shallow_range`` on the true label and on the proxy label, coverage, over per-clip dicts."""
    applied = [c for c in clips if c["range_applies"]]
    scored = [c for c in applied if c["range_true_shallow"] is not None]
    found = {id(c): SHALLOW in c["found_mistakes"] for c in applied}
    covered = sum(c["range_coverage_frames"] for c in clips)
    return {
        "clips": len(applied),
        "not_scored": len(applied) - len(scored),
        "true_label": _counts((c["range_true_shallow"], found[id(c)]) for c in scored),
        "proxy_label": _counts((c["range_proxy_shallow"], found[id(c)]) for c in applied),
        "coverage_frames": covered,
        "coverage": _ratio(sum(c["range_coverage_measured"] for c in clips), covered),
    }
