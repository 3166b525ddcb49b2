"""The profile: every threshold the exercise rules use, each citing the seed cue it enforces.

The general thresholds are below, each exercise's in its folder (``thresholds.py``); the defaults
are the product's rules (``/work/shared/seeds/000_*.txt``, the clinic article):
each ``cited(value, seed, why)`` carries the seed's own words (verbatim, so they can be traced) and
one line on why this number. Users override any of them with ``--profile FILE``, a TOML file whose
sections are ``general`` (below) and one per exercise (its CLI name; the rules class lives in the
exercise's folder, ``formcheck/exercises/<exercise>/thresholds.py``)::

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


# The rules class of every exercise, by its profile section (its CLI name): filled by
# ``formcheck.exercises.registry`` from each exercise's spec, so this module names no exercise.
RULE_SECTIONS: dict[str, type] = {}
GENERAL = "general"


def register_rules(section: str, rules_class: type) -> None:
    """Make ``rules_class`` (a dataclass of ``cited`` fields) the profile section ``[section]``."""
    if section == GENERAL or section in RULE_SECTIONS:
        raise ValueError(f"profile section [{section}] is defined twice")
    RULE_SECTIONS[section] = rules_class


def _default_exercise_rules() -> dict[str, Any]:
    return {section: rules_class() for section, rules_class in RULE_SECTIONS.items()}


@dataclass(frozen=True, slots=True)
class Profile:
    general: GeneralRules = field(default_factory=GeneralRules)
    exercises: dict[str, Any] = field(default_factory=_default_exercise_rules)  # section -> rules

    def rules_for(self, exercise: Exercise) -> Any:
        """The exercise's own section of the profile (its thresholds)."""
        return self.exercises[Exercise(exercise).value]

    def __getattr__(self, name: str) -> Any:
        """An exercise's section by its attribute-style name (``profile.couch_stretch``)."""
        if name.startswith("__") or name == "exercises":  # copy/pickle probing a bare instance
            raise AttributeError(name)
        try:
            return self.exercises[name.replace("_", "-")]
        except KeyError:
            raise AttributeError(f"Profile has no section {name!r}") from None

    def sections(self) -> dict[str, Any]:
        """Every section, general first: name -> rules."""
        return {GENERAL: self.general, **self.exercises}

    def table(self) -> list[dict[str, Any]]:
        """Every threshold as a row: section, key, value, seed quote, why (for docs and reports)."""
        rows = []
        for section, rules in self.sections().items():
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
    sections = default.sections()
    merged: dict[str, Any] = {}
    for section, table in data.items():
        if section not in sections:
            raise BadProfile(f"{source}: unknown section [{section}]; valid: {', '.join(sections)}")
        if not isinstance(table, dict):
            raise BadProfile(f"{source}: [{section}] must be a table of key = value lines")
        merged[section] = _merge_rules(sections[section], table, section, source)
    general = merged.pop(GENERAL, default.general)
    profile = Profile(general, {**default.exercises, **merged})
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
    for section, rules in profile.exercises.items():
        on = getattr(rules, "back_arch_on_deg", None)
        if on is not None and on >= ceiling:
            raise BadProfile(
                f"{source}: {section}.back_arch_on_deg = {on!r} is not below general.arch_plausible_max_deg "
                f"= {ceiling!r} (arch readings above that are discarded, so the cue could never fire)"
            )
