"""The offline pipeline: source -> pose -> smoothing -> kinematics -> exercise rules -> Report.

Two passes keep memory flat however long the clip is: the pose pass streams frames and keeps only a
light ``PoseFrame`` per frame (landmarks and the back-contour measurement; never images or masks),
then everything after pose works on that track. Live coaching runs the same stages frame by frame
with causal smoothing (``formcheck.live``); both share ``formcheck.observation.observe_frame``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from formcheck.analysis import Analysis
from formcheck.errors import EmptySource, InvalidOption, NoPersonFound, UnknownName
from formcheck.exercises import create_analyzer
from formcheck.exercises.base import ExerciseResult
from formcheck.exercises.detect import recognise_exercise
from formcheck.exercises.profile import Profile, load_profile
from formcheck.exercises.registry import spec_for
from formcheck.exercises.still import judge_still, still_angles_only
from formcheck.kinematics.angles import trunk_inclination_deg
from formcheck.kinematics.frame import compute_frame_angles
from formcheck.kinematics.leg_identity import apply_leg_identity, is_identity_known, track_leg_identity
from formcheck.kinematics.limb_length import ThighLengthReference
from formcheck.kinematics.lumbar import estimate_clip_arch, population_arch_range
from formcheck.kinematics.unseen_back import backs_for_hip
from formcheck.kinematics.view import estimate_view, stabilize_views
from formcheck.kinematics.yaw import ViewCorrection, view_correction, width_yaw_deg
from formcheck.observation import observe_frame
from formcheck.parallel import PoseWorkers
from formcheck.pose import create_estimator
from formcheck.pose.base import PoseEstimator
from formcheck.pose.track import PoseTrack
from formcheck.shot_analysis import ShotResult, analyse_by_shot, shot_entry
from formcheck.smoothing import zero_phase_smooth_track
from formcheck.sources import open_source
from formcheck.sources.base import FrameSource
from formcheck.sources.shot_signature import FrameSignature, SignatureWatcher
from formcheck.sources.shots import Shot, segment_shots
from formcheck.sources.spill import FrameSpill
from formcheck.types import (
    Exercise,
    Frame,
    FrameAngles,
    FrameRecord,
    PoseFrame,
    Report,
    Side,
    StoppedEarly,
)

AUTO = "auto"
# Below this share of frames seen from the side, sagittal angles of the clip are not trustworthy.
MIN_SAGITTAL_SHARE = 0.5

# The ``stopped_early.reason`` of a pose pass ended by Ctrl-C (or SIGTERM), not by damage.
INTERRUPTED = "interrupted"

ProgressCallback = Callable[[int, int | None], None]  # (frames done, frames expected or None)


def track_poses(
    source: FrameSource,
    estimator: PoseEstimator | PoseWorkers,
    *,
    on_progress: ProgressCallback | None = None,
    keep_on_interrupt: bool = False,
    signatures: list[FrameSignature] | None = None,
    spill: FrameSpill | None = None,
) -> PoseTrack:
    """Run the pose stage over a whole source; raises if it holds no frame or no person.

    With ``spill`` every frame's picture is kept on disk as it passes (for the outputs that show the
    clip: one decode in all, ``formcheck.sources.spill``).

    With ``keep_on_interrupt``, Ctrl-C (``KeyboardInterrupt``) ends the pass early without losing
    it: the frames posed so far make the track, marked ``stopped_early`` with the reason
    ``interrupted``; with no frame posed yet (or none with a person) there is nothing to report,
    so :class:`InterruptedEarly` goes on. Without it (a batch, a benchmark: the interrupt is
    meant for the whole run) the KeyboardInterrupt goes on as it came.

    With ``PoseWorkers`` (a video file only) worker processes pose segments of the file and the
    frames arrive here in clip order; the workers report progress themselves. Interrupted, the
    workers are stopped and the frames received so far are a gapless start of the clip. The workers
    also take each frame's shot signature from the picture they decoded: ``signatures`` receives
    them in clip order.
    """
    frames: list[PoseFrame] = []
    if isinstance(estimator, PoseWorkers):
        observed = estimator.observe(source, on_progress, signatures, spill)
        on_progress = None
    else:
        observed = (observe_frame(frame, estimator) for frame in _kept(source, spill))
    try:
        for pose_frame in observed:
            frames.append(pose_frame)
            if on_progress is not None:
                on_progress(len(frames), source.frame_count)
        stopped_early = source.stopped_early
    except KeyboardInterrupt:
        if not keep_on_interrupt:
            raise
        stopped_early = _interrupted_after(frames, source)
    track = PoseTrack(source.name, source.fps, source.size, frames, stopped_early, is_still=source.is_still)
    if is_interrupted(track.stopped_early) and track.frames_with_pose == 0:
        when = (
            f"after {len(frames)} frames, none with a person in them"
            if frames
            else "before any frame was analysed"
        )
        raise InterruptedEarly(f"{source.name}: interrupted {when}") from None
    if not frames:
        detail = f" ({source.stopped_early.reason})" if source.stopped_early else ""
        raise EmptySource(f"{source.name}: no frame could be decoded{detail}")
    if track.frames_with_pose == 0:
        raise NoPersonFound(f"{source.name}: no person found in any of its {len(frames)} frames")
    return track


def _kept(frames: Iterable[Frame], spill: FrameSpill | None) -> Iterator[Frame]:
    for frame in frames:
        if spill is not None:
            spill.add(frame)
        yield frame


class InterruptedEarly(KeyboardInterrupt):
    """Ctrl-C before anything could be reported: no frame posed yet, or none with a person."""


def is_interrupted(stopped: StoppedEarly | None) -> bool:
    return stopped is not None and stopped.reason == INTERRUPTED


def _interrupted_after(frames: Sequence[PoseFrame], source: FrameSource) -> StoppedEarly:
    """Where an interrupted pose pass stopped: just after its last posed frame.

    A KeyboardInterrupt can land anywhere in the loop (inside the decoder's generator, inside the
    model's call, in the progress bar); whichever frame it was in is dropped, every frame already
    appended is complete.
    """
    if not frames:
        return StoppedEarly(at_s=0.0, frame_index=0, reason=INTERRUPTED)
    last = frames[-1]
    # The next frame the source would have delivered: same stride as the last two (1 if unknown).
    step = last.index - frames[-2].index if len(frames) >= 2 else 1
    at_s = last.timestamp_s + 1.0 / source.fps
    return StoppedEarly(at_s=round(at_s, 3), frame_index=last.index + max(1, step), reason=INTERRUPTED)


def measure_track(track: PoseTrack) -> list[FrameAngles]:
    """Zero-phase smoothing, view, lumbar arch and joint angles for every frame of a track."""
    return measure_track_in_view(track)[0]


def measure_track_in_view(track: PoseTrack) -> tuple[list[FrameAngles], ViewCorrection]:
    """``measure_track``, with the camera yaw its sagittal angles were corrected for."""
    # BlazePose sometimes exchanges the legs' labels for a stretch; put them back on the physical legs
    # first, or the smoother would blend the two legs across every swap.
    # Facing does not depend on the leg labels, so it comes first and lets a turn-around restart
    # the identity chain.
    raw_views = stabilize_views([estimate_view(f.pose) for f in track.frames], fps=track.fps)
    poses = [f.pose for f in track.frames]
    identities = track_leg_identity(
        poses,
        [v.facing for v in raw_views],
        fps=track.fps,
        appearances=[f.leg_appearance for f in track.frames],
    )
    unswapped = apply_leg_identity(poses, identities)
    frames = [dataclasses.replace(f, pose=p) for f, p in zip(track.frames, unswapped, strict=True)]
    smoothed = zero_phase_smooth_track(frames, track.fps)
    views = stabilize_views(
        [estimate_view(f.pose) if f.pose is not None else None for f in smoothed], fps=track.fps
    )
    # The trunk's posture picks the neutral reference (upright and lying backs dip differently).
    inclinations = [
        None if f.pose is None else trunk_inclination_deg(f.pose, v.facing or 1)
        for f, v in zip(smoothed, views, strict=True)
    ]
    arches = estimate_clip_arch([f.back for f in smoothed], [f.timestamp_s for f in smoothed], inclinations)
    thigh_lengths = ThighLengthReference.from_poses(f.pose for f in smoothed)
    posed_scores = [v.sagittal_score for v, f in zip(views, smoothed, strict=True) if f.pose is not None]
    correction = view_correction(thigh_lengths.yaw_deg(), width_yaw_deg(posed_scores))
    hip_backs = backs_for_hip(arches, [f.timestamp_s for f in smoothed])
    angles = [
        dataclasses.replace(
            compute_frame_angles(
                frame,
                view,
                arch,
                thigh_lengths=thigh_lengths,
                corrected_yaw_deg=correction.corrected_yaw_deg,
                back_for_hip=hip_back,
            ),
            leg_identity_confidence=round(identity.confidence, 3) if frame.pose is not None else None,
        )
        for frame, view, arch, hip_back, identity in zip(
            smoothed, views, arches, hip_backs, identities, strict=True
        )
    ]
    return angles, correction


def resolve_exercise(name: str | Exercise | None) -> Exercise | str | None:
    """Accept an Exercise, its CLI name, "auto" or None."""
    if name is None or isinstance(name, Exercise):
        return name
    if name == AUTO:
        return AUTO
    try:
        return Exercise(name)
    except ValueError:
        valid = ", ".join([e.value for e in Exercise] + [AUTO])
        raise UnknownName(f"unknown exercise {name!r}; choose one of: {valid}") from None


def analyze_track(
    track: PoseTrack,
    *,
    exercise: Exercise | str | None = None,
    side: Side | None = None,
    profile: Profile | None = None,
) -> Analysis:
    """Everything after the pose stage: kinematics, the exercise's rules, the report."""
    angles, correction = measure_track_in_view(track)
    poses = [f.pose for f in track.frames]
    warnings: list[str] = []
    chosen = resolve_exercise(exercise)
    if chosen == AUTO:
        chosen = recognise_exercise(angles, poses)
        if chosen is None:
            warnings.append("could not tell which exercise this clip shows; reporting angles only")
    result = None
    if isinstance(chosen, Exercise):
        analyzer = create_analyzer(chosen, profile=profile or load_profile(None), side=side, fps=track.fps)
        if track.is_still:
            photo_arch = population_arch_range(track.frames[0].back, angles[0].trunk_inclination_deg)
            result = judge_still(analyzer, angles[0], photo_arch)
        else:
            if side is None:
                analyzer.side = type(analyzer).choose_side(angles, poses)
            for frame_angles, pose in zip(angles, poses, strict=True):
                analyzer.update(frame_angles, pose)
            result = analyzer.finish()
    working_side = _working_side(result, side, angles)
    side_on_share = sagittal_share(angles)
    if side_on_share < MIN_SAGITTAL_SHARE:
        warnings.append(
            f"only {side_on_share:.0%} of frames with a person are seen from the side: "
            "turn side-on to the camera for sagittal angles"
        )
    report = Report(
        source=track.source,
        exercise=chosen if isinstance(chosen, Exercise) else None,
        side=working_side,
        fps=track.fps,
        duration_s=round(track.duration_s, 3),
        frames_total=track.frames_total,
        frames_with_pose=track.frames_with_pose,
        frames=frame_records(
            angles,
            working_side,
            result.phases if result else None,
            result.frame_sides if result else None,
            legs_told_by_role=isinstance(chosen, Exercise) and spec_for(chosen).legs_told_by_role,
        ),
        mistakes=list(result.mistakes) if result else [],
        summary=summarize(result, angles, working_side, side_on_share, still=track.is_still),
        stopped_early=track.stopped_early,
        warnings=warnings,
    )
    report.summary["view_accuracy"] = correction.note()
    if correction.limits_accuracy:
        report.warnings.append(correction.note()["note"])
    if track.stopped_early is not None:
        report.warnings.append(stopped_early_warning(track.stopped_early))
    return Analysis(report, track, angles, result)


def stopped_early_warning(stopped: StoppedEarly) -> str:
    if is_interrupted(stopped):
        return f"interrupted at {stopped.at_s:.2f} s (frame {stopped.frame_index}): analysed up to there"
    return (
        f"the video stopped being readable at {stopped.at_s:.2f} s "
        f"(frame {stopped.frame_index}): analysed up to there"
    )


def analyze_video(
    path: str | Path,
    *,
    exercise: Exercise | str | None = None,
    side: Side | None = None,
    profile: Profile | None = None,
    max_fps: float | None = None,
    resize: int | None = None,
    model: str = "blazepose-full",
    model_path: Path | None = None,
    on_progress: ProgressCallback | None = None,
    keep_on_interrupt: bool = False,
    workers: int = 1,
    spill: FrameSpill | None = None,
) -> Analysis:
    """Analyse one recorded clip end to end (``keep_on_interrupt``, ``spill``: see :func:`track_poses`).

    ``workers`` > 1 poses segments of it in that many processes (see ``formcheck.parallel``; a clip
    too short to split is posed in one). The workers are started with ``spawn``, which re-imports
    the calling script: a script that asks for workers runs its work under
    ``if __name__ == "__main__":``."""
    resolve_exercise(exercise)  # fail on a bad name before minutes of pose estimation
    if workers < 1:
        raise InvalidOption(f"workers must be at least 1, not {workers}")
    with open_source(path, max_fps=max_fps, resize=resize) as source:
        pool = PoseWorkers(workers, path, max_fps=max_fps, resize=resize, model=model, model_path=model_path)
        if workers > 1 and len(pool.plan(source)) > 1:
            # The workers sign the frames they decode (and restart their trackers at hard cuts),
            # so shots cost no second decode here.
            signatures: list[FrameSignature] = []
            track = track_poses(
                source,
                pool,
                on_progress=on_progress,
                keep_on_interrupt=keep_on_interrupt,
                signatures=signatures,
                spill=spill,
            )
            others_present = False  # each worker's crowd search stays in its process (not reported)
            times_s = [f.timestamp_s for f in track.frames]
        else:
            mode = "image" if source.is_still else "video"
            with create_estimator(model, mode=mode, segmentation=True, model_path=model_path) as estimator:
                # Signatures are taken as frames pass, so shots cost no second decode; a hard cut
                # restarts the tracker so the last shot's person is not carried into the new picture.
                watcher = SignatureWatcher(source, on_cut=getattr(estimator, "reset", None))
                track = track_poses(
                    watcher,
                    estimator,
                    on_progress=on_progress,
                    keep_on_interrupt=keep_on_interrupt,
                    spill=spill,
                )
                others_present = bool(getattr(estimator, "others_present", False))  # see pose/crowd.py
            signatures, times_s = watcher.signatures, watcher.times_s
        posed = track.frames_total  # an interrupted pass may have signed a frame it did not pose
        shots = segment_shots(signatures[:posed], times_s[:posed])
        analysis = analyze_shots(track, shots, exercise=exercise, side=side, profile=profile)
        note_input(analysis.report, source, others_present)
    return analysis


def note_input(report: Report, source: FrameSource, others_present: bool) -> None:
    """Say in the report at what size frames were analysed, and whether others were in view."""
    report.summary["frame_size"] = {
        "analysed": list(source.size),
        "original": list(source.original_size or source.size),
    }
    report.summary["others_present"] = others_present
    if others_present:
        report.warnings.append(
            "more than one person was in view: the one in an exercise posture (else the larger one) was analysed"
        )


def analyze_shots(
    track: PoseTrack,
    shots: Sequence[Shot],
    *,
    exercise: Exercise | str | None = None,
    side: Side | None = None,
    profile: Profile | None = None,
) -> Analysis:
    """``analyze_track`` on each shot of an edited clip (``formcheck.shot_analysis``); a clip of one
    shot is analysed whole, exactly as before."""

    def analyse(shot_track: PoseTrack) -> Analysis:
        return analyze_track(shot_track, exercise=exercise, side=side, profile=profile)

    if len(shots) > 1:
        analysis = analyse_by_shot(track, shots, analyse)[0]
        if track.stopped_early is not None:  # the shots were analysed without it: say it once
            analysis.report.warnings.append(stopped_early_warning(track.stopped_early))
        return analysis
    analysis = analyse(track)
    if shots:
        analysis.report.shots = [shot_entry(ShotResult(shots[0], analysis), 1)]
    return analysis


def _working_side(
    result: ExerciseResult | None, side: Side | None, angles: Sequence[FrameAngles]
) -> Side | None:
    if result is not None and result.side is not None:
        return result.side
    if side is not None:
        return side
    near = [a.view.near_side for a in angles if a.has_pose and a.view.near_side is not None]
    if not near:
        return None
    lefts = sum(1 for s in near if s is Side.LEFT)
    return Side.LEFT if lefts * 2 >= len(near) else Side.RIGHT


def sagittal_share(angles: Sequence[FrameAngles]) -> float:
    with_pose = [a for a in angles if a.has_pose]
    if not with_pose:
        return 0.0
    return sum(1 for a in with_pose if a.view.is_sagittal) / len(with_pose)


def frame_records(
    angles: Sequence[FrameAngles],
    side: Side | None,
    phases: Sequence[str | None] | None = None,
    frame_sides: Sequence[Side | None] | None = None,
    *,
    legs_told_by_role: bool = False,
) -> list[FrameRecord]:
    """The report's per-frame rows: the working side's angles, the arch and the exercise phase.

    ``frame_sides`` (the exercise's, one per frame): the leg its rules judged in each frame in position;
    the rows follow it, so they show the leg that was judged, not the other leg under the same label.
    Where the legs cannot be told apart the rows leave the leg's angles out, unless the exercise finds
    its leg by role (``legs_told_by_role``) and judged one in that frame."""
    phases = phases if phases is not None else [None] * len(angles)
    judged = frame_sides if frame_sides else [None] * len(angles)
    records = []
    for frame_angles, phase, judged_side in zip(angles, phases, judged, strict=True):
        record = FrameRecord(
            t=frame_angles.timestamp_s,
            pose=frame_angles.has_pose,
            lumbar_arch_deg=frame_angles.lumbar.arch_deg,
            lumbar_confidence=frame_angles.lumbar.confidence if frame_angles.has_pose else None,
            sagittal_score=frame_angles.view.sagittal_score if frame_angles.has_pose else None,
            phase=phase,
            leg_identity_confidence=frame_angles.leg_identity_confidence,
            lumbar_neutral=frame_angles.lumbar.neutral if frame_angles.lumbar.arch_deg is not None else None,
            lumbar_uncertainty_deg=frame_angles.lumbar.uncertainty_deg,
        )
        # Where the legs cannot be told apart, the working side's angles would be a guess: leave them out.
        known = frame_angles.leg_identity_confidence is None or is_identity_known(
            frame_angles.leg_identity_confidence
        )
        row_side = judged_side or side
        known = known or (legs_told_by_role and judged_side is not None)
        if row_side is not None and frame_angles.has_pose and known:
            leg = frame_angles.leg(row_side)
            record.hip_extension_deg = leg.hip_extension_deg
            record.trunk_thigh_deg = leg.trunk_thigh_deg
            record.thigh_to_horizontal_deg = leg.thigh_to_horizontal_deg
            record.knee_flexion_deg = leg.knee_flexion_deg
        records.append(record)
    return records


def summarize(
    result: ExerciseResult | None,
    angles: Sequence[FrameAngles],
    side: Side | None,
    side_on_share: float,
    *,
    still: bool = False,
) -> dict:
    """The report's summary: the exercise's own, or an angles-only verdict, plus the side-on share."""
    if result is not None:
        summary = dict(result.summary)
    elif still:
        summary = still_angles_only(angles[0], side)
    else:
        summary = {"verdict": _angles_only_verdict(angles, side)}
    summary.setdefault("sagittal_share", round(side_on_share, 3))
    return summary


def _angles_only_verdict(angles: Sequence[FrameAngles], side: Side | None) -> str:
    if side is None:
        return "No exercise was chosen and no side could be measured."
    values = [a.leg(side).hip_extension_deg for a in angles if a.has_pose]
    known = [v for v in values if v is not None]
    if not known:
        return f"Angles measured on the {side.value} side; hip extension was not measurable."
    return (
        f"Angles measured on the {side.value} side (no exercise chosen): "
        f"peak hip extension {max(known):.0f}°."
    )
