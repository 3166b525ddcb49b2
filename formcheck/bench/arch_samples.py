"""(dip, trunk inclination, true arch) per frame of studio clips: the arch model's fitting samples.

Each clip goes through the real pose stage (cached like ``bench accuracy``) and the kinematics the
analyser uses; its truth supplies the lumbar arch and the body family (``family``, or
``body.family``). ``write_samples``/``read_samples`` keep them as CSV so the shipped constants can
be recomputed without re-running the model (``tests/kinematics/test_arch_fit.py``).
"""

from __future__ import annotations

import csv
import gzip
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from formcheck.kinematics.arch_fit import ArchSample

FIELDS = ("family", "clip", "t", "dip", "confidence", "trunk_inclination_deg", "true_arch_deg")


def family_of(truth: dict) -> str | None:
    """The body family a clip's truth names, if any."""
    family = truth.get("family")
    if family is None and isinstance(truth.get("body"), dict):
        family = truth["body"].get("family")
    return None if family is None else str(family)


def clip_samples(video: Path, truth: dict, cache_dir: Path | None) -> list[ArchSample]:
    """One ArchSample per frame of a clip (the pose track from the cache when it is there)."""
    from formcheck.bench.pose_cache import track_clip
    from formcheck.pipeline import measure_track

    track = track_clip(video, cache_dir)
    return track_samples(track, measure_track(track), truth, video.name)


def track_samples(track, angles: Sequence, truth: dict, name: str) -> list[ArchSample]:
    """One ArchSample per frame of an analysed track (``PoseTrack``, its ``FrameAngles``)."""
    video_name = name
    family = family_of(truth) or "unnamed"
    samples = []
    for frame, frame_angles, record in zip(track.frames, angles, truth["frames"], strict=False):
        back = frame.back
        true_arch = record.get("lumbar_arch_deg")
        samples.append(
            ArchSample(
                family=family,
                clip=str(truth.get("clip", video_name)),
                t=round(frame.timestamp_s, 4),
                dip=None if back is None or back.dip is None else round(back.dip, 5),
                confidence=0.0 if back is None else round(back.confidence, 3),
                trunk_inclination_deg=_round(frame_angles.trunk_inclination_deg),
                true_arch_deg=None if true_arch is None else round(float(true_arch), 2),
            )
        )
    return samples


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _open(path: Path, mode: str):
    """Text mode, gzip-compressed when the name ends in .gz (the stored fitting samples are)."""
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.open(path, mode + "t", newline="")
    return path.open(mode, newline="")


def write_samples(samples: Iterable[ArchSample], path: Path) -> None:
    with _open(path, "w") as f:
        writer = csv.writer(f)
        writer.writerow(FIELDS)
        for s in samples:
            writer.writerow(["" if (v := getattr(s, name)) is None else v for name in FIELDS])


def read_samples(path: Path) -> list[ArchSample]:
    def number(text: str) -> float | None:
        return None if text == "" else float(text)

    with _open(path, "r") as f:
        rows = list(csv.DictReader(f))
    return [
        ArchSample(
            family=r["family"],
            clip=r["clip"],
            t=float(r["t"]),
            dip=number(r["dip"]),
            confidence=float(r["confidence"]),
            trunk_inclination_deg=number(r["trunk_inclination_deg"]),
            true_arch_deg=number(r["true_arch_deg"]),
        )
        for r in rows
    ]


def set_samples(pairs: Sequence[tuple[Path, dict]], cache_dir: Path | None) -> list[ArchSample]:
    """Samples of every (video, truth) pair."""
    return [s for video, truth in pairs for s in clip_samples(video, truth, cache_dir)]


# The per-frame profile table (issue 12's shape-based arch study): what the contour saw along the
# whole dorsal edge, a few landmark readings and the truth, one row per frame. The truth columns come
# from the studio's truth file only (arch beyond that body's own neutral, its natural lordosis).
PROFILE_FIELDS = (
    "family",
    "clip",
    "exercise",
    "yaw_deg",
    "t",
    "dip",
    "confidence",
    "trunk_inclination_deg",
    "trunk_thigh_left_deg",
    "trunk_thigh_right_deg",
    "reported_arch_deg",
    "reported_neutral",
    "true_arch_deg",
    "body_lordosis_deg",
    "clothing",
)


def profile_columns(lines: int) -> tuple[str, ...]:
    return tuple(f"p{i:02d}" for i in range(lines))


def track_profile_rows(track, angles: Sequence, truth: dict, name: str) -> list[dict]:
    """One row per frame: ``PROFILE_FIELDS`` (numbers NaN where unmeasured, names None) and ``profile`` (the
    contour's ``N_LINES`` depths, NaN where no edge or no back was read), as ``read_profile_rows``
    gives them back."""
    from formcheck.kinematics.back_contour import N_LINES

    family = family_of(truth) or "unnamed"
    body = truth.get("body") if isinstance(truth.get("body"), dict) else {}
    camera = truth.get("camera") if isinstance(truth.get("camera"), dict) else {}
    rows = []
    for frame, a, record in zip(track.frames, angles, truth["frames"], strict=False):
        back = frame.back
        depths = None if back is None else back.profile_depths()
        profile = (math.nan,) * N_LINES if depths is None else tuple(round(float(d), 5) for d in depths)
        row = {
            "family": family,
            "clip": str(truth.get("clip", name)),
            "exercise": truth.get("exercise"),
            "yaw_deg": _number_or_nan(camera.get("yaw_deg"), 2),
            "t": round(frame.timestamp_s, 4),
            "dip": _number_or_nan(None if back is None else back.dip, 5),
            "confidence": 0.0 if back is None else round(back.confidence, 3),
            "trunk_inclination_deg": _number_or_nan(a.trunk_inclination_deg),
            "trunk_thigh_left_deg": _number_or_nan(a.left.trunk_thigh_deg),
            "trunk_thigh_right_deg": _number_or_nan(a.right.trunk_thigh_deg),
            "reported_arch_deg": _number_or_nan(a.lumbar.arch_deg),
            "reported_neutral": a.lumbar.neutral,
            "true_arch_deg": _number_or_nan(record.get("lumbar_arch_deg")),
            "body_lordosis_deg": _number_or_nan(body.get("lordosis_deg")),
            "clothing": "/".join(str(body[k]) for k in ("top", "bottom") if k in body) or None,
        }
        row["profile"] = tuple(profile)
        rows.append(row)
    return rows


def _number_or_nan(value: float | None, digits: int = 2) -> float:
    """Numbers as the table keeps them in memory and on disk: NaN, never None, where unmeasured."""
    return math.nan if value is None else round(float(value), digits)


def write_profile_rows(rows: Iterable[dict], path: Path) -> None:
    from formcheck.kinematics.back_contour import N_LINES

    with _open(path, "w") as f:
        writer = csv.writer(f)
        writer.writerow(PROFILE_FIELDS + profile_columns(N_LINES))
        for row in rows:
            values = [row[n] for n in PROFILE_FIELDS] + list(row["profile"])
            writer.writerow(["" if _missing(v) else v for v in values])


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def set_profile_rows(pairs: Sequence[tuple[Path, dict]], cache_dir: Path | None) -> list[dict]:
    """Profile rows of every (video, truth) pair (pose tracks from the cache when there)."""
    from formcheck.bench.pose_cache import track_clip
    from formcheck.pipeline import measure_track

    rows = []
    for video, truth in pairs:
        track = track_clip(video, cache_dir)
        rows += track_profile_rows(track, measure_track(track), truth, video.name)
    return rows


_TEXT_FIELDS = ("family", "clip", "exercise", "reported_neutral", "clothing")


def read_profile_rows(path: Path) -> list[dict]:
    """The rows ``write_profile_rows`` wrote: numbers as floats (NaN where empty), names as text
    (None where empty), the profile as ``profile`` (a float array, NaN where no edge)."""
    with _open(path, "r") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        row: dict = {k: (r[k] or None) if k in _TEXT_FIELDS else _number(r[k]) for k in PROFILE_FIELDS}
        columns = sorted(k for k in r if k.startswith("p") and k[1:].isdigit())
        row["profile"] = tuple(_number(r[k]) for k in columns)
        out.append(row)
    return out


def _number(text: str) -> float:
    return math.nan if text == "" else float(text)
