"""Every threshold the exercise rules use, in one readable place, each citing the seed cue it enforces.

The defaults below are the product's rules (``/work/shared/seeds/000_*.txt``, the clinic article):
each ``cited(value, seed, why)`` carries the seed's own words (verbatim, so they can be traced) and
one line on why this number. Users override any of them with ``--profile FILE``, a TOML file whose
sections are the rule groups below::

    [couch-stretch]
    back_arch_on_deg = 12.0

Unknown sections or keys and values of the wrong type raise ``BadProfile`` (one line naming the key).
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formcheck.errors import BadProfile
from formcheck.exercises.profile_ranges import check_order, check_range
from formcheck.types import Exercise

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser from PyPI
    import tomli as tomllib

# Seed quotes used by several rules.
RIBS_DOWN = "gently pull ribs down (no back arch)"
NO_LUMBAR_ARCH = "Keep ribs down; no lumbar arch"
AVOID_ARCHING = "Keep your chest tall, ribs pulled slightly down, and avoid arching your lower back"
BIG_STRETCH_ARCH = (
    "Chasing a “big stretch” in the quad while the back arches—this is lumbar extension, not hip extension"
)
ARCH_ON_WHY = (
    "lumbar arch beyond neutral that turns the cue on: an arch of >= 15 deg is the mistake, a clean back "
    "stays <= 5, and the mask-based estimate reads clean backs up to ~+8-12 deg, so the line sits just "
    "under 15 rather than midway"
)


def cited(value: float | int, seed: str, why: str, *, signed: bool = False) -> Any:
    """A profile field: its default, the seed's words it enforces and why this number.

    ``signed``: an inclination that may lie either side of its zero line (-180..180 deg); other
    angles are magnitudes (0..180). See ``profile_ranges`` for every field's range.
    """
    return field(default=value, metadata={"seed": seed, "why": why, "signed": signed})


@dataclass(frozen=True, slots=True)
class GeneralRules:
    """Rules shared by every exercise: posture recognition, flag stability, side decision."""

    lying_trunk_min_deg: float = cited(
        60.0, "Lie on your back near the couch edge", "trunk this far from vertical counts as lying"
    )
    upright_trunk_max_deg: float = cited(
        45.0, "Keep your chest tall", "trunk this close to vertical counts as standing/kneeling upright"
    )
    flag_gap_s: float = cited(
        0.5,
        "No bouncing or movement — this is a static tension hold",
        "a flag survives dips shorter than this (noise), so cues do not flicker",
    )
    arch_unmeasured_gap_s: float = cited(
        3.0,
        "Keep ribs down; no lumbar arch",
        "an arch flag survives this long through frames where the back cannot be measured (a heel pull "
        "or an arm over the back): no evidence that the arch went away",
    )
    side_decision_s: float = cited(
        1.0, "Sequence (1–2 rounds per side)", "live: the working side is decided after this long in position"
    )
    side_swap_margin_deg: float = cited(
        15.0,
        "Look at the opposite leg (the one NOT hugged)",
        "the other leg must fit the working leg's role this much better to be taken as the working leg",
    )
    arch_plausible_max_deg: float = cited(
        40.0,
        "Chasing a “big stretch” in the quad while the back arches—this is lumbar extension, not hip extension",
        "an arch reading beyond the lumbar spine's whole extension range (~30-40 deg) is a mask artefact: "
        "treated as unmeasurable, and so is the hip extension derived from it",
    )
    setup_cue_after_s: float = cited(
        2.0, "Lie on your back near the couch edge", "out of position this long before a set-up cue is shown"
    )


@dataclass(frozen=True, slots=True)
class CouchStretchRules:
    """Supine couch stretch, working leg hanging off the couch edge."""

    hanging_knee_min_deg: float = cited(
        40.0,
        "right leg hangs off with the foot lightly on the floor",
        "a hanging leg has its knee bent toward the floor",
    )
    hanging_thigh_max_deg: float = cited(
        25.0,
        "right leg hangs off with the foot lightly on the floor",
        "above this the thigh is raised, not hanging (the other leg's thigh points up at ~30-50 deg)",
        signed=True,
    )
    steady_window_s: float = cited(
        10.0,
        "Fully relax 5–8 seconds and let the thigh settle further behind you",
        "the hanging thigh only settles slowly: its level is the lower quartile of this much time in position",
    )
    level_min_span_s: float = cited(
        3.0,
        "Fully relax 5–8 seconds and let the thigh settle further behind you",
        "the thigh's level is only judged for shallow range once this much time in position lies behind it: "
        "a quartile of the first few frames is where the leg was put down, not where it rests",
    )
    steady_tolerance_deg: float = cited(
        8.0,
        "Hangs the leg into true hip extension",
        "a thigh reading further than this from its level is a landmark error (BlazePose pulls the hanging "
        "knee toward the other leg): that frame's angles are not judged",
    )
    back_arch_on_deg: float = cited(14.0, RIBS_DOWN, ARCH_ON_WHY)
    back_arch_off_deg: float = cited(11.0, NO_LUMBAR_ARCH, "the cue turns off below this (hysteresis)")
    back_arch_min_s: float = cited(1.0, NO_LUMBAR_ARCH, "an arch must last this long to count")
    shallow_on_deg: float = cited(
        -5.0,
        "let the thigh settle further behind you",
        "thigh level (lower quartile over steady_window_s) above this: the thigh rests on or above the "
        "couch line (the label: >= 0 throughout; a good stretch rests <= -10)",
        signed=True,
    )
    shallow_off_deg: float = cited(-7.0, "let the thigh settle further behind you", "hysteresis", signed=True)
    shallow_min_s: float = cited(
        2.0, "Hangs the leg into true hip extension", "a high thigh must last this long (settling is slow)"
    )
    reset_target_s: float = cited(20.0, "Long exhale reset (20–30 sec)", "shortest exhale reset")
    press_knee_drop_on_deg: float = cited(
        4.0,
        "Press the right foot into the floor at ~30–40% effort for 5–8 seconds",
        "a press extends the knee ~8-12 deg, of which the landmark knee angle shows ~5-8: a drop below "
        "the resting level this big starts one (the smoothed knee angle jitters ~1 deg)",
    )
    press_knee_drop_off_deg: float = cited(
        2.0, "Fully relax 5–8 seconds and let the thigh settle further behind you", "press ends (hysteresis)"
    )
    press_min_s: float = cited(2.0, "for 5–8 seconds", "shorter knee dips are fidgets, not presses")
    press_target_min_s: float = cited(5.0, "for 5–8 seconds", "shortest good press")
    press_target_max_s: float = cited(8.0, "for 5–8 seconds", "longest good press")
    presses_target_min: int = cited(3, "Do 3–4 presses", "fewest presses in a good set")
    presses_target_max: int = cited(4, "Do 3–4 presses", "most presses in a good set")
    lock_in_knee_rise_on_deg: float = cited(
        15.0,
        "pull heel toward butt (hamstring) for a 2-sec hold",
        "a heel pull flexes the knee >= 25 deg: a rise above the resting level this big starts a rep",
    )
    lock_in_knee_rise_off_deg: float = cited(8.0, "then relax", "rep ends (hysteresis)")
    lock_in_min_s: float = cited(0.5, "for a 2-sec hold", "shorter knee flicks are not reps")
    lock_in_hold_target_s: float = cited(2.0, "for a 2-sec hold", "each rep's hold time is compared to this")
    lock_in_plateau_tolerance_deg: float = cited(
        5.0, "for a 2-sec hold", "a rep's hold is timed while the knee stays within this of its plateau"
    )
    lock_in_reps_min: int = cited(10, "Extensor lock-in (10–15 reps)", "fewest reps in a good set")
    lock_in_reps_max: int = cited(15, "Extensor lock-in (10–15 reps)", "most reps in a good set")
    settle_window_s: float = cited(
        2.0,
        "let the thigh settle further behind you",
        "the thigh's level at the end of the reset and of each relax: median over this last stretch",
    )
    baseline_window_s: float = cited(
        8.0, "Fully relax 5–8 seconds", "the resting knee level is the median over this much relaxed time"
    )


@dataclass(frozen=True, slots=True)
class SplitSquatRules:
    """Rear-foot-elevated split-squat isometric hold."""

    rear_knee_min_deg: float = cited(
        45.0,
        "Place the top of your back foot (shoelaces side down) on the couch",
        "the rear foot up on the couch behind bends the rear knee at least this much",
    )
    rear_thigh_min_deg: float = cited(
        -35.0,
        "Place the top of your back foot (shoelaces side down) on the couch",
        "the rear thigh points down or back (inclination from straight down), never forward as in sitting",
        signed=True,
    )
    split_min_deg: float = cited(
        5.0,
        "Step your front foot forward far enough",
        "the rear thigh points further back than the front one by at least this (standing tall included)",
    )
    front_thigh_alone_max_deg: float = cited(
        -30.0,
        "Step your front foot forward far enough",
        "with the other leg hidden, a thigh reaching forward beyond this (inclination) is the front leg",
        signed=True,
    )
    hold_knee_on_deg: float = cited(
        45.0, "Lower slowly until you feel a light stretch", "front knee flexion that starts a hold"
    )
    hold_knee_off_deg: float = cited(35.0, "Rest briefly, then repeat", "front knee flexion that ends it")
    hold_min_s: float = cited(
        2.0, "Hold this position for 20–30 seconds", "a dip shorter than this is no hold"
    )
    hold_plateau_tolerance_deg: float = cited(
        15.0,
        "Hold this position for 20–30 seconds",
        "hold time counts frames within this of the hold's median knee flexion (not the lowering)",
    )
    hold_target_min_s: float = cited(20.0, "Hold this position for 20–30 seconds", "shorter: short_hold")
    hold_target_max_s: float = cited(30.0, "Hold this position for 20–30 seconds", "longest useful hold")
    holds_per_side_min: int = cited(
        2, "Rest briefly, then repeat 2–3 times per side", "fewest holds per side"
    )
    holds_per_side_max: int = cited(3, "Rest briefly, then repeat 2–3 times per side", "most holds per side")
    settle_s: float = cited(
        1.0,
        "Lower slowly until you feel a light stretch across the front of the hip of the rear leg",
        "form rules start this long after the hold is confirmed (the lowering is over)",
    )
    back_arch_on_deg: float = cited(14.0, AVOID_ARCHING, ARCH_ON_WHY)
    back_arch_off_deg: float = cited(11.0, AVOID_ARCHING, "the cue turns off below this (hysteresis)")
    back_arch_min_s: float = cited(1.0, AVOID_ARCHING, "an arch must last this long to count")
    rear_knee_behind_on_deg: float = cited(
        -3.0,
        "The back knee should be slightly behind your hip line — that’s true hip extension.",
        "rear thigh inclination (+ = knee behind the hip) below this: knee not behind the hip line. The "
        "line is 0 deg; BlazePose's hip point reads the thigh ~5 deg more forward than the joint, so a "
        "knee just behind the line (+5) reads ~0 and one in front (<= 0) reads <= -5",
        signed=True,
    )
    rear_knee_behind_off_deg: float = cited(
        0.0, "The back knee should be slightly behind your hip line", "hysteresis", signed=True
    )
    shallow_min_s: float = cited(
        1.5,
        "The back knee should be slightly behind your hip line",
        "minimum: the hold's position, not a moment (a knee landmark slipping forward for ~1 s at the top "
        "of a bounce is bouncing's business)",
    )
    front_shin_on_deg: float = cited(
        24.0,
        "your front knee stays roughly over your ankle",
        "front shin inclined forward beyond this: knee far past the ankle (mistake at >= 30)",
    )
    front_shin_off_deg: float = cited(20.0, "your front knee stays roughly over your ankle", "hysteresis")
    knee_past_ankle_min_s: float = cited(1.0, "your front knee stays roughly over your ankle", "minimum")
    bounce_window_s: float = cited(
        2.0,
        "No bouncing or movement — this is a static tension hold",
        "movement = std of front knee flexion around a quadratic trend over this trailing window (2 bounces at ~1 Hz)",
    )
    bounce_on_deg: float = cited(
        4.0,
        "No bouncing or movement — this is a static tension hold",
        "a +-8 deg bounce has std 5.7 deg; a still hold's landmark jitter stays under ~1.5 deg, but "
        "BlazePose's knee wobbles for a few seconds now and then (std up to ~3.7 deg on still studio holds)",
    )
    bounce_off_deg: float = cited(
        3.0, "No bouncing or movement — this is a static tension hold", "hysteresis"
    )
    bounce_min_s: float = cited(1.5, "No bouncing or movement — this is a static tension hold", "minimum")


@dataclass(frozen=True, slots=True)
class ThomasTestRules:
    """Thomas test: lying back, one knee hugged, does the other thigh float above horizontal?"""

    hug_attempt_min_deg: float = cited(
        50.0,
        "Hug one knee tight to your chest",
        "hip flexion of the hugged leg (-trunk-thigh) from which the person is taken to be in the test",
    )
    test_leg_max_flexion_deg: float = cited(
        45.0,
        "Look at the opposite leg (the one NOT hugged)",
        "the test leg's hip flexion stays below this (its thigh lies along the bed)",
    )
    hug_loose_on_deg: float = cited(
        80.0,
        "Lie back while keeping that knee hugged to your chest",
        "hugged-hip flexion below this is a loose hug. A real hug is >= 110, a loose one < 90, but the "
        "landmark chain reads a folded hip ~15-25 deg short (knee and hands overlap the thigh): "
        "rendered tight hugs read 88-116, loose ones ~63",
    )
    hug_loose_off_deg: float = cited(85.0, "Hug one knee tight to your chest", "hysteresis")
    hug_loose_min_s: float = cited(1.0, "Hug one knee tight to your chest", "minimum")
    back_arch_on_deg: float = cited(14.0, BIG_STRETCH_ARCH, ARCH_ON_WHY)
    back_arch_off_deg: float = cited(11.0, BIG_STRETCH_ARCH, "hysteresis")
    back_arch_min_s: float = cited(1.0, BIG_STRETCH_ARCH, "minimum")
    positive_margin_deg: float = cited(
        4.0,
        "it floats/hovers above horizontal",
        "positive when the test thigh is above horizontal (> 0 deg) by more than the landmark chain's "
        "scatter of a few degrees",
    )
    settle_s: float = cited(
        1.0, "Lie back while keeping that knee hugged to your chest", "measure after lying back this long"
    )
    result_after_s: float = cited(
        3.0, "Look at the opposite leg (the one NOT hugged)", "position held this long gives the result"
    )
    short_rectus_knee_deg: float = cited(
        67.0,
        "If the thigh doesn’t stay flat on the bed (it floats/hovers above horizontal), you have hip flexor tightness",
        "test-leg knee flexion under ~67 deg suggests a short rectus femoris (modified Thomas test)",
    )


SECTIONS: dict[str, str] = {
    "general": "general",
    Exercise.COUCH_STRETCH.value: "couch_stretch",
    Exercise.SPLIT_SQUAT.value: "split_squat",
    Exercise.THOMAS_TEST.value: "thomas_test",
}


@dataclass(frozen=True, slots=True)
class Profile:
    general: GeneralRules = field(default_factory=GeneralRules)
    couch_stretch: CouchStretchRules = field(default_factory=CouchStretchRules)
    split_squat: SplitSquatRules = field(default_factory=SplitSquatRules)
    thomas_test: ThomasTestRules = field(default_factory=ThomasTestRules)

    def rules_for(self, exercise: Exercise) -> Any:
        """The exercise's own section of the profile (its thresholds)."""
        return getattr(self, SECTIONS[exercise.value])

    def table(self) -> list[dict[str, Any]]:
        """Every threshold as a row: section, key, value, seed quote, why (for docs and reports)."""
        rows = []
        for section, attr in SECTIONS.items():
            rules = getattr(self, attr)
            for f in dataclasses.fields(rules):
                rows.append(
                    {
                        "section": section,
                        "key": f.name,
                        "value": getattr(rules, f.name),
                        "seed": f.metadata["seed"],
                        "why": f.metadata["why"],
                    }
                )
        return rows


def load_profile(path: Path | None) -> Profile:
    """The default profile, or a user TOML file merged over it."""
    if path is None:
        return Profile()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadProfile(f"profile file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadProfile(f"profile {path} cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise BadProfile(f"profile {path} is not valid TOML: {error}") from None
    return profile_from_dict(data, source=str(path))


def profile_from_dict(data: dict[str, Any], *, source: str = "profile") -> Profile:
    """Merge a parsed TOML table over the defaults, checking every section, key and type."""
    default = Profile()
    merged: dict[str, Any] = {}
    for section, table in data.items():
        if section not in SECTIONS:
            raise BadProfile(f"{source}: unknown section [{section}]; valid: {', '.join(SECTIONS)}")
        if not isinstance(table, dict):
            raise BadProfile(f"{source}: [{section}] must be a table of key = value lines")
        rules = getattr(default, SECTIONS[section])
        merged[SECTIONS[section]] = _merge_rules(rules, table, section, source)
    profile = dataclasses.replace(default, **merged)
    _check_arch_can_fire(profile, source)
    return profile


def _merge_rules(rules: Any, table: dict[str, Any], section: str, source: str) -> Any:
    fields = {f.name: f for f in dataclasses.fields(rules)}
    changes = {}
    for key, value in table.items():
        if key not in fields:
            raise BadProfile(f"{source}: unknown key {section}.{key}; valid: {', '.join(fields)}")
        changes[key] = _checked_value(fields[key], value, f"{section}.{key}", source)
    merged = dataclasses.replace(rules, **changes)
    check_order(merged, section, source)
    _check_hysteresis(merged, section, source)
    return merged


def _checked_value(f: dataclasses.Field, value: Any, name: str, source: str) -> float | int:
    wants_int = f.type in ("int", int)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        kind = "a whole number" if wants_int else "a number"
        raise BadProfile(f"{source}: {name} must be {kind}, got {value!r}")
    if wants_int and not isinstance(value, int):
        raise BadProfile(f"{source}: {name} must be a whole number, got {value!r}")
    check_range(f, value, name, source)
    return value if wants_int else float(value)


def _check_hysteresis(rules: Any, section: str, source: str) -> None:
    """An ``*_on_*`` / ``*_off_*`` pair must leave a band: the off value may not pass the on value."""
    names = {f.name for f in dataclasses.fields(rules)}
    for name in names:
        if "_on_" not in name:
            continue
        off_name = name.replace("_on_", "_off_")
        if off_name not in names:
            continue
        on, off = getattr(rules, name), getattr(rules, off_name)
        default_on = getattr(type(rules)(), name)
        default_off = getattr(type(rules)(), off_name)
        above = default_off <= default_on  # the flag's direction, as the defaults define it
        if (above and off > on) or (not above and off < on):
            raise BadProfile(
                f"{source}: {section}.{off_name} = {off} passes {section}.{name} = {on}: "
                "the off threshold must stay on the good side of the on threshold"
            )


def _check_arch_can_fire(profile: Profile, source: str) -> None:
    """An arch reading above ``arch_plausible_max_deg`` is discarded as a mask artefact, so an arch
    cue that turns on only above it could never fire: the back would never be flagged."""
    ceiling = profile.general.arch_plausible_max_deg
    for section, attr in SECTIONS.items():
        on = getattr(getattr(profile, attr), "back_arch_on_deg", None)
        if on is not None and on >= ceiling:
            raise BadProfile(
                f"{source}: {section}.back_arch_on_deg = {on!r} is not below general.arch_plausible_max_deg "
                f"= {ceiling!r} (arch readings above that are discarded, so the cue could never fire)"
            )
