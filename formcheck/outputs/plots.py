"""The report's curves: hip extension, thigh to horizontal and lumbar arch over time, as a PNG.

Mistake ranges are drawn as shaded bands across every panel, and each panel carries the target line
the exercise rules use (the arch limit, and the thigh lines the exercise's spec names), so a reader sees at a glance where and by how much a rule was broken.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from formcheck.exercises.registry import spec_for
from formcheck.exercises.spec import ReferenceLine
from formcheck.types import Exercise, FrameRecord, MistakeCode, Report

# Colours per mistake code (bands) and per curve; calm, colour-blind-safe hues.
MISTAKE_COLOURS = {
    MistakeCode.BACK_ARCH: "#d55e00",
    MistakeCode.SHALLOW_RANGE: "#0072b2",
    MistakeCode.KNEE_PAST_ANKLE: "#cc79a7",
    MistakeCode.BOUNCING: "#e69f00",
    MistakeCode.SHORT_HOLD: "#999999",
    MistakeCode.KNEE_NOT_HUGGED: "#009e73",
}
CURVE_COLOUR = "#23395b"


@dataclass(frozen=True, slots=True)
class Panel:
    title: str
    value_of: Callable[[FrameRecord], float | None]
    targets: tuple[ReferenceLine, ...]


# The choreography's threshold (HELPERS_BRIEF "Synthetic choreography"): arch >= 15 deg is a back
# arch. The thigh panel carries the exercise's own lines (its spec's ``reporting.thigh_targets``).
ARCH_LIMIT = ReferenceLine(15.0, "arch limit 15°", "#c62828")
HIP_NEUTRAL = ReferenceLine(0.0, "thigh in line with trunk", "#757575")


def panels_for(exercise: Exercise | None) -> tuple[Panel, ...]:
    thigh_targets = spec_for(exercise).reporting.thigh_targets if exercise is not None else ()
    return (
        Panel("Hip extension (°)", lambda f: f.hip_extension_deg, (HIP_NEUTRAL,)),
        Panel(
            "Thigh to horizontal (°, + = knee above hip)", lambda f: f.thigh_to_horizontal_deg, thigh_targets
        ),
        Panel("Lumbar arch (°)", lambda f: f.lumbar_arch_deg, (ARCH_LIMIT,)),
    )


def _series(frames: list[FrameRecord], value_of: Callable[[FrameRecord], float | None]) -> tuple[list, list]:
    """Times and values with NaN where not measurable, so matplotlib breaks the line there."""
    times, values = [], []
    for frame in frames:
        value = value_of(frame)
        times.append(frame.t)
        values.append(float(value) if value is not None and math.isfinite(value) else math.nan)
    return times, values


def _draw_bands(axis, report: Report, labelled: set) -> None:
    for mistake in report.mistakes:
        colour = MISTAKE_COLOURS.get(mistake.code, "#999999")
        label = mistake.code.value.replace("_", " ")
        axis.axvspan(
            mistake.start_s,
            max(mistake.end_s, mistake.start_s + 0.05),
            color=colour,
            alpha=0.18,
            linewidth=0,
            label=None if label in labelled else label,
        )
        labelled.add(label)


def _draw_panel(axis, report: Report, panel: Panel, labelled: set) -> None:
    times, values = _series(report.frames, panel.value_of)
    _draw_bands(axis, report, labelled)
    axis.plot(times, values, color=CURVE_COLOUR, linewidth=1.6)
    for target in panel.targets:
        axis.axhline(target.value_deg, color=target.colour, linestyle="--", linewidth=1.1)
        axis.annotate(
            target.label,
            xy=(1.0, target.value_deg),
            xycoords=("axes fraction", "data"),
            xytext=(-4, 3),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            color=target.colour,
        )
    if all(math.isnan(v) for v in values):
        axis.text(
            0.5,
            0.5,
            "not measurable in this clip",
            transform=axis.transAxes,
            ha="center",
            va="center",
            color="#757575",
            fontsize=10,
        )
    axis.set_title(panel.title, loc="left", fontsize=10, color="#333333")
    axis.grid(alpha=0.25)
    for spine in ("top", "right"):
        axis.spines[spine].set_visible(False)


def angle_curves_png(report: Report, *, width_in: float = 9.0, dpi: int = 100) -> bytes:
    """The three curves stacked over a shared time axis, as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = panels_for(report.exercise)
    figure, axes = plt.subplots(len(panels), 1, figsize=(width_in, 2.3 * len(panels)), sharex=True)
    labelled: set = set()
    try:
        for axis, panel in zip(axes, panels, strict=True):
            _draw_panel(axis, report, panel, labelled)
        axes[-1].set_xlabel("time (s)")
        if report.frames:
            axes[-1].set_xlim(report.frames[0].t, report.frames[-1].t)
        if labelled:
            figure.legend(
                loc="lower center",
                ncol=len(labelled),
                fontsize=9,
                frameon=False,
                title="shaded: mistakes seen",
                title_fontsize=9,
            )
            figure.tight_layout(rect=(0, 0.07, 1, 1))
        else:
            figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
    finally:
        plt.close(figure)
    return buffer.getvalue()
