"""The glute bridge with end-range bias: its rules (``rules``) and its spec (``spec``)."""

from formcheck.exercises.glute_bridge.rules import GluteBridgeAnalyzer

__all__ = ["GluteBridgeAnalyzer"]
