"""Every exercise formcheck knows, one line each: the registry the other packages look specs up in.

Adding an exercise: a folder ``formcheck/exercises/<name>/`` with its rules, cues and ``spec.py``, its
name in ``formcheck.types.Exercise`` and one line below. The checks run at import, so a spec that
does not fit (a name registered twice, an analyzer for another exercise, an exercise without a spec)
stops formcheck at start-up with a clear message instead of a KeyError half-way through a session.
"""

from __future__ import annotations

from collections.abc import Iterable

from formcheck.errors import UnknownName
from formcheck.exercises import cues as shared_cues
from formcheck.exercises.couch_stretch.spec import SPEC as COUCH_STRETCH
from formcheck.exercises.cues import Cue, cues_in
from formcheck.exercises.glute_bridge.spec import SPEC as GLUTE_BRIDGE
from formcheck.exercises.kneeling_stretch.spec import SPEC as KNEELING_STRETCH
from formcheck.exercises.profile import register_rules
from formcheck.exercises.prone_hip_extension.spec import SPEC as PRONE_HIP_EXTENSION
from formcheck.exercises.single_leg_bridge.spec import SPEC as SINGLE_LEG_BRIDGE
from formcheck.exercises.spec import ClinicalResult, ExerciseSpec
from formcheck.exercises.split_squat.spec import SPEC as SPLIT_SQUAT
from formcheck.exercises.thomas_test.spec import SPEC as THOMAS_TEST
from formcheck.types import Exercise


class ExerciseRegistrationError(RuntimeError):
    """An exercise spec that cannot be registered: a programming error, found at import."""


def build_registry(specs: Iterable[ExerciseSpec], names: Iterable[Exercise]) -> dict[Exercise, ExerciseSpec]:
    """The specs by exercise, checked: one per name in ``names``, each consistent with its analyzer."""
    registry: dict[Exercise, ExerciseSpec] = {}
    for spec in specs:
        if spec.key in registry:
            raise ExerciseRegistrationError(f"exercise {spec.name!r} is registered twice")
        if spec.analyzer.exercise is not spec.key:
            raise ExerciseRegistrationError(
                f"exercise {spec.name!r}: its analyzer {spec.analyzer.__name__} is for "
                f"{spec.analyzer.exercise.value!r}"
            )
        registry[spec.key] = spec
    missing = [e.value for e in names if e not in registry]
    if missing:
        raise ExerciseRegistrationError(f"no spec registered for exercise(s): {', '.join(missing)}")
    return registry


SPECS: dict[Exercise, ExerciseSpec] = build_registry(
    (
        COUCH_STRETCH,
        SPLIT_SQUAT,
        THOMAS_TEST,
        GLUTE_BRIDGE,
        SINGLE_LEG_BRIDGE,
        PRONE_HIP_EXTENSION,
        KNEELING_STRETCH,
    ),
    Exercise,
)
for _spec in SPECS.values():  # each exercise's thresholds become its profile section
    register_rules(_spec.name, _spec.thresholds)


def spec_for(exercise: Exercise | str) -> ExerciseSpec:
    """The spec of an exercise or of its CLI name ("couch-stretch"); UnknownName lists the valid names."""
    try:
        return SPECS[Exercise(exercise)]
    except ValueError:
        valid = ", ".join(e.value for e in SPECS)
        raise UnknownName(f"unknown exercise {exercise!r}; choose one of: {valid}") from None


def find_spec(name: str | None) -> ExerciseSpec | None:
    """The spec of a stored exercise name, or None for a name this version does not know (a
    history row or a batch record written by another version)."""
    try:
        return SPECS.get(Exercise(name)) if name is not None else None
    except ValueError:
        return None


def clinical_tests() -> tuple[ClinicalResult, ...]:
    """The result of every registered exercise that is a clinical test."""
    return tuple(s.reporting.test for s in SPECS.values() if s.reporting.test is not None)


def all_cues() -> tuple[Cue, ...]:
    """Every cue formcheck speaks: the shared ones and each exercise's (for the traceability test)."""
    return cues_in(shared_cues) + tuple(cue for spec in SPECS.values() for cue in spec.cues)


def all_specs() -> tuple[ExerciseSpec, ...]:
    """Every registered exercise, in registration order."""
    return tuple(SPECS.values())
