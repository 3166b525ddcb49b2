"""`formcheck bench real`: the normal pipeline on real clips, scored against labels made by eye.

A second check, independent of the synthetic studio: real bodies, clothes, cameras and cuts. Per clip
it runs what ``formcheck analyze`` runs (with the labelled exercise when formcheck has rules for it,
else angles only), then compares with the labels (``real_labels.py``):

- the working side found against the labelled one (clips analysed with an exercise and a labelled
  left/right only: without an exercise the report's side is just the camera-near one), and the
  camera-near side most frames report against the labelled one (every clip with a labelled one);
- the median lumbar arch over frames in windows labelled neutral and over frames in windows labelled
  arched, and their difference (target: the arched windows read at least 5 deg above the neutral
  ones of the same clip; a difference within a clip cancels the person's own resting curve);
- ``back_arch`` flags overlapping a window labelled neutral (target: none);
- two traps the labels expose: a person "found" on title and blank frames, and an arch reported in
  windows labelled unmeasurable (close-ups, titles, a hidden back).

Nothing here is tuned to these clips: the figures are whatever the current code gives. Pose tracks
are cached on disk, keyed by the clip's bytes and the pose stage's source code.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from formcheck.bench.real_labels import ClipLabel, LumbarState, ShotKind
from formcheck.errors import FormcheckError, SourceNotFound, SourceUnreadable
from formcheck.types import Exercise, FrameAngles, MistakeCode, Report, Side

SEPARATION_TARGET_DEG = 5.0
# A detected cut matches a labelled one within this many seconds (fades last half a second or more,
# and where a fade "is" the cut is a matter of judgement within it).
CUT_TOLERANCE_S = 0.3
CLIPS_ENV = "FORMCHECK_REALCLIPS"
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class WindowArch:
    """The arch over the frames inside one kind of labelled window."""

    frames: int  # frames whose time falls in such a window
    measured: int  # of those, frames with an arch value
    median_deg: float | None


@dataclass(frozen=True, slots=True)
class TitleFrames:
    """Frames inside shots labelled title or blank, and how many of them the model "found" a person in."""

    frames: int
    with_pose: int


@dataclass(frozen=True, slots=True)
class ArchFlag:
    start_s: float
    end_s: float
    peak_deg: float | None


@dataclass(frozen=True, slots=True)
class CutScore:
    """Shot changes the analysis found against the labelled ones (times in seconds)."""

    labelled: tuple[float, ...]
    detected: tuple[float, ...]
    missed: tuple[float, ...]  # labelled, with no detected cut within CUT_TOLERANCE_S
    false: tuple[float, ...]  # detected, with no labelled cut within CUT_TOLERANCE_S


def labelled_cuts(label: ClipLabel) -> tuple[float, ...]:
    """Where one labelled shot gives way to the next, except set-up turning into the exercise (the
    same take goes on: the labels split it by what the person does, not by an edit)."""
    continuous = {ShotKind.SETUP, ShotKind.EXERCISE}
    return tuple(
        after.start_s
        for before, after in zip(label.shots, label.shots[1:], strict=False)
        if not ({before.kind, after.kind} <= continuous and ShotKind.SETUP in (before.kind, after.kind))
    )


def score_cuts(labelled: Sequence[float], detected: Sequence[float]) -> CutScore:
    def near(t: float, others: Sequence[float]) -> bool:
        return any(abs(t - o) <= CUT_TOLERANCE_S for o in others)

    return CutScore(
        labelled=tuple(labelled),
        detected=tuple(detected),
        missed=tuple(t for t in labelled if not near(t, detected)),
        false=tuple(t for t in detected if not near(t, labelled)),
    )


@dataclass(frozen=True, slots=True)
class ClipScore:
    label: ClipLabel
    analysed_as: Exercise | None  # None: angles only
    found_side: Side | None
    found_near_side: Side | None  # the camera-near side most frames with a person report
    frames_total: int
    frames_with_pose: int
    frames_arch_measured: int
    neutral: WindowArch
    arched: WindowArch
    unmeasurable: WindowArch  # any arch value here is reported where no back can be seen
    titles: TitleFrames
    back_arch_flags: tuple[ArchFlag, ...]
    false_flags: tuple[ArchFlag, ...]  # back_arch flags overlapping a window labelled neutral
    error: str | None = None
    cuts: CutScore | None = None  # None: the clip was not analysed

    @property
    def side_correct(self) -> bool | None:
        """None when not scored: angles only, or no left/right in the label."""
        labelled = self.label.working_side.side
        if self.analysed_as is None or labelled is None or self.error is not None:
            return None
        return self.found_side is labelled

    @property
    def near_side_correct(self) -> bool | None:
        if self.label.near_side is None or self.error is not None:
            return None
        return self.found_near_side is self.label.near_side

    @property
    def separation_deg(self) -> float | None:
        if self.neutral.median_deg is None or self.arched.median_deg is None:
            return None
        return self.arched.median_deg - self.neutral.median_deg

    @property
    def meets_separation(self) -> bool | None:
        separation = self.separation_deg
        return None if separation is None else separation >= SEPARATION_TARGET_DEG

    @property
    def flags_scored(self) -> bool:
        """False-flag counting needs an exercise's rules (angles only flags nothing) and a neutral window."""
        return (
            self.error is None
            and self.analysed_as is not None
            and bool(self.label.windows(LumbarState.NEUTRAL))
        )


@dataclass(frozen=True, slots=True)
class Totals:
    side_correct: int
    side_scored: int
    near_side_correct: int
    near_side_scored: int
    false_flag_clips: int
    flags_scored: int
    separation_met: int
    separation_scored: int
    failed: int


@dataclass(frozen=True, slots=True)
class RealBench:
    clips_dir: Path
    scores: tuple[ClipScore, ...]
    missing: tuple[str, ...]  # labelled clips not present in the folder

    @property
    def totals(self) -> Totals:
        return totals_of(self.scores)


def window_arch(label: ClipLabel, report: Report, state: LumbarState) -> WindowArch:
    windows = label.windows(state)
    inside = [f for f in report.frames if any(w.contains(f.t) for w in windows)]
    values = [f.lumbar_arch_deg for f in inside if f.lumbar_arch_deg is not None]
    return WindowArch(len(inside), len(values), statistics.median(values) if values else None)


def title_frames(label: ClipLabel, report: Report) -> TitleFrames:
    shots = [s for s in label.shots if s.kind in (ShotKind.TITLE, ShotKind.BLANK)]
    inside = [f for f in report.frames if any(s.contains(f.t) for s in shots)]
    return TitleFrames(len(inside), sum(1 for f in inside if f.pose))


def majority_near_side(angles: Sequence[FrameAngles]) -> Side | None:
    """The camera-near side most frames with a person report; None on a tie or with none."""
    votes = Counter(a.view.near_side for a in angles if a.has_pose and a.view.near_side is not None)
    if votes[Side.LEFT] == votes[Side.RIGHT]:
        return None
    return Side.LEFT if votes[Side.LEFT] > votes[Side.RIGHT] else Side.RIGHT


def score_clip(label: ClipLabel, report: Report, near_side: Side | None = None) -> ClipScore:
    """Compare one clip's report (and its majority near side) with its label: no model, no files."""
    flags = tuple(
        ArchFlag(m.start_s, m.end_s, m.peak) for m in report.mistakes if m.code is MistakeCode.BACK_ARCH
    )
    neutral_windows = label.windows(LumbarState.NEUTRAL)
    false_flags = tuple(f for f in flags if any(w.overlaps(f.start_s, f.end_s) for w in neutral_windows))
    return ClipScore(
        label=label,
        analysed_as=report.exercise,
        found_side=report.side,
        found_near_side=near_side,
        frames_total=report.frames_total,
        frames_with_pose=report.frames_with_pose,
        frames_arch_measured=sum(1 for f in report.frames if f.lumbar_arch_deg is not None),
        neutral=window_arch(label, report, LumbarState.NEUTRAL),
        arched=window_arch(label, report, LumbarState.ARCHED),
        unmeasurable=window_arch(label, report, LumbarState.UNMEASURABLE),
        titles=title_frames(label, report),
        back_arch_flags=flags,
        false_flags=false_flags,
        cuts=score_cuts(labelled_cuts(label), [shot.start_s for shot in report.shots[1:]]),
    )


def failed_clip(label: ClipLabel, error: FormcheckError) -> ClipScore:
    empty = WindowArch(0, 0, None)
    return ClipScore(
        label=label,
        analysed_as=label.formcheck_exercise,
        found_side=None,
        found_near_side=None,
        frames_total=0,
        frames_with_pose=0,
        frames_arch_measured=0,
        neutral=empty,
        arched=empty,
        unmeasurable=empty,
        titles=TitleFrames(0, 0),
        back_arch_flags=(),
        false_flags=(),
        error=str(error),
    )


def totals_of(scores: Sequence[ClipScore]) -> Totals:
    sides = [s.side_correct for s in scores if s.side_correct is not None]
    near_sides = [s.near_side_correct for s in scores if s.near_side_correct is not None]
    flagged = [s for s in scores if s.flags_scored]
    separations = [s.meets_separation for s in scores if s.meets_separation is not None]
    return Totals(
        side_correct=sum(sides),
        side_scored=len(sides),
        near_side_correct=sum(near_sides),
        near_side_scored=len(near_sides),
        false_flag_clips=sum(1 for s in flagged if s.false_flags),
        flags_scored=len(flagged),
        separation_met=sum(separations),
        separation_scored=len(separations),
        failed=sum(1 for s in scores if s.error is not None),
    )


def default_clips_dir() -> Path:
    """$FORMCHECK_REALCLIPS, else ../shared/realclips beside the repository."""
    configured = os.environ.get(CLIPS_ENV)
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "realclips"


def default_cache_dir() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("formcheck", appauthor=False) / "real-pose-tracks"


def analyse_clip(path: Path, label: ClipLabel, cache_dir: Path | None) -> ClipScore:
    """What `formcheck analyze` does (labelled exercise, side found by the rules), then scored."""
    from formcheck.bench.pose_cache import track_clip
    from formcheck.pipeline import analyze_shots
    from formcheck.sources import open_source
    from formcheck.sources.shot_signature import read_signatures
    from formcheck.sources.shots import segment_shots

    try:
        track = track_clip(path, cache_dir)
        # The cached track keeps no pictures: one more decode (no model, a second or two) finds the
        # shots. The tracker was not restarted at cuts in that track, unlike in `formcheck analyze`.
        with open_source(path) as source:
            signatures, times_s = read_signatures(source)
        if len(times_s) != track.frames_total:  # the cache and this decode disagree: score nothing
            raise SourceUnreadable(
                f"{path.name}: {len(times_s)} frames decoded for the shots, {track.frames_total} in the "
                "cached pose track (run with --no-cache)"
            )
        shots = segment_shots(signatures, times_s)
        analysis = analyze_shots(track, shots, exercise=label.formcheck_exercise)
    except FormcheckError as error:
        return failed_clip(label, error)
    return score_clip(label, analysis.report, majority_near_side(analysis.angles))


def run_real(
    clips_dir: Path,
    labels: Sequence[ClipLabel],
    *,
    cache_dir: Path | None,
    on_clip: Callable[[int, int, str], None] | None = None,
    analyse: Callable[[Path, ClipLabel, Path | None], ClipScore] = analyse_clip,
) -> RealBench:
    """Score every labelled clip present in ``clips_dir``; labelled clips not there are listed."""
    if not clips_dir.is_dir():
        raise SourceNotFound(f"no folder of real clips at {clips_dir} (--clips DIR or ${CLIPS_ENV})")
    present = [label for label in labels if (clips_dir / label.file).is_file()]
    missing = tuple(label.file for label in labels if not (clips_dir / label.file).is_file())
    scores = []
    for i, label in enumerate(present):
        if on_clip is not None:
            on_clip(i + 1, len(present), label.file)
        scores.append(analyse(clips_dir / label.file, label, cache_dir))
    return RealBench(clips_dir, tuple(scores), missing)


def bench_to_dict(bench: RealBench) -> dict:
    """Every figure as plain JSON types."""
    totals = bench.totals
    return {
        "clips_dir": str(bench.clips_dir),
        "separation_target_deg": SEPARATION_TARGET_DEG,
        "clips": [_score_to_dict(s) for s in bench.scores],
        "missing": list(bench.missing),
        "totals": dataclasses.asdict(totals),
    }


def _score_to_dict(score: ClipScore) -> dict:
    label = score.label
    return {
        "file": label.file,
        "exercise": label.exercise,
        "analysed_as": score.analysed_as.value if score.analysed_as else None,
        "view": label.view.value,
        "view_angle_deg": label.view_angle_deg,
        "labelled_side": label.working_side.value,
        "found_side": score.found_side.value if score.found_side else None,
        "side_correct": score.side_correct,
        "labelled_near_side": label.near_side.value if label.near_side else None,
        "found_near_side": score.found_near_side.value if score.found_near_side else None,
        "near_side_correct": score.near_side_correct,
        "frames_total": score.frames_total,
        "frames_with_pose": score.frames_with_pose,
        "frames_arch_measured": score.frames_arch_measured,
        "neutral": _window_to_dict(score.neutral),
        "arched": _window_to_dict(score.arched),
        "unmeasurable": _window_to_dict(score.unmeasurable),
        "title_frames": {"frames": score.titles.frames, "with_pose": score.titles.with_pose},
        "separation_deg": _round(score.separation_deg),
        "meets_separation": score.meets_separation,
        "back_arch_flags": [_flag_to_dict(f) for f in score.back_arch_flags],
        "false_back_arch_on_neutral": [_flag_to_dict(f) for f in score.false_flags],
        "error": score.error,
        "cuts": None if score.cuts is None else dataclasses.asdict(score.cuts),
    }


def _window_to_dict(window: WindowArch) -> dict:
    return {"frames": window.frames, "measured": window.measured, "median_deg": _round(window.median_deg)}


def _flag_to_dict(flag: ArchFlag) -> dict:
    return {"start_s": flag.start_s, "end_s": flag.end_s, "peak_deg": flag.peak_deg}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
