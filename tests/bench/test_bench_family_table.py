"""The per-family rows of `formcheck bench accuracy`: pooled MAE per family, yaw split, false flags."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from formcheck.bench.accuracy import ClipScore
from formcheck.bench.family_table import family_rows, format_family_table


def clip(family, yaw=0.0, arch_errors=(), frames=4, truth=(), found=()):
    score = ClipScore(clip="c.mp4", exercise="split-squat", yaw_deg=yaw, scenario="x", family=family)
    score.truth_mistakes, score.found_mistakes = sorted(truth), sorted(found)
    score.truth_frames["lumbar_arch_deg"] = frames
    score.measured["lumbar_arch_deg"] = len(arch_errors)
    score.abs_error_sum["lumbar_arch_deg"] = float(sum(arch_errors))
    return asdict(score)


def test_rows_pool_frames_per_family_and_keep_30_degrees_apart():
    rows = family_rows(
        [
            clip("a", 0.0, [2, 4], frames=4),
            clip("a", -15.0, [6], frames=2),
            clip("a", 30.0, [10, 10], frames=2),
            clip("b", 0.0, [1], frames=1),
            clip(None, 0.0, [50], frames=1),
        ]
    )
    assert [r["family"] for r in rows] == ["a", "b"]
    a = rows[0]
    assert a["clips"] == 3
    assert a["arch_mae_0_15"] == pytest.approx(12 / 3) and a["arch_measured_0_15"] == pytest.approx(3 / 6)
    assert a["arch_mae_30"] == pytest.approx(10.0)
    assert a["hip_mae_0_15"] is None  # nothing measured: no number, not zero


def test_a_back_arch_on_a_clean_clip_counts_as_a_false_flag_and_on_an_arched_one_as_found():
    rows = family_rows(
        [
            clip("a", found=["back_arch"]),
            clip("a"),
            clip("a", truth=["back_arch"], found=["back_arch"]),
            clip("a", truth=["back_arch"]),
        ]
    )
    assert (rows[0]["clean_flagged"], rows[0]["clean_clips"]) == (1, 2)
    assert (rows[0]["arched_found"], rows[0]["arched_clips"]) == (1, 2)
    text = format_family_table(rows)
    assert "a" in text.splitlines()[-1] and "1 / 2" in text


def test_a_set_without_family_bodies_prints_no_family_table():
    assert format_family_table(family_rows([clip(None)])) == ""
