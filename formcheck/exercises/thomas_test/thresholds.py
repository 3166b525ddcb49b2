"""The thresholds of the Thomas test, each citing the seed sentence it enforces.

They are the ``[thomas-test]`` section of a ``--profile`` file (see ``formcheck.exercises.profile``).
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.exercises.profile import ARCH_ON_WHY, BIG_STRETCH_ARCH, cited


@dataclass(frozen=True, slots=True)
class ThomasTestRules:
    """Thomas test: lying back, one knee hugged, does the other thigh float above horizontal?"""

    hug_attempt_min_deg: float = cited(
        50.0,
        "Hug one knee tight to your chest",
        "hip flexion of the hugged leg (-trunk-thigh) from which the person is taken to be in the test",
    )
    test_leg_max_flexion_deg: float = cited(
        45.0,
        "Look at the opposite leg (the one NOT hugged)",
        "the test leg's hip flexion stays below this (its thigh lies along the bed)",
    )
    hug_loose_on_deg: float = cited(
        80.0,
        "Lie back while keeping that knee hugged to your chest",
        "hugged-hip flexion below this is a loose hug. A real hug is >= 110, a loose one < 90, but the "
        "landmark chain reads a folded hip ~15-25 deg short (knee and hands overlap the thigh): "
        "rendered tight hugs read 88-116, loose ones ~63",
    )
    hug_loose_off_deg: float = cited(85.0, "Hug one knee tight to your chest", "hysteresis")
    hug_loose_min_s: float = cited(1.0, "Hug one knee tight to your chest", "minimum")
    back_arch_on_deg: float = cited(14.0, BIG_STRETCH_ARCH, ARCH_ON_WHY)
    back_arch_off_deg: float = cited(11.0, BIG_STRETCH_ARCH, "hysteresis")
    back_arch_min_s: float = cited(1.0, BIG_STRETCH_ARCH, "minimum")
    positive_margin_deg: float = cited(
        4.0,
        "it floats/hovers above horizontal",
        "positive when the test thigh is above horizontal (> 0 deg) by more than the landmark chain's "
        "scatter of a few degrees",
    )
    settle_s: float = cited(
        1.0, "Lie back while keeping that knee hugged to your chest", "measure after lying back this long"
    )
    result_after_s: float = cited(
        3.0, "Look at the opposite leg (the one NOT hugged)", "position held this long gives the result"
    )
    short_rectus_knee_deg: float = cited(
        67.0,
        "If the thigh doesn’t stay flat on the bed (it floats/hovers above horizontal), you have hip flexor tightness",
        "test-leg knee flexion under ~67 deg suggests a short rectus femoris (modified Thomas test)",
    )
