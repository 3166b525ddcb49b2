"""The printed table of `formcheck bench real`: one row per clip, then the totals against the targets."""

from __future__ import annotations

from pathlib import Path

from formcheck.bench.real import (
    CUT_TOLERANCE_S,
    SEPARATION_TARGET_DEG,
    ArchFlag,
    ClipScore,
    RealBench,
    WindowArch,
)

_HEADER = (
    f"{'clip':<42} {'analysed as':<12} {'side found / labelled':<24} {'near side':<17} {'neutral (meas)':>15} "
    f"{'arched (meas)':>14} {'diff':>7}  {'back_arch on neutral':<24} {'arch meas/frames':>16} "
    f"{'arch if unmeas.':>15} {'pose on titles':>14}"
)


def format_table(bench: RealBench) -> str:
    lines = [
        f"real clips in {bench.clips_dir}, labels made by eye (formcheck/bench/real_labels.toml)",
        _HEADER,
    ]
    lines += [_row(score) for score in bench.scores]
    lines += [
        "neutral / arched: median lumbar arch over the frames inside windows labelled so (frames with a "
        "value); '-' no such window labelled, 'n/a' none of its frames measured",
        "arch if unmeas.: frames with an arch value inside windows labelled unmeasurable; pose on titles: "
        "frames of title/blank shots in which a person was found (both should be 0)",
        "",
        *_totals(bench),
    ]
    return "\n".join(lines)


def _row(score: ClipScore) -> str:
    name = Path(score.label.file).stem[:42]
    mode = score.analysed_as.value if score.analysed_as else "angles only"
    if score.error is not None:
        return f"{name:<42} {mode:<12} failed: {score.error}"
    return (
        f"{name:<42} {mode:<12} {_side(score):<24} {_near_side(score):<17} "
        f"{_median(score.neutral):>15} {_median(score.arched):>14} "
        f"{_signed(score.separation_deg):>7}  {_flags(score):<24} "
        f"{f'{score.frames_arch_measured}/{score.frames_total}':>16} "
        f"{_count(score.unmeasurable.measured, score.unmeasurable.frames):>15} "
        f"{_count(score.titles.with_pose, score.titles.frames):>14}"
    )


def _count(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "-"


def _side(score: ClipScore) -> str:
    found = score.found_side.value if score.found_side else "-"
    if score.analysed_as is None:
        found += " (near)"  # angles only: the report's side is the camera-near one, not a working leg
    verdict = {True: "  ok", False: "  WRONG", None: ""}[score.side_correct]
    return f"{found} / {score.label.working_side.value}{verdict}"


def _near_side(score: ClipScore) -> str:
    found = score.found_near_side.value if score.found_near_side else "-"
    labelled = score.label.near_side.value if score.label.near_side else "?"
    verdict = {True: " ok", False: " WRONG", None: ""}[score.near_side_correct]
    return f"{found} / {labelled}{verdict}"


def _median(window: WindowArch) -> str:
    if window.frames == 0:
        return "-"
    if window.median_deg is None:
        return f"n/a ({window.measured})"
    return f"{window.median_deg:.1f}° ({window.measured})"


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}°"


def _flags(score: ClipScore) -> str:
    if not score.flags_scored:
        return "-"
    if not score.false_flags:
        return f"none ({len(score.back_arch_flags)} in all)"
    return f"{len(score.false_flags)}: " + ", ".join(_flag(f) for f in score.false_flags)


def _flag(flag: ArchFlag) -> str:
    peak = f" {flag.peak_deg:.0f}°" if flag.peak_deg is not None else ""
    return f"{flag.start_s:.1f}-{flag.end_s:.1f} s{peak}"


def _totals(bench: RealBench) -> list[str]:
    t = bench.totals
    lines = [
        f"working side right on {t.side_correct} of {t.side_scored} clips "
        "(analysed with an exercise, side labelled left/right)",
        f"camera-near side right on {t.near_side_correct} of {t.near_side_scored} clips (near side labelled)",
        f"back_arch flagged on a back labelled neutral in {t.false_flag_clips} of {t.flags_scored} clips "
        "(analysed with an exercise, with neutral windows; target: none)",
        f"arched windows >= {SEPARATION_TARGET_DEG:.0f}° above neutral in {t.separation_met} of "
        f"{t.separation_scored} clips (both kinds of window measured)",
    ]
    cuts = [s.cuts for s in bench.scores if s.cuts is not None]
    labelled = sum(len(c.labelled) for c in cuts)
    missed = sum(len(c.missed) for c in cuts)
    lines.append(
        f"shot changes found within {CUT_TOLERANCE_S:.1f} s of {labelled - missed} of {labelled} labelled ones, "
        f"{sum(len(c.false) for c in cuts)} found where none is labelled"
    )
    if t.failed:
        lines.append(f"failed: {t.failed} clips")
    if bench.missing:
        lines.append(f"labelled but not in the folder: {', '.join(bench.missing)}")
    return lines
