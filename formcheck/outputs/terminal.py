"""The human-readable summary printed after an analysis."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from formcheck.destinations import STDOUT_NAME
from formcheck.exercises.registry import spec_for
from formcheck.outputs.range_text import range_phrases
from formcheck.types import Report, ShotReport


def _fmt(value: float | None, unit: str = "°") -> str:
    return "—" if value is None else f"{value:.1f}{unit}"


def format_report_summary(report: Report, written: list[Path] | None = None) -> str:
    exercise = report.exercise.value if report.exercise else "angles only"
    side = report.side.value if report.side else "unknown"
    extent = (
        f"photo (one moment) · {'person found' if report.frames_with_pose else 'no person'}"
        if report.is_still
        else f"{report.duration_s:.1f} s · person in {report.frames_with_pose}/{report.frames_total} frames"
    )
    lines = [f"{report.source}", f"  exercise {exercise} · working side {side} · {extent}"]
    verdict = report.summary.get("verdict")
    if verdict:
        lines.append(f"  verdict: {verdict}")
    test = spec_for(report.exercise).reporting.test if report.exercise else None
    if test and report.summary.get(test.summary_key):
        lines.append(f"  {test.label}: {report.summary[test.summary_key]}")
    lines.append(_angle_line(report))
    if isinstance(report.summary.get("range"), dict):
        lines.append(_range_line(report.summary["range"]))
    if report.mistakes:
        lines.append("  mistakes:")
        for m in report.mistakes:
            peak = "" if m.peak is None else f" {'value' if report.is_still else 'peak'} {m.peak:.1f}"
            when = "at this moment" if report.is_still else f"{m.start_s:6.1f}–{m.end_s:6.1f} s"
            lines.append(f"    {when}  {m.code.value:<16}{peak}  “{m.message}”")
    elif report.exercise is not None:
        lines.append("  mistakes: none")
    if len(report.shots) > 1:
        lines.append(f"  shots ({len(report.shots)}):")
        lines.extend(_shot_line(shot) for shot in report.shots)
    for note in ("arch_note", "not_judged"):
        if report.summary.get(note):
            lines.append(f"  note: {report.summary[note]}")
    for warning in report.warnings:
        lines.append(f"  warning: {warning}")
    for path in written or []:
        lines.append(f"  wrote {'standard output' if str(path) == STDOUT_NAME else path}")
    return "\n".join(lines)


def print_report_summary(report: Report, written: list[Path] | None = None, *, file: TextIO) -> None:
    print(format_report_summary(report, written), file=file)


def _angle_line(report: Report) -> str:
    """Peak hip extension and max arch: the exercise's own figures (frames in position) when there
    is an exercise, so the terminal says what the report's summary says; all frames otherwise."""
    summary = report.summary
    if report.is_still:
        return _still_angle_line(summary)
    if "frames_in_position" in summary:
        in_position = summary["frames_in_position"]
        share = summary.get("arch_measured_fraction")
        measured = "" if share is None else f", arch measurable in {share:.0%} of them"
        return (
            f"  in position ({in_position} frames{measured}): "
            f"peak hip extension {_fmt(summary.get('peak_hip_extension_deg'))} · "
            f"max lumbar arch {_fmt(summary.get('max_lumbar_arch_deg'))}"
        )
    hip = [f.hip_extension_deg for f in report.frames if f.hip_extension_deg is not None]
    arch = [f.lumbar_arch_deg for f in report.frames if f.lumbar_arch_deg is not None]
    return (
        f"  peak hip extension {_fmt(max(hip) if hip else None)} · "
        f"max lumbar arch {_fmt(max(arch) if arch else None)} "
        f"(measurable in {len(arch)}/{report.frames_with_pose} frames)"
    )


def _range_line(reading: dict) -> str:
    """What shallow_range was judged on and the landmark proxy beside it (``outputs.range_text``)."""
    return "  " + " · ".join(range_phrases(reading))


def _still_angle_line(summary: dict) -> str:
    """A photo's angles at its one moment, and the arch as the range a neutral back allows."""
    angles = summary.get("angles") or {}
    line = (
        f"  at this moment: thigh to horizontal {_fmt(angles.get('thigh_to_horizontal_deg'))} · "
        f"knee flexion {_fmt(angles.get('knee_flexion_deg'))} · "
        f"trunk-thigh {_fmt(angles.get('trunk_thigh_deg'))}"
    )
    back = summary.get("back_arch")
    if back and None not in back["range_deg"]:
        judged = {True: "arched", False: "not arched", None: "not judged"}[back["flagged"]]
        low, high = back["range_deg"]
        line += f" · lumbar arch {low:.0f}–{high:.0f}° ({judged})"
    return line


def _shot_line(shot: ShotReport) -> str:
    span = f"    {shot.number:>2}. {shot.start_s:6.1f}–{shot.end_s:6.1f} s  {shot.kind:<9}"
    if not shot.analysed:
        return f"{span} skipped: {shot.reason}"
    codes = ", ".join(sorted({m.code.value for m in shot.mistakes})) or "none"
    exercise = shot.exercise.value if shot.exercise else "angles only"
    return f"{span} analysed as {exercise} · mistakes: {codes}"
