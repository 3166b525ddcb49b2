"""Prone hip extension (pillow under ASIS): its rules (``rules``) and its spec (``spec``)."""

from formcheck.exercises.prone_hip_extension.rules import ProneHipExtensionAnalyzer

__all__ = ["ProneHipExtensionAnalyzer"]
