"""The arched-clip table names why each arched back was or was not flagged (synthetic samples)."""

from __future__ import annotations

import pytest

from formcheck.bench.arch_misses import arched_clips, arched_summary, arched_table
from formcheck.kinematics.arch_fit import ArchSample
from formcheck.kinematics.arch_model import ARCH_MODEL

GAIN = ARCH_MODEL.gain_deg_per_dip
NEUTRAL_DIP = ARCH_MODEL.upright.dip


def _samples(name: str, arch: list[float], deg_per_dip: float = GAIN) -> list[ArchSample]:
    """10 fps, standing upright; the dip rises by arch / deg_per_dip above a typical neutral."""
    return [
        ArchSample("fam", name, i / 10, NEUTRAL_DIP + a / deg_per_dip, 0.9, 2.0, a)
        for i, a in enumerate(arch)
    ]


def _score(name: str, truth: list[str], found: list[str], yaw: float = 0.0) -> dict:
    return {
        "clip": name,
        "exercise": "split-squat",
        "yaw_deg": yaw,
        "truth_mistakes": truth,
        "found_mistakes": found,
    }


ONSET = [0.0] * 60 + [20.0] * 60  # 6 s neutral set-up, then 6 s arched by 20 deg
HELD = [20.0] * 80  # arched from the first frame


def test_an_arch_held_from_the_first_frame_is_read_against_the_population():
    (row,) = arched_clips(_samples("held", HELD), [_score("held", ["back_arch"], [])])
    assert row.neutral == "population" and row.neutral_frames == 0
    assert row.cause == "no_neutral_frame"
    assert row.true_arch_deg == pytest.approx(20.0)


def test_an_arch_after_a_settled_set_up_is_read_against_the_clip_and_its_reading_reported():
    (row,) = arched_clips(_samples("onset", ONSET), [_score("onset", ["back_arch"], [])])
    assert row.neutral == "clip" and row.neutral_frames == 60
    # the body's dip rises at the fitted gain: the reading is the true arch
    assert row.reading_deg == pytest.approx(20.0, abs=0.5)
    assert row.cause == "under_gate"  # the score says the rules did not flag it


def test_a_body_whose_dip_rises_half_as_much_reads_half_the_arch():
    (row,) = arched_clips(_samples("stiff", ONSET, 2 * GAIN), [_score("stiff", ["back_arch"], [])])
    assert row.reading_deg == pytest.approx(10.0, abs=0.5)


def test_a_flagged_clip_is_found_and_clean_clips_are_left_out():
    samples = _samples("onset", ONSET) + _samples("clean", [0.0] * 80)
    scores = [_score("onset", ["back_arch"], ["back_arch"]), _score("clean", [], [])]
    rows = arched_clips(samples, scores)
    assert [(r.clip, r.cause) for r in rows] == [("onset", "found")]


def test_the_table_counts_the_causes_and_leaves_out_high_yaw_clips():
    samples = _samples("held", HELD) + _samples("onset", ONSET) + _samples("far", HELD)
    scores = [
        _score("held", ["back_arch"], []),
        _score("onset", ["back_arch"], ["back_arch"]),
        _score("far", ["back_arch"], [], yaw=30.0),
    ]
    table = arched_table(arched_summary(samples, scores))
    assert "held" in table and "onset" in table and "far" not in table
    assert "    1  flagged" in table
    assert "    1  arched from the first frame" in table
