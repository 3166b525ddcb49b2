"""The offline pipeline: source -> pose -> smoothing -> kinematics -> exercise rules -> Report.

Two passes keep memory flat however long the clip is: the pose pass streams frames and keeps only a
light ``PoseFrame`` per frame (landmarks and the back-contour measurement; never images or masks),
then everything after pose works on that track. Live coaching runs the same stages frame by frame
with causal smoothing (``formcheck.live``); both share ``observe_frame``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from formcheck.errors import EmptySource, NoPersonFound, UnknownName
from formcheck.exercises import create_analyzer
from formcheck.exercises.base import ExerciseResult
from formcheck.exercises.detect import recognise_exercise
from formcheck.exercises.profile import Profile, load_profile
from formcheck.kinematics.back_contour import measure_back_contour
from formcheck.kinematics.frame import compute_frame_angles
from formcheck.kinematics.leg_appearance import measure_leg_appearance
from formcheck.kinematics.leg_identity import apply_leg_identity, is_identity_known, track_leg_identity
from formcheck.kinematics.limb_length import ThighLengthReference
from formcheck.kinematics.lumbar import estimate_clip_arch
from formcheck.kinematics.view import estimate_view, stabilize_views
from formcheck.pose import create_estimator
from formcheck.pose.base import PoseEstimator
from formcheck.smoothing import zero_phase_smooth_track
from formcheck.sources import open_source
from formcheck.sources.base import FrameSource
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

ProgressCallback = Callable[[int, int | None], None]  # (frames done, frames expected or None)


@dataclass(slots=True)
class PoseTrack:
    """Every frame's pose of one clip, without images: what the later stages work on."""

    source: str
    fps: float
    size: tuple[int, int]
    frames: list[PoseFrame]
    stopped_early: StoppedEarly | None = None

    @property
    def frames_total(self) -> int:
        return len(self.frames)

    @property
    def frames_with_pose(self) -> int:
        return sum(1 for f in self.frames if f.pose is not None)

    @property
    def duration_s(self) -> float:
        if not self.frames:
            return 0.0
        return self.frames[-1].timestamp_s - self.frames[0].timestamp_s + 1.0 / self.fps


@dataclass(frozen=True, slots=True)
class Analysis:
    """A report together with what produced it (the annotated video and live views need both)."""

    report: Report
    track: PoseTrack
    angles: list[FrameAngles]
    result: ExerciseResult | None


def observe_frame(frame: Frame, estimator: PoseEstimator) -> PoseFrame:
    """Pose one frame and measure the back and each leg's colours from its image and mask at once,
    then drop both."""
    pose = estimator.estimate(frame)
    if pose is None:
        return PoseFrame(frame.index, frame.timestamp_s, frame.size, None, None)
    back = measure_back_contour(pose, pose.mask) if pose.mask is not None else None
    legs = measure_leg_appearance(pose, frame.image, pose.mask)
    return PoseFrame(
        frame.index, frame.timestamp_s, frame.size, dataclasses.replace(pose, mask=None), back, legs
    )


def track_poses(
    source: FrameSource,
    estimator: PoseEstimator,
    *,
    on_progress: ProgressCallback | None = None,
) -> PoseTrack:
    """Run the pose stage over a whole source; raises if it holds no frame or no person."""
    frames: list[PoseFrame] = []
    for frame in source:
        frames.append(observe_frame(frame, estimator))
        if on_progress is not None:
            on_progress(len(frames), source.frame_count)
    track = PoseTrack(source.name, source.fps, source.size, frames, source.stopped_early)
    if not frames:
        detail = f" ({source.stopped_early.reason})" if source.stopped_early else ""
        raise EmptySource(f"{source.name}: no frame could be decoded{detail}")
    if track.frames_with_pose == 0:
        raise NoPersonFound(f"{source.name}: no person found in any of its {len(frames)} frames")
    return track


def measure_track(track: PoseTrack) -> list[FrameAngles]:
    """Zero-phase smoothing, view, lumbar arch and joint angles for every frame of a track."""
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
    arches = estimate_clip_arch([f.back for f in smoothed], [f.timestamp_s for f in smoothed])
    thigh_lengths = ThighLengthReference.from_poses(f.pose for f in smoothed)
    return [
        dataclasses.replace(
            compute_frame_angles(frame, view, arch, thigh_lengths=thigh_lengths),
            leg_identity_confidence=round(identity.confidence, 3) if frame.pose is not None else None,
        )
        for frame, view, arch, identity in zip(smoothed, views, arches, identities, strict=True)
    ]


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
    angles = measure_track(track)
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
        frames=frame_records(angles, working_side, result.phases if result else None),
        mistakes=list(result.mistakes) if result else [],
        summary=summarize(result, angles, working_side, side_on_share),
        stopped_early=track.stopped_early,
        warnings=warnings,
    )
    if track.stopped_early is not None:
        report.warnings.append(
            f"the video stopped being readable at {track.stopped_early.at_s:.2f} s "
            f"(frame {track.stopped_early.frame_index}): analysed up to there"
        )
    return Analysis(report, track, angles, result)


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
) -> Analysis:
    """Analyse one recorded clip end to end."""
    resolve_exercise(exercise)  # fail on a bad name before minutes of pose estimation
    with (
        open_source(path, max_fps=max_fps, resize=resize) as source,
        create_estimator(model, mode="video", segmentation=True, model_path=model_path) as estimator,
    ):
        track = track_poses(source, estimator, on_progress=on_progress)
    return analyze_track(track, exercise=exercise, side=side, profile=profile)


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
    angles: Sequence[FrameAngles], side: Side | None, phases: Sequence[str | None] | None = None
) -> list[FrameRecord]:
    """The report's per-frame rows: the working side's angles, the arch and the exercise phase."""
    phases = phases if phases is not None else [None] * len(angles)
    records = []
    for frame_angles, phase in zip(angles, phases, strict=True):
        record = FrameRecord(
            t=frame_angles.timestamp_s,
            pose=frame_angles.has_pose,
            lumbar_arch_deg=frame_angles.lumbar.arch_deg,
            lumbar_confidence=frame_angles.lumbar.confidence if frame_angles.has_pose else None,
            sagittal_score=frame_angles.view.sagittal_score if frame_angles.has_pose else None,
            phase=phase,
            leg_identity_confidence=frame_angles.leg_identity_confidence,
        )
        # Where the legs cannot be told apart, the working side's angles would be a guess: leave them out.
        known = frame_angles.leg_identity_confidence is None or is_identity_known(
            frame_angles.leg_identity_confidence
        )
        if side is not None and frame_angles.has_pose and known:
            leg = frame_angles.leg(side)
            record.hip_extension_deg = leg.hip_extension_deg
            record.trunk_thigh_deg = leg.trunk_thigh_deg
            record.thigh_to_horizontal_deg = leg.thigh_to_horizontal_deg
            record.knee_flexion_deg = leg.knee_flexion_deg
        records.append(record)
    return records


def summarize(
    result: ExerciseResult | None, angles: Sequence[FrameAngles], side: Side | None, side_on_share: float
) -> dict:
    """The report's summary: the exercise's own, or an angles-only verdict, plus the side-on share."""
    summary = dict(result.summary) if result is not None else {"verdict": _angles_only_verdict(angles, side)}
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
