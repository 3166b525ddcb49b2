"""Does BlazePose see the mannequin? Detection rate and landmark error of rendered clips vs their truth.

Used by ``formcheck synth --check DIR`` to prove the committed sample set is usable (issue: >= 95 %
of frames detected in every clip, landmarks on the right joints).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from formcheck.landmarks import PoseLandmark

KEY_JOINTS = ("shoulder", "hip", "knee", "ankle")
MIN_DETECTION_RATE = 0.95


@dataclass(frozen=True)
class DetectionStats:
    clip: str
    frames: int
    detected: int
    median_error: (
        float  # median landmark distance to the true joint centre / true torso length (legs side-agnostic)
    )
    p90_error: float
    swapped_share: float  # frames whose legs fit the truth better with left and right exchanged

    @property
    def rate(self) -> float:
        return self.detected / self.frames if self.frames else 0.0


def _landmark(side: str, joint: str) -> int:
    return int(PoseLandmark[f"{side.upper()}_{joint.upper()}"])


def frame_errors(landmarks_px: np.ndarray, joints_px: dict) -> tuple[float, bool]:
    """Median normalised error of the key joints, and whether the legs look exchanged.

    BlazePose sometimes labels the left leg right and vice versa for long stretches (the pipeline
    undoes such swaps), so the legs are scored with whichever left/right assignment fits better and
    the swap is reported separately: the error says whether landmarks sit on joints at all.
    """
    mid = lambda name: (np.array(joints_px[f"left_{name}"]) + np.array(joints_px[f"right_{name}"])) / 2  # noqa: E731
    torso = float(np.linalg.norm(mid("shoulder") - mid("hip"))) or 1.0

    def err(side: str, joint: str, truth_side: str) -> float:
        found = landmarks_px[_landmark(side, joint)]
        return float(np.linalg.norm(found - np.array(joints_px[f"{truth_side}_{joint}"]))) / torso

    upper = [err(side, joint, side) for joint in ("shoulder", "hip") for side in ("left", "right")]
    straight = [err(side, joint, side) for joint in ("knee", "ankle") for side in ("left", "right")]
    crossed = [
        err(side, joint, other)
        for joint in ("knee", "ankle")
        for side, other in (("left", "right"), ("right", "left"))
    ]
    swapped = sum(crossed) < sum(straight) - 0.05
    return float(np.median(upper + (crossed if swapped else straight))), swapped


def measure_clip(video: Path, truth_path: Path, estimator_name: str = "blazepose-full") -> DetectionStats:
    from formcheck.pose import create_estimator
    from formcheck.sources import open_source

    truth = json.loads(truth_path.read_text())
    records = truth["frames"]
    detected, errors, swapped = 0, [], 0
    with open_source(video) as source, create_estimator(estimator_name, segmentation=False) as estimator:
        for frame, record in zip(source, records, strict=False):
            pose = estimator.estimate(frame)
            if pose is None:
                continue
            detected += 1
            err, crossed = frame_errors(pose.landmarks_px, record["joints_px"])
            errors.append(err)
            swapped += int(crossed)
    errs = np.array(errors) if errors else np.array([np.nan])
    return DetectionStats(
        video.name,
        len(records),
        detected,
        float(np.median(errs)),
        float(np.percentile(errs, 90)),
        swapped / max(detected, 1),
    )


def measure_folder(folder: Path, progress=None) -> list[DetectionStats]:
    stats = []
    for truth_path in sorted(folder.glob("*.truth.json")):
        video = truth_path.with_name(truth_path.name[: -len(".truth.json")] + ".mp4")
        if video.exists():
            stats.append(measure_clip(video, truth_path))
        if progress is not None:
            progress.update(1)
    return stats


def detection_table(stats: list[DetectionStats]) -> str:
    lines = [
        "| clip | frames | detected | median error (torso) | p90 error | legs swapped |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in stats:
        flag = "" if s.rate >= MIN_DETECTION_RATE else " (below 95 %)"
        lines.append(
            f"| `{s.clip}` | {s.frames} | {s.rate:.1%}{flag} | {s.median_error:.3f} | {s.p90_error:.3f} | {s.swapped_share:.0%} |"
        )
    return "\n".join(lines)
