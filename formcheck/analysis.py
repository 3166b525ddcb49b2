"""One analysed clip: its report together with the pose track and angles it was built from.

It sits above the exercise rules and below every surface (outputs, live, batch, bench), so that each
of them can hold an analysis without importing the pipeline that makes one.
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.exercises.base import ExerciseResult
from formcheck.pose.track import PoseTrack
from formcheck.types import FrameAngles, Report


@dataclass(frozen=True, slots=True)
class Analysis:
    """A report together with what produced it (the annotated video and live views need both)."""

    report: Report
    track: PoseTrack
    angles: list[FrameAngles]
    result: ExerciseResult | None
