"""The arch model's shipped constants are the fit function's output on the stored fitting samples."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formcheck.bench.arch_samples import read_samples
from formcheck.kinematics.arch_fit import ArchSample, fit_arch_model
from formcheck.kinematics.arch_model import ARCH_MODEL

SAMPLES = (
    Path(__file__).resolve().parents[2] / "formcheck" / "kinematics" / "data" / "arch_fit_samples.csv.gz"
)


def test_the_shipped_arch_model_is_the_fit_of_the_stored_fitting_samples():
    assert fit_arch_model(read_samples(SAMPLES)) == ARCH_MODEL


def _clip(family: str, neutral_dip: float, deg_per_dip: float, lying: bool = False) -> list[ArchSample]:
    """6 s neutral, 6 s arched to 20 deg, at 10 fps: the dip rises by arch / deg_per_dip."""
    inclination = -88.0 if lying else 2.0
    arch = [0.0] * 60 + [20.0] * 60
    return [
        ArchSample(family, f"{family}-{lying}", i / 10, neutral_dip + a / deg_per_dip, 0.9, inclination, a)
        for i, a in enumerate(arch)
    ]


def test_the_fit_recovers_a_synthetic_population_of_neutrals_and_its_gain():
    neutrals = [0.04, 0.06, 0.08]
    samples = [s for i, n in enumerate(neutrals) for s in _clip(f"f{i}", n, 400.0)]
    samples += [s for i, n in enumerate(neutrals) for s in _clip(f"f{i}", n - 0.01, 400.0, lying=True)]
    model = fit_arch_model(samples)
    assert model.gain_deg_per_dip == pytest.approx(400.0, rel=0.01)
    assert model.gain_spread == pytest.approx(0.0, abs=1e-6)
    assert model.upright.dip == pytest.approx(0.06) and model.lying.dip == pytest.approx(0.05)
    assert model.upright.spread == pytest.approx(np.std(neutrals, ddof=1), abs=1e-4)
    assert model.clip_reference_error_deg == pytest.approx(0.0, abs=0.01)  # each clip's set-up is found


def test_the_gain_follows_most_bodies_not_the_one_whose_dip_hardly_moves():
    samples = [s for i in range(3) for s in _clip(f"f{i}", 0.06, 400.0) + _clip(f"f{i}", 0.05, 400.0, True)]
    samples += _clip("stiff", 0.06, 2000.0) + _clip("stiff", 0.05, 2000.0, lying=True)
    assert fit_arch_model(samples).gain_deg_per_dip == pytest.approx(400.0, rel=0.01)
