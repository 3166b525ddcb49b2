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


def _against(frames_, neutral: str | None, uncertainty: float | None):
    return [
        dataclasses.replace(
            f, lumbar=dataclasses.replace(f.lumbar, neutral=neutral, uncertainty_deg=uncertainty)
        )
        for f in frames_
    ]


def test_a_back_read_against_other_bodies_neutral_is_never_called_ribs_down():
    # A clip that starts in position shows no neutral moment of this back: its readings carry the
    # between-body spread, so the verdict must say the back was only roughly judged, and why.
    measured = thomas_frames(thomas_timeline(hug_flexion=80.0, arch=18.0))[:10]
    stats = observed(_against(measured, "population", 25.0))
    assert stats.unjudged_back().startswith("back arch only roughly judged (no neutral moment")
    assert "±25°" in stats.arch_note()
    own = observed(_against(measured, "clip", 4.0))
    assert own.unjudged_back() is None and own.arch_note() is None
    half = observed(_against(measured[:5], "population", 25.0) + _against(measured[5:], "clip", 4.0))
    assert half.unjudged_back() is None  # half of the frames against its own neutral: judged
