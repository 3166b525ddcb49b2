"""Leave-one-family-out: each family scored with constants refitted without it."""

from __future__ import annotations

import pytest

from formcheck.bench.leave_one_family_out import leave_one_family_out, lofo_summary, lofo_table
from formcheck.kinematics.arch_fit import ArchSample


def clip(family: str, neutral_dip: float, deg_per_dip: float, lying: bool) -> list[ArchSample]:
    """4 s neutral, 4 s arched to 20 deg, 4 s neutral again, at 10 fps."""
    arch = [0.0] * 40 + [20.0] * 40 + [0.0] * 40
    incl = -88.0 if lying else 2.0
    return [
        ArchSample(family, f"{family}-{lying}", i / 10, neutral_dip + a / deg_per_dip, 0.9, incl, a)
        for i, a in enumerate(arch)
    ]


def family(name: str, neutral_dip: float, deg_per_dip: float = 400.0) -> list[ArchSample]:
    return clip(name, neutral_dip, deg_per_dip, False) + clip(name, neutral_dip - 0.01, deg_per_dip, True)


def test_families_alike_score_near_zero_held_out():
    samples = family("a", 0.05) + family("b", 0.06) + family("c", 0.07)
    rows = leave_one_family_out(samples)
    assert [held.family for held, _ in rows] == ["a", "b", "c"]
    for held, inside in rows:
        assert held.mae_deg == pytest.approx(0.0, abs=0.5) and inside.mae_deg == pytest.approx(0.0, abs=0.5)
        assert held.measured == held.frames == 240
        assert set(held.neutral_sources) == {"clip"}


def test_a_family_unlike_the_others_shows_its_error_only_when_held_out():
    """Its dip moves half as much per degree: fitted without it, its arches read half as large."""
    samples = family("a", 0.06) + family("b", 0.06) + family("odd", 0.06, deg_per_dip=800.0)
    held, inside = {h.family: (h, i) for h, i in leave_one_family_out(samples)}["odd"]
    assert held.mae_deg == pytest.approx(10.0 * 80 / 240, abs=0.5)  # 80 arched frames read 10 deg low
    assert "odd" in lofo_table(leave_one_family_out(samples))


def test_one_family_gives_no_table():
    assert lofo_summary(family("a", 0.06)) == []
    assert "fewer than two" in lofo_table([])
