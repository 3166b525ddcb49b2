"""The single-leg bridge, the glute bridge's progression: its rules (``rules``) and its spec (``spec``)."""

from formcheck.exercises.single_leg_bridge.rules import SingleLegBridgeAnalyzer

__all__ = ["SingleLegBridgeAnalyzer"]
