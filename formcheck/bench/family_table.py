"""Per body family figures for `formcheck bench accuracy` on a body-space set (synth/families.py).

A method that only works for the bodies it was tuned on shows here: arch and hip-extension MAE and
the share of frames measured, per family, at 0-15 deg yaw and at 30 deg, and how many clips with a
clean back were flagged ``back_arch``. Works on the per-clip dicts of the accuracy summary, so it
needs nothing but the summary.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

BACK_ARCH = "back_arch"
LOW_YAW_MAX_DEG = 15.0
ANGLES = {"arch": "lumbar_arch_deg", "hip": "hip_extension_deg"}


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def _mae(clips: list[dict], angle: str) -> tuple[float | None, float | None]:
    """(MAE over frames where both exist, share of truth frames measured) of ``angle``."""
    measured = sum(c["measured"][angle] for c in clips)
    return (
        _ratio(sum(c["abs_error_sum"][angle] for c in clips), measured),
        _ratio(measured, sum(c["truth_frames"][angle] for c in clips)),
    )


def family_rows(clips: Iterable[dict]) -> list[dict]:
    """One row per body family (clips without a family are left out), sorted by name."""
    by_family: dict[str, list[dict]] = defaultdict(list)
    for clip in clips:
        if clip.get("family"):
            by_family[clip["family"]].append(clip)
    rows = []
    for family, group in sorted(by_family.items()):
        low = [c for c in group if abs(c["yaw_deg"]) <= LOW_YAW_MAX_DEG]
        high = [c for c in group if abs(c["yaw_deg"]) > LOW_YAW_MAX_DEG]
        clean = [c for c in group if BACK_ARCH not in c["truth_mistakes"]]
        arched = [c for c in group if BACK_ARCH in c["truth_mistakes"]]
        row: dict = {"family": family, "clips": len(group)}
        for short, angle in ANGLES.items():
            row[f"{short}_mae_0_15"], row[f"{short}_measured_0_15"] = _mae(low, angle)
            row[f"{short}_mae_30"], _ = _mae(high, angle)
        row["clean_clips"] = len(clean)
        row["clean_flagged"] = sum(BACK_ARCH in c["found_mistakes"] for c in clean)
        row["arched_clips"] = len(arched)
        row["arched_found"] = sum(BACK_ARCH in c["found_mistakes"] for c in arched)
        rows.append(row)
    return rows


def _cell(value: float | None, spec: str, width: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-".rjust(width)
    return format(value, spec).rjust(width)


def format_family_table(rows: list[dict]) -> str:
    """Plain-text columns, one line per family; empty when the set has no family bodies."""
    if not rows:
        return ""
    lines = [
        "Per body family: MAE in degrees at 0-15 deg yaw (share measured) and at 30 deg; back_arch on",
        "clips whose back is clean (false flags) and on arched clips (found)",
        f"{'family':<22}{'clips':>6}{'arch 0-15':>16}{'arch 30':>9}{'hip-ext 0-15':>16}{'hip 30':>8}"
        f"{'clean flagged':>15}{'arched found':>14}",
    ]
    for r in rows:
        arch = f"{_cell(r['arch_mae_0_15'], '.1f', 5)} ({_cell(r['arch_measured_0_15'], '.0%', 4)})"
        hip = f"{_cell(r['hip_mae_0_15'], '.1f', 5)} ({_cell(r['hip_measured_0_15'], '.0%', 4)})"
        lines.append(
            f"{r['family']:<22}{r['clips']:>6}{arch:>16}{_cell(r['arch_mae_30'], '.1f', 9)}{hip:>16}"
            f"{_cell(r['hip_mae_30'], '.1f', 8)}{r['clean_flagged']:>9} / {r['clean_clips']:<3}"
            f"{r['arched_found']:>8} / {r['arched_clips']}"
        )
    return "\n".join(lines)
