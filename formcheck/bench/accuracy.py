"""`formcheck bench accuracy`: the whole pipeline scored against the synthetic studio's exact truth.

For every clip of a set that has a ``<clip>.truth.json`` (schema ``formcheck.synth-truth/1``) the real
pipeline runs (pose with segmentation -> back contour -> zero-phase smoothing -> kinematics ->
exercise rules -> report), then per exercise and camera yaw it reports:

- detection rate (frames with a pose / frames);
- landmark error: mean distance of BlazePose's landmarks from the truth's 2D joint centres, over the
  torso length (truth mid-shoulder to mid-hip). It includes BlazePose's systematic offsets (its hip
  point is not the hip joint centre), so it is not zero even for a perfect detection;
- MAE of hip_extension_deg, lumbar_arch_deg, thigh_to_horizontal_deg and knee_flexion_deg on the
  truth's working side, over frames where both truth and estimate exist, with the share of frames
  measured. The truth's arch is taken as ``max(arch, 0)``: formcheck measures extension beyond
  neutral and reports a flattened back as 0;
- the exercise's own counts and timings against the studio's events (``bench.exercise_measures``):
  reps counted, each squeeze's or hold's seconds, each prone rep's lift;
- per mistake code, clip-level precision and recall (the report's mistakes vs the truth's labels) and
  the result accuracy of each exercise that is a clinical test. ``shallow_range`` of the couch
  stretch and the split squat is scored on true hip extension (``bench.range_scoring``), the
  studio's landmark-proxy label kept beside it, with the hip-extension coverage in position.

Pose tracks are cached on disk (keyed by the clip's bytes and the source of the pose stage) so that
re-scoring after a kinematics change does not re-run the model.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from formcheck.bench.arch_misses import arched_summary
from formcheck.bench.exercise_measures import clip_measures, measure_rows
from formcheck.bench.family_table import family_rows
from formcheck.bench.leave_one_family_out import lofo_summary
from formcheck.bench.pose_cache import track_clip
from formcheck.bench.range_scoring import (
    TARGET_COVERAGE,
    legs_in_position_and_visible,
    range_row,
    range_truth,
)
from formcheck.bench.visibility import EdgeVisibility, score_visibility, visibility_row, visible_recall
from formcheck.errors import SourceNotFound, UnknownName
from formcheck.exercises.registry import find_spec
from formcheck.landmarks import PoseLandmark
from formcheck.types import Exercise, FrameAngles, MistakeCode, Report, Side

TRUTH_SCHEMA = "formcheck.synth-truth/1"
ANGLES = ("hip_extension_deg", "lumbar_arch_deg", "thigh_to_horizontal_deg", "knee_flexion_deg")
TARGET_MAE_DEG = {"hip_extension_deg": 5.0, "lumbar_arch_deg": 5.0}
TARGET_PRECISION_RECALL = 0.9
TARGET_MAX_YAW_DEG = 15.0
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(slots=True)
class ClipScore:
    """One clip's errors, kept as sums so groups aggregate exactly."""

    clip: str
    exercise: str
    yaw_deg: float
    scenario: str
    frames: int = 0
    detected: int = 0
    landmark_error_sum: float = 0.0
    landmark_frames: int = 0
    abs_error_sum: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ANGLES, 0.0))
    signed_error_sum: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ANGLES, 0.0))
    measured: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ANGLES, 0))
    truth_frames: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ANGLES, 0))
    truth_mistakes: list[str] = field(default_factory=list)
    found_mistakes: list[str] = field(default_factory=list)
    truth_result: str | None = None  # a clinical test's result (the studio's truth)
    found_result: str | None = None  # ... and formcheck's (the summary key its spec names)
    side_right: bool | None = None
    visibility: EdgeVisibility = field(default_factory=EdgeVisibility)
    family: str | None = None  # body family of a body-space clip (synth/families.py)
    # Mistakes labelled neither present nor clean (true hip extension between the thresholds).
    unscored_mistakes: list[str] = field(default_factory=list)
    range_applies: bool = False  # shallow_range is judged on true hip extension (bench.range_scoring)
    range_true_shallow: bool | None = None
    range_proxy_shallow: bool = False  # the studio's landmark-proxy label, kept beside the true one
    range_coverage_frames: int = 0  # truth frames in position with the working leg in the image
    range_coverage_measured: int = 0  # ... of which formcheck measured a hip extension
    # The exercise's own counts and timings (bench.exercise_measures): measure -> [[found, true]].
    measures: dict[str, list[list[float]]] = field(default_factory=dict)
    measures_missed: dict[str, int] = field(default_factory=dict)  # truth items nothing was found for


# --- sets and truth ------------------------------------------------------------------------------


def default_bench_dir() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("formcheck", appauthor=False) / "synth-bench"


def resolve_set(name: str) -> Path:
    """``samples`` -> sample_videos/, ``bench`` -> the generated bench set, else a folder."""
    if name == "samples":
        return REPO_ROOT / "sample_videos"
    if name == "bench":
        folder = default_bench_dir()
        if not any(folder.glob("*.truth.json")):
            raise SourceNotFound(
                f"the bench set is not generated yet: run `formcheck synth --set bench --out {folder}`"
            )
        return folder
    folder = Path(name)
    if not folder.is_dir():
        raise UnknownName(f"unknown set {name!r}: use samples, bench or a folder of clips with .truth.json")
    return folder


def clips_with_truth(folder: Path, limit: int | None = None) -> list[tuple[Path, Path]]:
    """(video, truth) pairs in ``folder``, sorted by name."""
    pairs = []
    for truth in sorted(folder.glob("*.truth.json")):
        video = truth.with_name(truth.name[: -len(".truth.json")] + ".mp4")
        if video.exists():
            pairs.append((video, truth))
    if not pairs:
        raise SourceNotFound(f"{folder}: no clip with a .truth.json beside it")
    return pairs[:limit] if limit else pairs


def load_truth(path: Path) -> dict:
    truth = json.loads(Path(path).read_text())
    if truth.get("schema") != TRUTH_SCHEMA:
        raise UnknownName(f"{path}: not a {TRUTH_SCHEMA} document")
    return truth


# --- scoring one clip -----------------------------------------------------------------------------

_JOINT_LANDMARKS = {member.name.lower(): int(member) for member in PoseLandmark}


def torso_length_px(joints: dict) -> float | None:
    try:
        shoulder = (np.array(joints["left_shoulder"]) + np.array(joints["right_shoulder"])) / 2
        hip = (np.array(joints["left_hip"]) + np.array(joints["right_hip"])) / 2
    except KeyError:
        return None
    return float(np.hypot(*(shoulder - hip)))


def landmark_error(pose, joints: dict) -> float | None:
    """Mean landmark-to-joint-centre distance over the torso length (truth joints BlazePose names)."""
    torso = torso_length_px(joints)
    names = [n for n in joints if n in _JOINT_LANDMARKS]
    if pose is None or not torso or not names:
        return None
    truth = np.array([joints[n] for n in names], dtype=float)
    found = pose.landmarks_px[[_JOINT_LANDMARKS[n] for n in names]]
    return float(np.mean(np.hypot(*(found - truth).T)) / torso)


def estimated_angles(angles: FrameAngles, side: Side) -> dict[str, float | None]:
    leg = angles.leg(side)
    return {
        "hip_extension_deg": leg.hip_extension_deg,
        "lumbar_arch_deg": angles.lumbar.arch_deg,
        "thigh_to_horizontal_deg": leg.thigh_to_horizontal_deg,
        "knee_flexion_deg": leg.knee_flexion_deg,
    }


def truth_angles(record: dict) -> dict[str, float | None]:
    values = {name: record.get(name) for name in ANGLES}
    if values["lumbar_arch_deg"] is not None:
        values["lumbar_arch_deg"] = max(0.0, float(values["lumbar_arch_deg"]))
    return values


def score_clip(
    truth: dict,
    track,
    angles: Sequence[FrameAngles],
    report: Report,
    frame_sides: Sequence[Side | None] | None = None,
) -> ClipScore:
    """Compare one analysed clip with its truth, frame by frame and at clip level.

    Angles are read on the side the report analyses (what the user is shown), so a working leg
    picked wrongly shows up as angle error; ``side_right`` says whether the report's *label* for
    it is right (BlazePose may call the anatomical left leg "right" for a whole clip). Where the
    exercise judged the other label's leg in a frame (``frame_sides``, as the report's rows do), that
    leg is read.
    """
    true_side = Side(truth["working_side"])
    side = report.side or true_side
    labelled = set(truth["mistakes"])
    unscored = []
    ranged = range_truth(truth)
    if ranged.applies:  # range is true hip extension: the proxy label gives way to the true one
        labelled.discard(MistakeCode.SHALLOW_RANGE.value)
        if ranged.true_shallow:
            labelled.add(MistakeCode.SHALLOW_RANGE.value)
        elif ranged.true_shallow is None:
            unscored.append(MistakeCode.SHALLOW_RANGE.value)
    score = ClipScore(
        clip=truth["clip"],
        exercise=truth["exercise"],
        yaw_deg=float(truth["camera"]["yaw_deg"]),
        scenario=truth["scenario"],
        truth_mistakes=sorted(labelled),
        found_mistakes=sorted({m.code.value for m in report.mistakes}),
        truth_result=truth.get("thomas_result"),
        found_result=_found_result(truth["exercise"], report.summary),
        side_right=None if report.side is None else report.side is true_side,
        visibility=score_visibility(truth, angles),
        family=truth.get("body", {}).get("family"),
        unscored_mistakes=unscored,
        range_applies=ranged.applies,
        range_true_shallow=ranged.true_shallow,
        range_proxy_shallow=ranged.proxy_shallow,
    )
    score.measures, score.measures_missed = clip_measures(truth, report.summary)
    judged = list(frame_sides or [])
    judged += [None] * (len(angles) - len(judged))
    rows = zip(truth["frames"], track.frames, angles, judged, strict=False)
    for record, frame, frame_angles, judged_side in rows:
        score.frames += 1
        score.detected += frame.pose is not None
        error = landmark_error(frame.pose, record.get("joints_px", {}))
        if error is not None:
            score.landmark_error_sum += error
            score.landmark_frames += 1
        found = estimated_angles(frame_angles, judged_side or side)
        if legs_in_position_and_visible(truth, record):
            score.range_coverage_frames += 1
            score.range_coverage_measured += found["hip_extension_deg"] is not None
        for name, true_value in truth_angles(record).items():
            if true_value is None:
                continue
            score.truth_frames[name] += 1
            if found[name] is not None:
                score.measured[name] += 1
                score.abs_error_sum[name] += abs(found[name] - true_value)
                score.signed_error_sum[name] += found[name] - true_value
    return score


def analyse_clip(
    video: Path, truth: dict, cache_dir: Path | None, arch_samples: list | None = None
) -> ClipScore:
    """The real pipeline on one clip (exercise given, side found by the analyzer), then scored.
    ``arch_samples``: a list to extend with the clip's arch-model samples (leave-one-family-out)."""
    from formcheck.bench.arch_samples import track_samples
    from formcheck.pipeline import analyze_track

    track = track_clip(video, cache_dir)
    analysis = analyze_track(track, exercise=Exercise(truth["exercise"]))
    if arch_samples is not None:
        arch_samples.extend(track_samples(track, analysis.angles, truth, video.name))
    frame_sides = analysis.result.frame_sides if analysis.result is not None else None
    return score_clip(truth, track, analysis.angles, analysis.report, frame_sides)


# --- aggregation ----------------------------------------------------------------------------------


def yaw_group(yaw_deg: float) -> str:
    """Clips are grouped by |yaw|: the targets hold at 0-15 deg, 30 deg is reported beside them."""
    return f"{abs(round(yaw_deg)):g}"


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def angle_row(scores: Iterable[ClipScore]) -> dict:
    """Detection, landmark error and per-angle MAE / share measured over a group of clips."""
    scores = list(scores)
    row: dict = {
        "clips": len(scores),
        "frames": sum(s.frames for s in scores),
        "detection_rate": _ratio(sum(s.detected for s in scores), sum(s.frames for s in scores)),
        "landmark_error_torso": _ratio(
            sum(s.landmark_error_sum for s in scores), sum(s.landmark_frames for s in scores)
        ),
        "side_correct": _ratio(
            sum(1 for s in scores if s.side_right), sum(1 for s in scores if s.side_right is not None)
        ),
    }
    for name in ANGLES:
        measured = sum(s.measured[name] for s in scores)
        row[f"{name}_mae"] = _ratio(sum(s.abs_error_sum[name] for s in scores), measured)
        row[f"{name}_bias"] = _ratio(sum(s.signed_error_sum[name] for s in scores), measured)
        row[f"{name}_measured"] = _ratio(measured, sum(s.truth_frames[name] for s in scores))
    return row


def _found_result(exercise: str, summary: dict) -> str | None:
    """The clip-wide result of an exercise that is a clinical test (None for the others)."""
    spec = find_spec(exercise)
    test = spec.reporting.test if spec is not None else None
    return summary.get(test.summary_key) if test is not None else None


def mistake_rows(scores: Iterable[ClipScore]) -> dict[str, dict]:
    """Clip-level precision/recall per mistake code, plus each clinical test's result accuracy."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    arch_clips: dict[str, list[tuple[bool, EdgeVisibility]]] = defaultdict(list)
    results: dict[str, list[bool]] = defaultdict(list)  # exercise -> result right, per clip
    for s in scores:
        truth, found = set(s.truth_mistakes), set(s.found_mistakes)
        for code in (truth | found) - set(s.unscored_mistakes):
            key = "tp" if code in truth and code in found else ("fn" if code in truth else "fp")
            counts[f"{s.exercise}:{code}"][key] += 1
        if MistakeCode.BACK_ARCH.value in truth:
            arch_clips[f"{s.exercise}:{MistakeCode.BACK_ARCH.value}"].append(
                (MistakeCode.BACK_ARCH.value in found, s.visibility)
            )
        if s.truth_result is not None:
            results[s.exercise].append(s.found_result == s.truth_result)
    rows = {
        key: {
            **c,
            "precision": _ratio(c["tp"], c["tp"] + c["fp"]),
            "recall": _ratio(c["tp"], c["tp"] + c["fn"]),
        }
        for key, c in sorted(counts.items())
    }
    for key, clips in arch_clips.items():
        visible = visible_recall(clips)
        if visible is not None:
            rows[key]["when_visible"] = visible
    for exercise, right in sorted(results.items()):
        rows[f"{exercise}:result"] = {"clips": len(right), "accuracy": sum(right) / len(right)}
    return rows


def summarise(scores: Sequence[ClipScore]) -> dict:
    """Everything the table and --json print, grouped by exercise and |yaw|."""
    by_group: dict[tuple[str, str], list[ClipScore]] = defaultdict(list)
    for s in scores:
        by_group[(s.exercise, yaw_group(s.yaw_deg))].append(s)
    angle_rows = [
        {"exercise": ex, "yaw": yaw, **angle_row(group)}
        for (ex, yaw), group in sorted(by_group.items(), key=lambda kv: (kv[0][0], float(kv[0][1])))
    ]
    low_yaw = [s for s in scores if abs(s.yaw_deg) <= TARGET_MAX_YAW_DEG]
    high_yaw = [s for s in scores if abs(s.yaw_deg) > TARGET_MAX_YAW_DEG]
    visibility_rows = [
        {"exercise": ex, "yaw": yaw, **visibility_row(s.visibility for s in group)}
        for (ex, yaw), group in sorted(by_group.items(), key=lambda kv: (kv[0][0], float(kv[0][1])))
    ]
    clips = [asdict(s) for s in scores]
    by_range_group: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for clip in clips:
        group = "0-15" if abs(clip["yaw_deg"]) <= TARGET_MAX_YAW_DEG else "30"
        by_range_group[(clip["exercise"], group)].append(clip)
    return {
        "range": [
            {"exercise": ex, "yaw": yaw, **range_row(group)}
            for (ex, yaw), group in sorted(by_range_group.items())
        ],
        "angles": angle_rows,
        "measures": [
            {"exercise": ex, "yaw": yaw, **row}
            for (ex, yaw), group in sorted(by_group.items(), key=lambda kv: (kv[0][0], float(kv[0][1])))
            for row in measure_rows(asdict(s) for s in group)
        ],
        "back_edge": [row for row in visibility_rows if row["frames"]],
        "mistakes": {"yaw_0_15": mistake_rows(low_yaw), "yaw_above_15": mistake_rows(high_yaw)},
        "targets": check_targets(scores),
        "families": family_rows(clips),
        "clips": clips,
    }


def check_targets(scores: Sequence[ClipScore]) -> list[dict]:
    """The issue's targets at 0-15 deg yaw: MAE <= 5 deg per exercise, precision/recall >= 0.9."""
    low_yaw = [s for s in scores if abs(s.yaw_deg) <= TARGET_MAX_YAW_DEG]
    results = []
    for exercise in sorted({s.exercise for s in low_yaw}):
        row = angle_row(s for s in low_yaw if s.exercise == exercise)
        for name, limit in TARGET_MAE_DEG.items():
            value = row[f"{name}_mae"]
            results.append(
                {
                    "what": f"{exercise} {name} MAE",
                    "value": value,
                    "target": f"<= {limit:g}",
                    "met": None if value is None else value <= limit,
                }
            )
        coverage = range_row([asdict(s) for s in low_yaw if s.exercise == exercise])
        if coverage["coverage_frames"]:
            results.append(
                {
                    "what": f"{exercise} hip extension measured in position",
                    "value": coverage["coverage"],
                    "target": f">= {TARGET_COVERAGE:g}",
                    "met": coverage["coverage"] >= TARGET_COVERAGE,
                }
            )
    for key, row in mistake_rows(low_yaw).items():
        metrics = [(metric, row[metric]) for metric in ("precision", "recall", "accuracy") if metric in row]
        if "when_visible" in row:  # beside the raw recall, never instead of it
            metrics.append(("recall, back visible", row["when_visible"]["recall"]))
        for metric, value in metrics:
            results.append(
                {
                    "what": f"{key} {metric}",
                    "value": value,
                    "target": f">= {TARGET_PRECISION_RECALL:g}",
                    "met": None if value is None else value >= TARGET_PRECISION_RECALL,
                }
            )
    return results


def run_accuracy(
    set_name: str,
    *,
    limit: int | None = None,
    cache_dir: Path | None = None,
    progress: bool = True,
) -> dict:
    """Score every clip of a set; returns the summary (see ``summarise``)."""
    from tqdm import tqdm

    pairs = clips_with_truth(resolve_set(set_name), limit)
    scores = []
    arch_samples: list = []
    bar = tqdm(pairs, desc="bench accuracy", unit="clip", disable=not progress)
    for video, truth_path in bar:
        bar.set_postfix_str(video.name[:40])
        scores.append(analyse_clip(video, load_truth(truth_path), cache_dir, arch_samples))
    summary = summarise(scores)
    summary["set"] = set_name
    summary["arch_leave_one_family_out"] = lofo_summary(arch_samples)
    summary["arched_clips"] = arched_summary(arch_samples, summary["clips"])
    return summary
