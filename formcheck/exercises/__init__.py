"""The exercise rules: one folder per exercise, looked up in the registry by name.

analyzer = create_analyzer(Exercise.COUCH_STRETCH, profile=load_profile(None), side=None, fps=30.0)
for angles, pose in frames:
    for event in analyzer.update(angles, pose):  # cues, counts, phases as they happen
        ...
result = analyzer.finish()  # mistakes with time ranges, summary with a verdict, phase per frame

Everything else an exercise brings (titles, coaching, gauges, report plots, recognition) is its
``ExerciseSpec``: ``spec_for(exercise)``.
"""

from __future__ import annotations

from formcheck.exercises.base import ExerciseAnalyzer, ExerciseResult, RequiredView
from formcheck.exercises.profile import Profile, load_profile
from formcheck.exercises.registry import SPECS, all_specs, spec_for
from formcheck.exercises.spec import ExerciseSpec
from formcheck.types import Exercise, Side

# The analyzer class of every registered exercise (kept for callers that only need the rules).
ANALYZERS: dict[Exercise, type[ExerciseAnalyzer]] = {key: spec.analyzer for key, spec in SPECS.items()}


def analyzer_class(exercise: Exercise | str) -> type[ExerciseAnalyzer]:
    """The analyzer class for an exercise or its name ("couch-stretch", ...)."""
    return spec_for(exercise).analyzer


def create_analyzer(
    exercise: Exercise | str, *, profile: Profile | None = None, side: Side | None = None, fps: float = 30.0
) -> ExerciseAnalyzer:
    """A fresh analyzer for one set of one exercise."""
    return analyzer_class(exercise)(profile if profile is not None else load_profile(None), side, fps)


__all__ = [
    "ANALYZERS",
    "ExerciseAnalyzer",
    "ExerciseResult",
    "ExerciseSpec",
    "RequiredView",
    "all_specs",
    "analyzer_class",
    "create_analyzer",
    "spec_for",
]
