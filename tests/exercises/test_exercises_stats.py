"""What the summaries say about a back that could not be judged."""

from __future__ import annotations

import dataclasses

from formcheck.exercises.stats import PositionStats
from formcheck.kinematics.back_reasons import ARM_OVER_BACK
from formcheck.types import LumbarArch, Side
from tests.exercises.choreography import thomas_frames, thomas_timeline

ARM = LumbarArch(None, 0.0, ARM_OVER_BACK)


def frames(count: int, *, hidden_by_arm: int):
    """``count`` frames whose back leaks onto the couch, the first ``hidden_by_arm`` of them an arm."""
    base = thomas_frames(thomas_timeline(hug_flexion=80.0, arch=18.0), arch_measurable=False)[:count]
    return [dataclasses.replace(f, lumbar=ARM) if i < hidden_by_arm else f for i, f in enumerate(base)]


def observed(frames_) -> PositionStats:
    stats = PositionStats(plausible_arch_max_deg=40.0)
    for frame in frames_:
        stats.observe(frame, Side.LEFT)
    return stats


def test_an_arm_hiding_the_back_comes_with_advice_for_the_next_recording():
    note = observed(frames(10, hidden_by_arm=10)).arch_note()
    assert note.startswith("back arch could not be judged in 10/10 frames in position (arm over the back)")
    assert "crossed over the chest" in note


def test_a_mask_leaking_onto_the_couch_gets_no_advice():
    note = observed(frames(10, hidden_by_arm=0)).arch_note()
    assert "mask leaks onto the couch" in note and "Next time" not in note


def test_the_back_is_unjudged_only_when_most_frames_went_unmeasured():
    measured = thomas_frames(thomas_timeline(hug_flexion=80.0, arch=18.0))[:10]
    half = [dataclasses.replace(f, lumbar=ARM) if i < 5 else f for i, f in enumerate(measured)]
    assert observed(half).unjudged_back() is None  # 5 of 10 measured: judged
    six = [dataclasses.replace(f, lumbar=ARM) if i < 6 else f for i, f in enumerate(measured)]
    assert observed(six).unjudged_back() == "back arch not judged (arm over the back)"
    assert PositionStats(plausible_arch_max_deg=40.0).unjudged_back() is None  # never in position
