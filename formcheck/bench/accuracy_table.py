"""The plain-text table `formcheck bench accuracy` prints from ``accuracy.summarise``'s summary."""

from __future__ import annotations

import math

from formcheck.bench.accuracy import ANGLES
from formcheck.exercises.base import counted


def _fmt(value: float | None, spec: str) -> str:
    """``value`` formatted, or a dash padded to the same width when there is no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        width = "".join(ch for ch in spec.split(".")[0] if ch.isdigit())
        return "-".rjust(int(width)) if width else "-"
    return format(value, spec)


def format_table(summary: dict) -> str:
    """Plain-text columns: angles per exercise and |yaw|, mistakes, then the targets."""
    head = f"{'exercise':<20}{'yaw':>4}{'clips':>6}{'detect':>8}{'lm/torso':>9}{'side ok':>8}"
    for short in ("hip-ext", "arch", "thigh-hz", "knee"):
        head += f"{short + ' MAE (meas)':>21}"
    lines = ["Angles: MAE in degrees over frames where both exist (share of frames measured)", head]
    for row in summary["angles"]:
        line = (
            f"{row['exercise']:<20}{row['yaw']:>4}{row['clips']:>6}{_fmt(row['detection_rate'], '8.1%')}"
            f"{_fmt(row['landmark_error_torso'], '9.3f')}{_fmt(row['side_correct'], '8.0%')}"
        )
        for name in ANGLES:
            cell = f"{_fmt(row[f'{name}_mae'], '.1f')} ({_fmt(row[f'{name}_measured'], '.0%')})"
            line += f"{cell:>21}"
        lines.append(line)
    lines += _bias_lines(summary["angles"])
    lines += _measure_lines(summary.get("measures", []))
    for group, title in (("yaw_0_15", "0-15 deg yaw"), ("yaw_above_15", "30 deg yaw")):
        rows = summary["mistakes"][group]
        if not rows:
            continue
        lines += [
            "",
            f"Mistakes at clip level, {title}",
            f"{'exercise:code':<34}{'TP':>4}{'FP':>4}{'FN':>4}{'precision':>11}{'recall':>8}",
        ]
        for key, row in rows.items():
            if "accuracy" in row:
                lines.append(
                    f"{key:<34}{'':>12}{'accuracy ' + _fmt(row['accuracy'], '.2f'):>19}  ({row['clips']} clips)"
                )
                continue
            lines.append(
                f"{key:<34}{row['tp']:>4}{row['fp']:>4}{row['fn']:>4}{_fmt(row['precision'], '11.2f')}{_fmt(row['recall'], '8.2f')}"
            )
            if "when_visible" in row:
                seen = row["when_visible"]
                clips = f"{counted(seen['visible'], 'clip')}, {seen['hidden']} hidden by an arm"
                lines.append(
                    f"  where the arched back is in the image ({clips}){_fmt(seen['recall'], '8.2f')}"
                )
    lines += _range_lines(summary.get("range", []))
    lines += _back_edge_lines(summary.get("back_edge", []))
    lines += ["", "Targets at 0-15 deg yaw"]
    for target in summary["targets"]:
        verdict = {True: "met", False: "NOT met", None: "n/a (no clip)"}[target["met"]]
        lines.append(
            f"  {target['what']:<48}{_fmt(target['value'], '.2f'):>7}  {target['target']:<7} {verdict}"
        )
    return "\n".join(lines)


def _bias_lines(rows: list[dict]) -> list[str]:
    """The mean signed error beside each MAE: a reading that is off the same way in every frame is a
    bias a threshold could silently absorb, which the MAE alone does not show."""
    if not any(row.get(f"{name}_bias") is not None for row in rows for name in ANGLES):
        return []
    head = f"{'exercise':<20}{'yaw':>4}" + "".join(
        f"{short:>10}" for short in ("hip-ext", "arch", "thigh-hz", "knee")
    )
    lines = ["", "Mean signed error in degrees (formcheck - truth), same frames as the MAE", head]
    for row in rows:
        cells = "".join(_fmt(row.get(f"{name}_bias"), "+10.1f") for name in ANGLES)
        lines.append(f"{row['exercise']:<20}{row['yaw']:>4}{cells}")
    return lines


def _measure_lines(rows: list[dict]) -> list[str]:
    """Each exercise's own counts and timings against the studio's events (found - true)."""
    if not rows:
        return []
    lines = [
        "",
        "Exercise measures against the studio's events: MAE and mean signed error (found - true);",
        "reps per clip, seconds per squeeze or hold, degrees of hip extension per prone lift",
        f"{'exercise':<20}{'yaw':>4}  {'measure':<24}{'n':>4}{'MAE':>7}{'bias':>7}  note",
    ]
    for row in rows:
        if "exact" in row:
            note = f"exact in {row['exact']} of {row['n']} clips"
        else:
            note = f"{row['missed']} not found" if row["missed"] else ""
        lines.append(
            f"{row['exercise']:<20}{row['yaw']:>4}  {row['measure']:<24}{row['n']:>4}"
            f"{_fmt(row['mae'], '7.2f')}{_fmt(row['bias'], '+7.2f')}  {note}".rstrip()
        )
    return lines


def _range_lines(rows: list[dict]) -> list[str]:
    """shallow_range on true hip extension (the proxy label beside it) and hip-extension coverage."""
    rows = [row for row in rows if row["clips"] or row["coverage_frames"]]
    if not rows:
        return []
    lines = [
        "",
        "Range: shallow_range on true hip extension (studio label), the landmark-proxy label beside it;",
        "hip extension measured in position (truth's in-position frames, working leg in the image)",
        f"{'exercise':<20}{'yaw':>5}{'clips':>6}{'unscored':>9}{'TP':>4}{'FP':>4}{'FN':>4}{'precision':>11}"
        f"{'recall':>8}{'proxy P':>9}{'proxy R':>9}{'hip-ext measured':>18}",
    ]
    for row in rows:
        true, proxy = row["true_label"], row["proxy_label"]
        coverage = f"{_fmt(row['coverage'], '.0%')} of {row['coverage_frames']}"
        lines.append(
            f"{row['exercise']:<20}{row['yaw']:>5}{row['clips']:>6}{row['not_scored']:>9}{true['tp']:>4}"
            f"{true['fp']:>4}{true['fn']:>4}{_fmt(true['precision'], '11.2f')}{_fmt(true['recall'], '8.2f')}"
            f"{_fmt(proxy['precision'], '9.2f')}{_fmt(proxy['recall'], '9.2f')}{coverage:>18}"
        )
    return lines


def _back_edge_lines(rows: list[dict]) -> list[str]:
    """Where the studio's silhouettes show an arm forming the back edge, and what formcheck said."""
    if not rows:
        return []
    lines = [
        "",
        "Back edge formed by an arm (studio silhouettes) vs formcheck's 'arm over the back'",
        f"{'exercise':<20}{'yaw':>4}{'frames':>8}{'arm is edge':>13}{'caught':>8}{'read thru':>11}"
        f"{'false alarm':>13}",
    ]
    for row in rows:
        lines.append(
            f"{row['exercise']:<20}{row['yaw']:>4}{row['frames']:>8}{_fmt(row['arm_edge_share'], '13.1%')}"
            f"{_fmt(row['caught'], '8.0%')}{_fmt(row['read_through'], '11.0%')}{_fmt(row['false_alarm'], '13.1%')}"
        )
    return lines
