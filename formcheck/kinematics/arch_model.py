"""The constants that turn a back-contour dip into degrees of arch, and where they come from.

The dip (``BackContour.dip``, chord lengths) of one body rises in step with its lumbar arch, but two
bodies with the same neutral spine show different dips: soft tissue, build and clothing shape the
silhouette's back edge. So the model keeps two things apart:

- the **gain** (degrees of arch per chord length of dip *change*), nearly the same for every body,
  with a between-body spread (``gain_spread``, a share of the arch);
- the **neutral dip**, different for every body: per posture (upright / lying) the population's
  typical neutral dip and its between-body spread. A recording's own neutral is searched only inside
  this plausible band, and without one the population's neutral is used with its spread as the
  uncertainty of every reading.

Every number in ``ARCH_MODEL`` is the output of ``formcheck.kinematics.arch_fit.fit_arch_model`` on
the studio's fitting families (``tests/kinematics/test_arch_fit.py`` recomputes it from the stored
samples); nothing here is typed in by hand except the choices named as such below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Posture(str, Enum):
    """The trunk's posture, which shapes the back edge: standing/kneeling or lying on a support."""

    UPRIGHT = "upright"
    LYING = "lying"


# |trunk inclination from vertical| from which the trunk counts as lying (the middle of the hip
# model's 45..70 deg blend: the thorax starts resting on the support there).
LYING_FROM_DEG = 57.5
# Chosen, not fitted: a recording's neutral is only searched within this many between-body spreads
# of the population's neutral dip (2.5 spreads hold ~99 % of neutral bodies if they scatter normally);
# a flexed (rounded) back lies below the band, an arch held from the first frame above it.
NEUTRAL_BAND_SPREADS = 2.5
# Chosen on the fitting families: a reading against the population's neutral is taken from this many
# spreads above its median, i.e. the smallest arch most bodies (84 % if they scatter normally) would
# have with this dip. Arch MAE over the 6 fitting families, leave-one-family-out: 9.5 deg at 0
# spreads, 8.0 at 0.5, 7.6 at 1 (the old clip-percentile method: 8.4), because a clean back on a
# body whose neutral dips deep no longer reads as arched.
POPULATION_SHIFT_SPREADS = 1.0


def posture_of(trunk_inclination_deg: float | None) -> Posture:
    """Lying when the trunk is nearer horizontal than ``LYING_FROM_DEG``; unknown counts as upright."""
    if trunk_inclination_deg is not None and abs(trunk_inclination_deg) >= LYING_FROM_DEG:
        return Posture.LYING
    return Posture.UPRIGHT


def posture_deviation_deg(trunk_inclination_deg: float | None, posture: Posture) -> float | None:
    """How far the trunk is from the posture's own resting line: vertical upright, horizontal lying."""
    if trunk_inclination_deg is None:
        return None
    lean = abs(trunk_inclination_deg)
    return lean if posture is Posture.UPRIGHT else abs(90.0 - lean)


@dataclass(frozen=True, slots=True)
class PopulationNeutral:
    """The neutral dip across bodies in one posture (chord lengths)."""

    dip: float  # median over bodies
    spread: float  # between-body standard deviation (robust)
    bodies: int  # clips behind the figures

    def band(self) -> tuple[float, float]:
        half = NEUTRAL_BAND_SPREADS * self.spread
        return (self.dip - half, self.dip + half)


@dataclass(frozen=True, slots=True)
class ArchModel:
    """Dip -> degrees, as fitted (see the module docstring)."""

    gain_deg_per_dip: float
    gain_spread: float  # between-body spread of the gain, as a share of the arch (1 sd)
    upright: PopulationNeutral
    lying: PopulationNeutral
    # How far a neutral found in a recording misses that body's true neutral (degrees, RMS over the
    # fitting clips): the floor of a clip reference's uncertainty.
    clip_reference_error_deg: float
    # The percentile of a recording's steady, in-band, neutral-posture dips taken as its neutral.
    reference_percentile: float

    def population(self, posture: Posture) -> PopulationNeutral:
        return self.lying if posture is Posture.LYING else self.upright

    def population_uncertainty_deg(self, posture: Posture) -> float:
        """The between-body uncertainty of a reading against the population's neutral (1 sd)."""
        return self.gain_deg_per_dip * self.population(posture).spread


# fit_arch_model(read_samples("formcheck/kinematics/data/arch_fit_samples.csv.gz")): the samples are
# the 70 clips of `formcheck synth --set bodies-fit` (6 fitting families) through the pose stage,
# written by formcheck.bench.arch_samples (set_samples + write_samples).
ARCH_MODEL = ArchModel(
    gain_deg_per_dip=631.6,
    gain_spread=0.975,
    upright=PopulationNeutral(dip=0.081, spread=0.039, bodies=28),
    lying=PopulationNeutral(dip=0.0799, spread=0.0399, bodies=38),
    clip_reference_error_deg=5.97,
    reference_percentile=10.0,
)
