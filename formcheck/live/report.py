"""The live session's report: the same ``formcheck.report/1`` schema ``analyze`` writes.

Frame rows and the summary come from ``formcheck.pipeline``'s own builders, so the two reports
cannot drift apart; what differs is only what live knows differently (causal smoothing, frames it
dropped, several sets when the person restarted or switched side).
"""

from __future__ import annotations

from formcheck import pipeline
from formcheck.live.session import SetRecord
from formcheck.types import Exercise, FrameAngles, Report, Side, StoppedEarly


def _phases(sets: list[SetRecord], frame_count: int) -> list[str | None]:
    phases: list[str | None] = [None] * frame_count
    for record in sets:
        result_phases = list(getattr(record.result, "phases", []) or [])
        for offset, phase in enumerate(result_phases[: record.frame_count]):
            phases[record.first_frame + offset] = phase
    return phases


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
    phases = _phases(sets, len(angles))
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
        frames=pipeline.frame_records(angles, side, phases),
        mistakes=mistakes,
        summary=summary,
        stopped_early=stopped_early,
        warnings=report_warnings,
    )
