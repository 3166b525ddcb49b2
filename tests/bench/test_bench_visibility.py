"""Scoring formcheck's "arm over the back" verdicts against the studio's silhouettes, on hand-made clips."""

from __future__ import annotations

from formcheck.bench.accuracy import ClipScore, check_targets, mistake_rows, summarise
from formcheck.bench.accuracy_table import format_table
from formcheck.bench.visibility import EdgeVisibility, score_visibility, visible_recall
from formcheck.kinematics.back_reasons import ARM_OVER_BACK
from formcheck.types import FrameAngles, LegAngles, LumbarArch, Side, ViewEstimate

MEASURED = LumbarArch(6.0, 0.9)
ARM = LumbarArch(None, 0.0, ARM_OVER_BACK)
HUGGED = LumbarArch(None, 0.0, "knee hugged to the chest")
VIEW = ViewEstimate(near_side=Side.LEFT, facing=1, sagittal_score=0.95, is_sagittal=True)


def frames(*lumbars: LumbarArch) -> list[FrameAngles]:
    return [
        FrameAngles(i, i * 0.5, True, VIEW, 0.0, LegAngles(), LegAngles(), lumbar)
        for i, lumbar in enumerate(lumbars)
    ]


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
    assert "where the arched back is in the image (2 clips, 1 hidden by an arm)    1.00" in table
    assert "recall, back visible" in table
