"""The range reading in words, for every surface that prints it (terminal, HTML).

``summary.range`` (``exercises.range_reading``) says what shallow_range was judged on (true hip
extension), how much of it was measured, and the landmark proxy kept beside it, which flags nothing.
"""

from __future__ import annotations


def _deg(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}°"


def range_phrases(reading: dict) -> tuple[str, str]:
    """(what range was judged on, the landmark proxy shown beside it) as two short phrases."""
    share = reading.get("hip_extension_measured_fraction")
    judged = (
        "range not judged (never in the position it is read in)"
        if share is None
        else f"range judged on hip extension {_deg(reading.get('median_hip_extension_deg'))} "
        f"(measured in {share:.0%} of {reading.get('frames_judged')} frames)"
    )
    proxy = reading.get("landmark_proxy") or {}
    # The proxy in words, without its sign convention: "the rear knee against the hip line".
    what = str(proxy.get("what") or proxy.get("angle")).split(" (")[0]
    return judged, f"not judged on, shown beside it: {what} {_deg(proxy.get('median_deg'))}"
