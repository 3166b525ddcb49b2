"""The Thomas test: its rules (``rules``) and its spec (``spec``)."""

from formcheck.exercises.thomas_test.rules import ThomasTestAnalyzer

__all__ = ["ThomasTestAnalyzer"]
