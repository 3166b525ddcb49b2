"""The kneeling hip-flexor stretch (half-kneeling, or the kneeling couch stretch with the rear foot up
a wall or couch): its rules (``rules``) and its spec (``spec``)."""

from formcheck.exercises.kneeling_stretch.rules import KneelingStretchAnalyzer

__all__ = ["KneelingStretchAnalyzer"]
