"""Scoring formcheck's "arm over the back" verdicts against the studio's silhouettes, on hand-made clips."""

from __future__ import annotations

import numpy as np

from formcheck.bench.accuracy import ClipScore, check_targets, mistake_rows, summarise
from formcheck.bench.accuracy_table import format_table
from formcheck.bench.visibility import ARM_REASON, EdgeVisibility, score_visibility, visible_recall
from formcheck.kinematics.back_contour import ContourLimits, limb_over_back, sample_dorsal_profile
from formcheck.types import BackContour, Pose, PoseFrame

MEASURED = BackContour(dip=0.05, confidence=0.9)
ARM = BackContour(dip=None, confidence=0.0, reason=ARM_REASON)
HUGGED = BackContour(dip=None, confidence=0.0, reason="knee hugged to the chest")


def frames(*backs: BackContour | None) -> list[PoseFrame]:
    return [PoseFrame(i, i * 0.5, (640, 360), None, back) for i, back in enumerate(backs)]


def truth(shifts: list[float | None], mistakes=(), intervals=()) -> dict:
    return {
        "frames": [{"t": i * 0.5, "arm_edge_shift_px": s} for i, s in enumerate(shifts)],
        "mistakes": list(mistakes),
        "mistake_intervals": list(intervals),
    }


def test_arm_edges_are_caught_read_through_or_missed_and_back_edges_can_be_false_alarms():
    counts = score_visibility(
        truth([3.0, 2.0, 1.0, 0.0, 0.0, None]), frames(ARM, MEASURED, HUGGED, ARM, MEASURED, ARM)
    )
    assert (counts.truth_frames, counts.arm_edge, counts.back_edge) == (5, 3, 2)  # None: no edge truth
    assert (counts.caught, counts.read_through) == (1, 1)  # the hugged frame is neither
    assert counts.false_alarm == 1
    assert counts.back_arch_hidden is None  # no back_arch in the truth


def test_a_back_arch_is_hidden_when_the_arm_is_the_edge_in_half_its_frames_or_more():
    interval = [{"code": "back_arch", "start_s": 1.0, "end_s": 2.5}]  # frames 2..5
    hidden = score_visibility(truth([0, 0, 5, 5, 0, 0], ["back_arch"], interval), frames(*[ARM] * 6))
    seen = score_visibility(truth([5, 5, 5, 0, 0, 0], ["back_arch"], interval), frames(*[ARM] * 6))
    assert hidden.back_arch_hidden is True and seen.back_arch_hidden is False


def test_recall_over_visible_arches_leaves_out_only_the_hidden_clips():
    shown, hid = EdgeVisibility(back_arch_hidden=False), EdgeVisibility(back_arch_hidden=True)
    assert visible_recall([(True, shown), (False, shown), (False, hid)]) == {
        "hidden": 1,
        "visible": 2,
        "recall": 0.5,
    }
    assert visible_recall([(True, EdgeVisibility())]) is None  # no edge truth: nothing to say


def scored(found: bool, hidden: bool | None) -> ClipScore:
    score = ClipScore(clip="c.mp4", exercise="split-squat", yaw_deg=0.0, scenario="back-arch")
    score.truth_mistakes = ["back_arch"]
    score.found_mistakes = ["back_arch"] if found else []
    score.visibility = EdgeVisibility(truth_frames=10, arm_edge=10 if hidden else 0, back_arch_hidden=hidden)
    return score


def test_the_raw_recall_stays_and_the_visible_recall_is_printed_beside_it():
    scores = [scored(True, False), scored(True, False), scored(False, True)]
    row = mistake_rows(scores)["split-squat:back_arch"]
    assert row["recall"] == 2 / 3
    assert row["when_visible"] == {"hidden": 1, "visible": 2, "recall": 1.0}
    targets = {t["what"]: t["met"] for t in check_targets(scores)}
    assert targets["split-squat:back_arch recall"] is False
    assert targets["split-squat:back_arch recall, back visible"] is True
    table = format_table(summarise(scores))
    assert "hidden by an arm" in table and "arm over the back" in table


def test_the_reason_scored_is_the_one_the_back_contour_gives():
    """A lying forearm along the back edge (the situation the studio flags) yields exactly ARM_REASON."""
    mask = np.zeros((200, 200), dtype=np.float32)
    mask[40:160, 80:120] = 1.0  # a vertical trunk; the face looks right, the back is to the left
    points = np.zeros((33, 2))
    points[[11, 12]] = (100, 50)  # shoulders
    points[[23, 24]] = (100, 150)  # hips
    points[[13, 14]] = (80, 80)  # elbows on the back edge
    points[[15, 16]] = (80, 120)  # wrists on the back edge
    pose = Pose(points, np.ones(33), np.zeros(33), (200, 200))
    profile = sample_dorsal_profile(mask, points[11], points[23], facing=1)
    assert limb_over_back(pose, profile, ContourLimits()) == ARM_REASON
