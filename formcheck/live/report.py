"""The live session's report: the same ``formcheck.report/1`` schema ``analyze`` writes.

Frame rows and the summary come from ``formcheck.pipeline``'s own builders, so the two reports
cannot drift apart; what differs is only what live knows differently (causal smoothing, frames it
dropped, several sets when the person restarted or switched side).
"""

from __future__ import annotations

from formcheck import pipeline
from formcheck.exercises.registry import spec_for
from formcheck.live.session import SetRecord
from formcheck.types import Exercise, FrameAngles, Report, Side, StoppedEarly


def _per_frame(sets: list[SetRecord], frame_count: int, field: str) -> list:
    """One of the sets' per-frame results (``phases``, ``frame_sides``) laid out over every frame."""
    values: list = [None] * frame_count
    for record in sets:
        result_values = list(getattr(record.result, field, []) or [])
        for offset, value in enumerate(result_values[: record.frame_count]):
            values[record.first_frame + offset] = value
    return values


def build_live_report(
    *,
    source_name: str,
    exercise: Exercise,
    fps: float,
    angles: list[FrameAngles],
    sets: list[SetRecord],
    dropped_frames: int,
    ended_by: str,
    warnings: list[str] | None = None,
    stopped_early: StoppedEarly | None = None,
) -> Report:
    """A Report over every processed frame; mistakes of every set, the summary of the last one."""
    last = sets[-1] if sets else None
    side: Side | None = last.side if last is not None else None
    result = last.result if last is not None else None
    phases = _per_frame(sets, len(angles), "phases")
    share = pipeline.sagittal_share(angles)
    summary = pipeline.summarize(result, angles, side, share)
    summary["live"] = {
        "ended_by": ended_by,
        "frames_dropped": dropped_frames,
        "sets": [{"side": s.side.value if s.side else None, "frames": s.frame_count} for s in sets],
    }
    mistakes = [m for record in sets for m in getattr(record.result, "mistakes", [])]
    duration = angles[-1].timestamp_s - angles[0].timestamp_s + 1.0 / fps if angles else 0.0
    report_warnings = list(warnings or [])
    if stopped_early is not None:  # worded as analyze words it (pipeline.analyze_track)
        where = f"{stopped_early.at_s:.2f} s (frame {stopped_early.frame_index})"
        report_warnings.append(
            f"interrupted at {where}: analysed up to there"
            if pipeline.is_interrupted(stopped_early)
            else f"the video stopped being readable at {where}: analysed up to there"
        )
    if dropped_frames:
        report_warnings.append(
            f"live: {dropped_frames} frames were dropped to keep up with the camera (analysed the newest)"
        )
    return Report(
        source=source_name,
        exercise=exercise,
        side=side,
        fps=fps,
        duration_s=round(duration, 3),
        frames_total=len(angles),
        frames_with_pose=sum(1 for a in angles if a.has_pose),
        # The rows follow the leg each set's rules judged, as analyze's do (pipeline.analyze_track).
        frames=pipeline.frame_records(
            angles,
            side,
            phases,
            _per_frame(sets, len(angles), "frame_sides"),
            legs_told_by_role=spec_for(exercise).legs_told_by_role,
        ),
        mistakes=mistakes,
        summary=summary,
        stopped_early=stopped_early,
        warnings=report_warnings,
    )
