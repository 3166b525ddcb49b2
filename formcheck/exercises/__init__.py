"""The exercise rules: one analyzer per exercise, chosen by name.

analyzer = create_analyzer(Exercise.COUCH_STRETCH, profile=load_profile(None), side=None, fps=30.0)
for angles, pose in frames:
    for event in analyzer.update(angles, pose):  # cues, counts, phases as they happen
        ...
result = analyzer.finish()  # mistakes with time ranges, summary with a verdict, phase per frame
"""

from __future__ import annotations

from formcheck.errors import UnknownName
from formcheck.exercises.base import ExerciseAnalyzer, ExerciseResult, RequiredView
from formcheck.exercises.couch_stretch import CouchStretchAnalyzer
from formcheck.exercises.profile import Profile, load_profile
from formcheck.exercises.split_squat import SplitSquatAnalyzer
from formcheck.exercises.thomas_test import ThomasTestAnalyzer
from formcheck.types import Exercise, Side

ANALYZERS: dict[Exercise, type[ExerciseAnalyzer]] = {
    Exercise.COUCH_STRETCH: CouchStretchAnalyzer,
    Exercise.SPLIT_SQUAT: SplitSquatAnalyzer,
    Exercise.THOMAS_TEST: ThomasTestAnalyzer,
}


def analyzer_class(exercise: Exercise | str) -> type[ExerciseAnalyzer]:
    """The analyzer class for an exercise or its name ("couch-stretch", ...)."""
    try:
        return ANALYZERS[Exercise(exercise)]
    except ValueError:
        valid = ", ".join(e.value for e in ANALYZERS)
        raise UnknownName(f"unknown exercise {exercise!r}; choose one of: {valid}") from None


def create_analyzer(
    exercise: Exercise | str, *, profile: Profile | None = None, side: Side | None = None, fps: float = 30.0
) -> ExerciseAnalyzer:
    """A fresh analyzer for one set of one exercise."""
    return analyzer_class(exercise)(profile if profile is not None else load_profile(None), side, fps)


__all__ = [
    "ANALYZERS",
    "ExerciseAnalyzer",
    "ExerciseResult",
    "RequiredView",
    "analyzer_class",
    "create_analyzer",
]
