"""Edited clips, shot by shot: each shot that shows a whole body is analysed on its own, the rest skipped.

A cut starts a new picture, so nothing measured before it may leak after it: smoothing, the neutral
lumbar reference, hold timing and the exercise's state all start afresh in every shot (each shot's
frames go through the ordinary per-clip analysis by themselves). Titles, blank frames, close-ups
and shots without a whole body are skipped with a reason, and their frames carry no person in the
report, so no mistake and no angle can come from them. The results are merged into one report in
the clip's own times.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from formcheck.errors import NoPersonFound
from formcheck.landmarks import PoseLandmark as Landmark
from formcheck.sources.shots import Shot, ShotKind
from formcheck.types import (
    FrameAngles,
    FrameRecord,
    LegAngles,
    LumbarArch,
    Pose,
    Report,
    ShotReport,
    ViewEstimate,
)

if TYPE_CHECKING:  # types only: the pipeline calls this module, never the other way round at run time
    from formcheck.analysis import Analysis
    from formcheck.pose.track import PoseTrack

# The body parts the rules measure: each must be seen (on at least one side of the body) for a frame
# to show "the whole body".
BODY_PARTS = (
    (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
    (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
    (Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE),
    (Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE),
)
MIN_VISIBILITY = 0.5
# A landmark this close to the frame's border (share of the frame) counts as cut off by it.
BORDER_MARGIN = 0.01
# The body (shoulders to ankles) must span at least this share of the frame's shorter side: a small
# photo on a title slide is a person, but not one to coach.
MIN_BODY_EXTENT = 0.3
# A shot is analysed when the whole body is seen in at least this share of its frames.
MIN_WHOLE_BODY_SHARE = 0.5
# Below this share of frames with any person, a shot without a whole body has no body at all.
MIN_PERSON_SHARE = 0.5

AnalyseTrack = Callable[["PoseTrack"], "Analysis"]


@dataclass(frozen=True, slots=True)
class ShotResult:
    """One shot of a clip and what became of it (``analysis`` None: skipped, ``shot.reason`` says why)."""

    shot: Shot
    analysis: Analysis | None


def whole_body_visible(pose: Pose | None) -> bool:
    """Shoulders, hips, knees and ankles all seen (one side of each is enough), inside the frame and
    large enough to be the person exercising."""
    if pose is None:
        return False
    width, height = pose.image_size
    points = []
    for pair in BODY_PARTS:
        seen = [
            pose.point(mark)
            for mark in pair
            if pose.visibility[int(mark)] >= MIN_VISIBILITY and _inside(pose.point(mark), width, height)
        ]
        if not seen:
            return False
        points.extend(seen)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(max(xs) - min(xs), max(ys) - min(ys)) >= MIN_BODY_EXTENT * min(width, height)


def _inside(point: Sequence[float], width: int, height: int) -> bool:
    x, y = float(point[0]), float(point[1])
    return (
        BORDER_MARGIN * width <= x <= (1 - BORDER_MARGIN) * width
        and BORDER_MARGIN * height <= y <= (1 - BORDER_MARGIN) * height
    )


def judge_shot(shot: Shot, poses: Sequence[Pose | None]) -> Shot:
    """The shot's final kind, now that its poses are known: an exercise only with a whole body."""
    if shot.kind is not ShotKind.EXERCISE:
        return shot
    whole = sum(whole_body_visible(p) for p in poses) / max(1, len(poses))
    if whole >= MIN_WHOLE_BODY_SHARE:
        return dataclasses.replace(
            shot, reason=f"{shot.reason}; whole body seen in {whole:.0%} of its frames"
        )
    with_person = sum(p is not None for p in poses) / max(1, len(poses))
    seen = f"whole body seen in only {whole:.0%} of its frames"
    if shot.title_like:
        return dataclasses.replace(
            shot, kind=ShotKind.TITLE, reason=f"a still, plain or text-heavy picture; {seen}"
        )
    if with_person >= MIN_PERSON_SHARE:
        return dataclasses.replace(
            shot,
            kind=ShotKind.CLOSE_UP,
            reason=f"{seen} (shoulders, hips, knees or ankles out of frame or hidden)",
        )
    return dataclasses.replace(
        shot, kind=ShotKind.NO_BODY, reason=f"a person in only {with_person:.0%} of its frames"
    )


def analyse_by_shot(
    track: PoseTrack, shots: Sequence[Shot], analyse: AnalyseTrack
) -> tuple[Analysis, list[ShotResult]]:
    """Analyse each analysable shot alone with ``analyse`` and merge the results into one.

    Raises ``NoPersonFound`` when no shot shows a whole body.
    """
    results = []
    for shot in shots:
        frames = track.frames[shot.start_frame : shot.end_frame]
        judged = judge_shot(shot, [f.pose for f in frames])
        analysis = None
        if not judged.skipped:
            analysis = analyse(dataclasses.replace(track, frames=frames, stopped_early=None))
        results.append(ShotResult(judged, analysis))
    analysed = [r for r in results if r.analysis is not None]
    if not analysed:
        kinds = ", ".join(f"{r.shot.kind.value} {r.shot.start_s:.1f}-{r.shot.end_s:.1f} s" for r in results)
        raise NoPersonFound(f"{track.source}: no shot shows a whole body ({kinds})")
    return _merge(track, results), results


def _merge(track: PoseTrack, results: Sequence[ShotResult]) -> Analysis:
    """One Analysis over the whole clip: the longest analysed shot leads (exercise, side, summary)."""
    lead = max((r for r in results if r.analysis is not None), key=lambda r: r.shot.frames).analysis
    assert lead is not None
    frames, angles, records, mistakes, warnings = [], [], [], [], []
    for number, result in enumerate(results, start=1):
        shot, analysis = result.shot, result.analysis
        if analysis is None:
            blanked = [
                dataclasses.replace(f, pose=None, back=None)
                for f in track.frames[shot.start_frame : shot.end_frame]
            ]
            frames.extend(blanked)
            angles.extend(_no_person_angles(f.index, f.timestamp_s) for f in blanked)
            records.extend(FrameRecord(t=f.timestamp_s, pose=False) for f in blanked)
            continue
        frames.extend(analysis.track.frames)
        angles.extend(analysis.angles)
        records.extend(analysis.report.frames)
        mistakes.extend(analysis.report.mistakes)
        warnings.extend(
            f"shot {number} ({shot.start_s:.1f}-{shot.end_s:.1f} s): {w}" for w in analysis.report.warnings
        )
    merged_track = dataclasses.replace(track, frames=frames)
    exercises = Counter(r.analysis.report.exercise for r in results if r.analysis is not None)
    report = Report(
        source=track.source,
        exercise=lead.report.exercise,
        side=lead.report.side,
        fps=track.fps,
        duration_s=round(track.duration_s, 3),
        frames_total=track.frames_total,
        frames_with_pose=merged_track.frames_with_pose,
        frames=records,
        mistakes=sorted(mistakes, key=lambda m: m.start_s),
        summary=dict(lead.report.summary),
        stopped_early=track.stopped_early,
        warnings=warnings,
        shots=[shot_entry(r, n) for n, r in enumerate(results, start=1)],
    )
    skipped = sum(1 for r in results if r.analysis is None)
    report.warnings.insert(
        0,
        f"{len(results)} shots found ({skipped} skipped: titles, blanks, close-ups or no whole body); "
        f"the summary is the longest analysed shot's ({lead.report.duration_s:.1f} s)",
    )
    if len(exercises) > 1:
        report.warnings.append("the analysed shots were recognised as different exercises; see shots[]")
    return dataclasses.replace(lead, report=report, track=merged_track, angles=angles)


def shot_entry(result: ShotResult, number: int) -> ShotReport:
    """The report's ``shots[]`` entry of one shot."""
    shot, analysis = result.shot, result.analysis
    report = analysis.report if analysis is not None else None
    return ShotReport(
        number=number,
        start_s=shot.start_s,
        end_s=shot.end_s,
        kind=shot.kind.value,
        analysed=report is not None,
        reason=shot.reason,
        exercise=report.exercise if report else None,
        side=report.side if report else None,
        verdict=report.summary.get("verdict") if report else None,
        mistakes=list(report.mistakes) if report else [],
    )


def _no_person_angles(index: int, timestamp_s: float) -> FrameAngles:
    return FrameAngles(
        index=index,
        timestamp_s=timestamp_s,
        has_pose=False,
        view=ViewEstimate(near_side=None, facing=0, sagittal_score=0.0, is_sagittal=False),
        trunk_inclination_deg=None,
        left=LegAngles(),
        right=LegAngles(),
        lumbar=LumbarArch(arch_deg=None, confidence=0.0, reason="not analysed: outside the analysed shots"),
    )
