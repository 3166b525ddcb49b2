"""What each profile value may be: its range, and the order of the pairs it belongs to.

A profile with ``nan``, ``inf``, a negative angle threshold or a minimum above its maximum would
parse and then silently change verdicts (a NaN threshold compares False with everything, so the
flag it guards never fires). Every value is checked here before any rule sees it; a failure is
one ``BadProfile`` line naming the section, the key, the value and what is allowed (exit 10).

Ranges come from the field: counts are whole numbers >= 1, durations (``*_s``) positive (a gap,
``*_gap_s``, may be 0: no bridging), angles (``*_deg``) 0..180 unless the field is a signed
inclination (metadata ``signed=True``: -180..180). Every ``*_min*`` / ``*_max*`` pair and the
general posture pair must keep their order; on/off hysteresis pairs are checked by ``profile.py``.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from formcheck.errors import BadProfile

MAX_DURATION_S = 3600.0  # an hour: longer than any set, shorter than a typo's 1e9
MAX_COUNT = 1000
# Pairs that do not follow the *_min* / *_max* naming: (section, lower key, higher key, why).
ORDERED_PAIRS = (
    ("general", "upright_trunk_max_deg", "lying_trunk_min_deg", "a trunk cannot count as upright and lying"),
)


@dataclass(frozen=True, slots=True)
class ValueRange:
    low: float
    high: float
    low_included: bool = True
    unit: str = ""

    def contains(self, value: float) -> bool:
        if not math.isfinite(value) or value > self.high:
            return False
        return value >= self.low if self.low_included else value > self.low

    def describe(self) -> str:
        low = f"{self.low:g} {'<=' if self.low_included else '<'} value"
        return f"{low} <= {self.high:g}{self.unit}"


def value_range(field: dataclasses.Field) -> ValueRange:
    """The range a profile field accepts, from its type, its name's unit and its metadata."""
    if field.type in ("int", int):
        return ValueRange(1, MAX_COUNT)
    if field.name.endswith("_gap_s"):
        return ValueRange(0.0, MAX_DURATION_S, unit=" s")
    if field.name.endswith("_s"):
        return ValueRange(0.0, MAX_DURATION_S, low_included=False, unit=" s")
    if field.name.endswith("_deg"):
        low = -180.0 if field.metadata.get("signed") else 0.0
        return ValueRange(low, 180.0, unit=" deg")
    raise AssertionError(f"profile field {field.name} has no range: give it a unit suffix (_s, _deg)")


def check_range(field: dataclasses.Field, value: float, name: str, source: str) -> None:
    allowed = value_range(field)
    if not allowed.contains(value):
        raise BadProfile(f"{source}: {name} = {value!r} is out of range: allowed {allowed.describe()}")


def check_order(rules: Any, section: str, source: str) -> None:
    """Every minimum at most its maximum (``a_min_b`` / ``a_max_b``), and the explicit pairs."""
    names = [f.name for f in dataclasses.fields(rules)]
    pairs = [
        (name, name.replace("_min", "_max", 1), "a minimum may not exceed its maximum")
        for name in names
        if "_min" in name and name.replace("_min", "_max", 1) in names
    ]
    pairs += [(low, high, why) for s, low, high, why in ORDERED_PAIRS if s == section]
    for low_name, high_name, why in pairs:
        low, high = getattr(rules, low_name), getattr(rules, high_name)
        if low > high:
            raise BadProfile(
                f"{source}: {section}.{low_name} = {low!r} is above {section}.{high_name} = {high!r} ({why})"
            )
