"""The rear-foot-elevated split-squat isometric: its rules (``rules``) and its spec (``spec``)."""

from formcheck.exercises.split_squat.rules import SplitSquatAnalyzer

__all__ = ["SplitSquatAnalyzer"]
