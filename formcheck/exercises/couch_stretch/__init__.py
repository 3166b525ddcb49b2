"""The supine couch stretch: its rules (``rules``) and its spec (``spec``)."""

from formcheck.exercises.couch_stretch.rules import CouchStretchAnalyzer

__all__ = ["CouchStretchAnalyzer"]
