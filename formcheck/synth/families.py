"""Named body families: distributions over build, soft tissue, natural spine curves, clothes and hair.

Each family draws a whole ``Look`` from a seeded generator: the room, light and colours as
``random_look`` draws them, then a body of that family. The families are split into FITTING and
BENCHMARK families, disjoint by family, so a method fitted on one group is scored on bodies it has
never seen (``FIT_FAMILIES`` / ``BENCH_FAMILIES``).

The natural spine is drawn as clinical angles and mapped onto the skeleton's two straight chords
(``spine_neutrals``); the truth stays "arch beyond THIS body's own neutral", whatever the neutral is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from formcheck.synth.body import BodyShape
from formcheck.synth.look import Look, random_look
from formcheck.types import Exercise

# The studio's original body (lumbar chord +6 deg on the pelvis axis, thorax chord -10 deg on the
# lumbar one) stands for an average adult: standing L1-S1 lordosis ~40 deg, T1-T12 kyphosis ~35 deg.
REFERENCE_LORDOSIS_DEG = 40.0
REFERENCE_KYPHOSIS_DEG = 35.0
REFERENCE_LUMBAR_NEUTRAL_DEG = 6.0
REFERENCE_THORAX_NEUTRAL_DEG = -10.0


def spine_neutrals(
    lordosis_deg: float, kyphosis_deg: float, incidence_share: float
) -> tuple[float, float, float]:
    """(lumbar_neutral_deg, thorax_neutral_deg, standing_tilt_deg) of a spine with these clinical curves.

    The skeleton's lumbar segment is one straight chord standing for an arc that bends by the
    lordosis ``L``: a chord makes half the arc's bend with the tangent at each end. Much of the
    difference in lordosis between people goes with the sacrum's own slope in the pelvis (pelvic
    incidence, ``lordosis ~ incidence + 9`` in the spine literature): that share turns the arc's
    base forward in the pelvis. So, with ``dL``/``dK`` the departures from the reference curves and
    ``dI = incidence_share * dL``:

    - lumbar chord on the pelvis axis: ``6 + dL/2 - dI`` (a high-incidence spine leaves the sacrum
      pointing forward, so the low back sits deeper behind the buttocks);
    - thorax chord on the lumbar chord: ``-10 + dL/2 - dK/2`` (the rest of the lordotic bend above the
      chord, minus half the extra kyphosis);
    - upright, the pelvis tips forward by the part of the lordosis the sacrum does not explain, so
      the trunk stays about vertical (kyphosis is not compensated: the upper back leans forward).
    """
    d_lordosis = lordosis_deg - REFERENCE_LORDOSIS_DEG
    d_kyphosis = kyphosis_deg - REFERENCE_KYPHOSIS_DEG
    d_incidence = incidence_share * d_lordosis
    lumbar = REFERENCE_LUMBAR_NEUTRAL_DEG + d_lordosis / 2 - d_incidence
    thorax = REFERENCE_THORAX_NEUTRAL_DEG + d_lordosis / 2 - d_kyphosis / 2
    return lumbar, thorax, d_lordosis - d_incidence


Range = tuple[float, float]
Choices = tuple[tuple[str, float], ...]  # (option, weight)


@dataclass(frozen=True)
class BodyFamily:
    """A kind of person: every field is a range drawn uniformly (or weighted options)."""

    name: str
    description: str
    sex: str  # "male" | "female"
    height_m: Range
    girth: Range
    breadth: Range
    leg_length: Range  # x the average thigh and shin fractions
    trunk_length: Range  # x the average lumbar and thorax fractions
    shoulder_width: Range  # x the average shoulder half-width
    hip_width: Range  # x the average hip-joint half-width
    limb_girth: Range
    breasts: Range
    belly: Range
    buttocks: Range
    hip_flare: Range
    chest: Range
    lordosis_deg: Range  # standing L1-S1 Cobb angle
    kyphosis_deg: Range  # standing T1-T12 Cobb angle
    tops: Choices
    bottoms: Choices
    hairs: Choices


MAN_TOPS: Choices = (("tee", 3.0), ("long_sleeve", 1.0), ("loose_tee", 2.0), ("hoodie", 2.0))
WOMAN_TOPS: Choices = (("tee", 3.0), ("long_sleeve", 1.5), ("loose_tee", 1.5), ("hoodie", 2.0))
MAN_BOTTOMS: Choices = (("tight_shorts", 1.0), ("loose_shorts", 3.0), ("trousers", 2.0), ("leggings", 1.0))
WOMAN_BOTTOMS: Choices = (("tight_shorts", 1.5), ("loose_shorts", 1.5), ("trousers", 1.5), ("leggings", 3.0))
MAN_HAIR: Choices = (("short", 6.0), ("bun", 0.5), ("long", 0.5))
WOMAN_HAIR: Choices = (("ponytail", 3.0), ("bun", 2.0), ("long", 3.0), ("short", 1.0))
NONE: Range = (0.0, 0.0)

FAMILY_LIST: tuple[BodyFamily, ...] = (
    BodyFamily(
        "slim_young_man",
        "slim man in his twenties",
        "male",
        height_m=(1.70, 1.86),
        girth=(0.88, 0.97),
        breadth=(0.92, 1.0),
        leg_length=(0.98, 1.04),
        trunk_length=(0.97, 1.03),
        shoulder_width=(0.95, 1.03),
        hip_width=(0.92, 1.0),
        limb_girth=(0.88, 0.97),
        breasts=NONE,
        belly=NONE,
        buttocks=NONE,
        hip_flare=NONE,
        chest=NONE,
        lordosis_deg=(32.0, 52.0),
        kyphosis_deg=(25.0, 42.0),
        tops=MAN_TOPS,
        bottoms=MAN_BOTTOMS,
        hairs=MAN_HAIR,
    ),
    BodyFamily(
        "muscular_man",
        "broad, muscular man (deep chest, thick limbs)",
        "male",
        height_m=(1.72, 1.88),
        girth=(1.08, 1.2),
        breadth=(1.05, 1.14),
        leg_length=(0.97, 1.02),
        trunk_length=(0.98, 1.04),
        shoulder_width=(1.08, 1.18),
        hip_width=(0.98, 1.05),
        limb_girth=(1.1, 1.22),
        breasts=NONE,
        belly=NONE,
        buttocks=(0.2, 0.5),
        hip_flare=NONE,
        chest=(0.8, 1.4),
        lordosis_deg=(38.0, 58.0),
        kyphosis_deg=(28.0, 45.0),
        tops=MAN_TOPS,
        bottoms=MAN_BOTTOMS,
        hairs=MAN_HAIR,
    ),
    BodyFamily(
        "heavy_man_belly",
        "heavy man with a round belly",
        "male",
        height_m=(1.68, 1.86),
        girth=(1.15, 1.3),
        breadth=(1.08, 1.18),
        leg_length=(0.95, 1.01),
        trunk_length=(0.99, 1.05),
        shoulder_width=(1.0, 1.1),
        hip_width=(1.0, 1.08),
        limb_girth=(1.05, 1.15),
        breasts=(0.0, 0.4),
        belly=(0.9, 1.6),
        buttocks=(0.2, 0.6),
        hip_flare=(0.1, 0.4),
        chest=NONE,
        lordosis_deg=(35.0, 60.0),
        kyphosis_deg=(30.0, 50.0),
        tops=MAN_TOPS,
        bottoms=MAN_BOTTOMS,
        hairs=MAN_HAIR,
    ),
    BodyFamily(
        "tall_lean_man",
        "tall, long-limbed lean man",
        "male",
        height_m=(1.86, 2.0),
        girth=(0.86, 0.95),
        breadth=(0.9, 0.98),
        leg_length=(1.03, 1.08),
        trunk_length=(0.96, 1.02),
        shoulder_width=(0.95, 1.04),
        hip_width=(0.92, 0.98),
        limb_girth=(0.86, 0.95),
        breasts=NONE,
        belly=NONE,
        buttocks=NONE,
        hip_flare=NONE,
        chest=NONE,
        lordosis_deg=(25.0, 45.0),
        kyphosis_deg=(30.0, 48.0),
        tops=MAN_TOPS,
        bottoms=MAN_BOTTOMS,
        hairs=MAN_HAIR,
    ),
    BodyFamily(
        "older_man_kyphosis",
        "man in his seventies, rounded upper back, flatter low back",
        "male",
        height_m=(1.63, 1.78),
        girth=(1.0, 1.12),
        breadth=(0.98, 1.08),
        leg_length=(0.96, 1.01),
        trunk_length=(0.95, 1.0),
        shoulder_width=(0.95, 1.02),
        hip_width=(0.98, 1.04),
        limb_girth=(0.92, 1.02),
        breasts=(0.0, 0.3),
        belly=(0.3, 0.9),
        buttocks=NONE,
        hip_flare=NONE,
        chest=NONE,
        lordosis_deg=(18.0, 38.0),
        kyphosis_deg=(48.0, 68.0),
        tops=(("tee", 1.0), ("long_sleeve", 2.0), ("loose_tee", 2.0), ("hoodie", 1.0)),
        bottoms=(("trousers", 4.0), ("loose_shorts", 2.0)),
        hairs=(("short", 1.0),),
    ),
    BodyFamily(
        "slim_woman",
        "slim woman in her twenties",
        "female",
        height_m=(1.60, 1.74),
        girth=(0.84, 0.92),
        breadth=(0.88, 0.95),
        leg_length=(0.99, 1.04),
        trunk_length=(0.97, 1.02),
        shoulder_width=(0.88, 0.95),
        hip_width=(1.02, 1.08),
        limb_girth=(0.86, 0.94),
        breasts=(0.4, 0.9),
        belly=NONE,
        buttocks=(0.1, 0.4),
        hip_flare=(0.2, 0.5),
        chest=NONE,
        lordosis_deg=(38.0, 58.0),
        kyphosis_deg=(22.0, 40.0),
        tops=WOMAN_TOPS,
        bottoms=WOMAN_BOTTOMS,
        hairs=WOMAN_HAIR,
    ),
    BodyFamily(
        "curvy_woman",
        "woman with wide hips and full buttocks",
        "female",
        height_m=(1.58, 1.72),
        girth=(0.95, 1.05),
        breadth=(0.92, 1.0),
        leg_length=(0.96, 1.01),
        trunk_length=(0.98, 1.03),
        shoulder_width=(0.88, 0.95),
        hip_width=(1.08, 1.16),
        limb_girth=(1.0, 1.1),
        breasts=(0.7, 1.2),
        belly=(0.0, 0.3),
        buttocks=(0.8, 1.3),
        hip_flare=(0.6, 1.0),
        chest=NONE,
        lordosis_deg=(45.0, 68.0),
        kyphosis_deg=(25.0, 40.0),
        tops=WOMAN_TOPS,
        bottoms=WOMAN_BOTTOMS,
        hairs=WOMAN_HAIR,
    ),
    BodyFamily(
        "woman_large_chest",
        "woman with a large chest",
        "female",
        height_m=(1.60, 1.76),
        girth=(0.95, 1.06),
        breadth=(0.93, 1.02),
        leg_length=(0.98, 1.03),
        trunk_length=(0.98, 1.03),
        shoulder_width=(0.92, 1.0),
        hip_width=(1.02, 1.1),
        limb_girth=(0.95, 1.04),
        breasts=(1.3, 1.8),
        belly=(0.0, 0.3),
        buttocks=(0.3, 0.7),
        hip_flare=(0.3, 0.6),
        chest=NONE,
        lordosis_deg=(38.0, 60.0),
        kyphosis_deg=(30.0, 50.0),
        tops=WOMAN_TOPS,
        bottoms=WOMAN_BOTTOMS,
        hairs=WOMAN_HAIR,
    ),
    BodyFamily(
        "heavy_woman",
        "heavy woman: belly, wide hips, full chest and buttocks",
        "female",
        height_m=(1.56, 1.72),
        girth=(1.12, 1.28),
        breadth=(1.02, 1.14),
        leg_length=(0.95, 1.0),
        trunk_length=(0.99, 1.04),
        shoulder_width=(0.95, 1.04),
        hip_width=(1.1, 1.18),
        limb_girth=(1.1, 1.22),
        breasts=(1.0, 1.6),
        belly=(0.7, 1.4),
        buttocks=(0.7, 1.2),
        hip_flare=(0.6, 1.0),
        chest=NONE,
        lordosis_deg=(38.0, 62.0),
        kyphosis_deg=(30.0, 50.0),
        tops=WOMAN_TOPS,
        bottoms=WOMAN_BOTTOMS,
        hairs=WOMAN_HAIR,
    ),
    BodyFamily(
        "petite_woman",
        "short, small-framed woman",
        "female",
        height_m=(1.48, 1.58),
        girth=(0.85, 0.95),
        breadth=(0.86, 0.94),
        leg_length=(0.95, 1.0),
        trunk_length=(1.0, 1.05),
        shoulder_width=(0.86, 0.93),
        hip_width=(1.0, 1.06),
        limb_girth=(0.86, 0.95),
        breasts=(0.3, 0.8),
        belly=(0.0, 0.2),
        buttocks=(0.1, 0.5),
        hip_flare=(0.2, 0.5),
        chest=NONE,
        lordosis_deg=(35.0, 55.0),
        kyphosis_deg=(22.0, 40.0),
        tops=WOMAN_TOPS,
        bottoms=WOMAN_BOTTOMS,
        hairs=WOMAN_HAIR,
    ),
    BodyFamily(
        "athletic_woman",
        "athletic woman: muscular legs and glutes, small chest",
        "female",
        height_m=(1.62, 1.80),
        girth=(0.95, 1.04),
        breadth=(0.95, 1.02),
        leg_length=(1.0, 1.05),
        trunk_length=(0.97, 1.02),
        shoulder_width=(0.95, 1.02),
        hip_width=(1.0, 1.06),
        limb_girth=(1.05, 1.15),
        breasts=(0.3, 0.7),
        belly=NONE,
        buttocks=(0.5, 0.9),
        hip_flare=(0.2, 0.4),
        chest=(0.0, 0.3),
        lordosis_deg=(40.0, 62.0),
        kyphosis_deg=(22.0, 38.0),
        tops=WOMAN_TOPS,
        bottoms=WOMAN_BOTTOMS,
        hairs=WOMAN_HAIR,
    ),
    BodyFamily(
        "older_woman",
        "woman in her seventies: rounded upper back, softer belly",
        "female",
        height_m=(1.52, 1.66),
        girth=(1.0, 1.12),
        breadth=(0.95, 1.05),
        leg_length=(0.95, 1.0),
        trunk_length=(0.95, 1.0),
        shoulder_width=(0.88, 0.95),
        hip_width=(1.04, 1.12),
        limb_girth=(0.95, 1.05),
        breasts=(0.6, 1.2),
        belly=(0.3, 0.8),
        buttocks=(0.2, 0.5),
        hip_flare=(0.4, 0.8),
        chest=NONE,
        lordosis_deg=(22.0, 45.0),
        kyphosis_deg=(45.0, 70.0),
        tops=(("long_sleeve", 2.0), ("loose_tee", 2.0), ("hoodie", 1.0), ("tee", 1.0)),
        bottoms=(("trousers", 3.0), ("leggings", 2.0)),
        hairs=(("short", 2.0), ("bun", 2.0), ("long", 1.0)),
    ),
)
FAMILIES: dict[str, BodyFamily] = {f.name: f for f in FAMILY_LIST}

# Disjoint by family, each half spanning both sexes, lean to heavy, young to old, tight to loose.
FIT_FAMILIES: tuple[str, ...] = (
    "slim_young_man",
    "heavy_man_belly",
    "older_man_kyphosis",
    "slim_woman",
    "curvy_woman",
    "petite_woman",
)
BENCH_FAMILIES: tuple[str, ...] = (
    "muscular_man",
    "tall_lean_man",
    "woman_large_chest",
    "heavy_woman",
    "athletic_woman",
    "older_woman",
)

# What the working leg rests on or the body lies on, per exercise (the first is the original prop).
PROP_STYLES: dict[Exercise, tuple[str, ...]] = {
    Exercise.COUCH_STRETCH: ("couch", "bed", "bench"),
    Exercise.SPLIT_SQUAT: ("bench", "box", "chair", "couch"),
    Exercise.THOMAS_TEST: ("bed", "table", "bench"),
}


def _draw(rng: np.random.Generator, span: Range) -> float:
    return float(rng.uniform(*span)) if span[1] > span[0] else float(span[0])


def _choose(rng: np.random.Generator, choices: Choices) -> str:
    weights = np.array([w for _, w in choices], dtype=float)
    return choices[int(rng.choice(len(choices), p=weights / weights.sum()))][0]


def family(name: str) -> BodyFamily:
    try:
        return FAMILIES[name]
    except KeyError:
        raise KeyError(f"unknown body family {name!r}; known: {', '.join(FAMILIES)}") from None


def family_shape(fam: BodyFamily, rng: np.random.Generator) -> tuple[BodyShape, dict]:
    """A body of the family and the clinical spine it was built from."""
    base = BodyShape()
    leg, trunk = _draw(rng, fam.leg_length), _draw(rng, fam.trunk_length)
    lordosis, kyphosis = _draw(rng, fam.lordosis_deg), _draw(rng, fam.kyphosis_deg)
    share = float(rng.uniform(0.55, 0.85))
    lumbar_neutral, thorax_neutral, tilt = spine_neutrals(lordosis, kyphosis, share)
    shape = replace(
        base,
        height_m=_draw(rng, fam.height_m),
        girth=_draw(rng, fam.girth),
        breadth=_draw(rng, fam.breadth),
        thigh=base.thigh * leg * float(rng.uniform(0.98, 1.02)),
        shin=base.shin * leg * float(rng.uniform(0.98, 1.02)),
        lumbar=base.lumbar * trunk,
        thorax=base.thorax * trunk,
        shoulder_half_width=base.shoulder_half_width * _draw(rng, fam.shoulder_width),
        hip_half_width=base.hip_half_width * _draw(rng, fam.hip_width),
        limb_girth=_draw(rng, fam.limb_girth),
        breasts=_draw(rng, fam.breasts),
        belly=_draw(rng, fam.belly),
        buttocks=_draw(rng, fam.buttocks),
        hip_flare=_draw(rng, fam.hip_flare),
        chest=_draw(rng, fam.chest),
        lumbar_neutral_deg=lumbar_neutral,
        thorax_neutral_deg=thorax_neutral,
        standing_tilt_deg=tilt,
    )
    spine = {
        "lordosis_deg": round(lordosis, 2),
        "kyphosis_deg": round(kyphosis, 2),
        "incidence_share": round(share, 3),
    }
    return shape, spine


def family_look(name: str, rng: np.random.Generator, exercise: Exercise) -> Look:
    """A whole look: room, light and colours as ``random_look``, then a body, clothes and prop of the family."""
    fam = family(name)
    look = random_look(rng)
    shape, spine = family_shape(fam, rng)
    top, bottom, hair = _choose(rng, fam.tops), _choose(rng, fam.bottoms), _choose(rng, fam.hairs)
    outfit = replace(
        look.outfit,
        long_sleeves=top in ("long_sleeve", "hoodie"),
        long_pants=bottom in ("leggings", "trousers"),
        top_style={"loose_tee": "loose", "hoodie": "hoodie"}.get(top, "fitted"),
        bottom_style=bottom if bottom in ("loose_shorts", "trousers") else "fitted",
        hair_style=hair,
    )
    props = PROP_STYLES[exercise]
    return replace(
        look,
        shape=shape,
        outfit=outfit,
        family=name,
        prop_style=props[int(rng.integers(len(props)))],
        spine=spine,
    )


def clothing_label(look: Look) -> dict[str, str]:
    """The clothes and hair of a look, as the truth JSON records them."""
    o = look.outfit
    return {
        "top": o.top_style if o.top_style != "fitted" else ("long_sleeve" if o.long_sleeves else "tee"),
        "bottom": o.bottom_style
        if o.bottom_style != "fitted"
        else ("leggings" if o.long_pants else "tight_shorts"),
        "hair": o.hair_style,
    }
