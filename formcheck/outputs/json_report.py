"""The JSON report: schema ``formcheck.report/1``, a versioned contract.

Later versions may *add* fields (a minor bump, ``formcheck.report/1.1``: readers of ``/1`` ignore
what they do not know); removing or changing the meaning of a field needs a new major version,
which :func:`report_from_dict` refuses with a clear error.

Schema ``formcheck.report/1``, field by field (``null`` = not measurable / not applicable; a number
is never NaN):

Top level (exactly these keys, in this order)
  ``schema``            "formcheck.report/1.2"
  ``source``            the analysed video: path, ``camera N`` or stream URL (password removed)
  ``exercise``          "couch-stretch" | "split-squat" | "thomas-test" | null (angles only)
  ``side``              working side "left" | "right" (without an exercise: the camera-near side,
                        whose angles the frames carry) | null
  ``fps``               frames per second analysed (after any frame stride), 0.001 precision
  ``duration_s``        seconds covered by the analysed frames, 1 ms precision
  ``frames_total``      number of analysed frames
  ``frames_with_pose``  how many of them had a person detected
  ``frames``            list, one object per analysed frame (below)
  ``mistakes``          list of mistakes over time ranges (below)
  ``summary``           object: exercise-specific results (hold times, rep counts, the Thomas-test
                        verdict, peak angles...); keys ending ``_deg`` are degrees, ``_s`` seconds.
                        A photo has ``still`` true: ``angles`` at that moment, ``checks`` (each
                        rule's value, threshold and verdict), ``back_arch`` (the arch as a range
                        over the population's neutral backs; ``flagged`` null = not judged) and
                        ``not_judged`` (what one moment cannot tell)
  ``stopped_early``     null, or ``{"at_s", "frame_index", "reason"}`` when the video was damaged
                        part-way: the report covers the frames before ``at_s``
  ``warnings``          list of strings: things the user should know (frontal view, low
                        visibility, no neutral reference found...)
  ``shots``             list, one object per shot of an edited clip (cuts, fades, titles; below);
                        one entry for a continuous clip. Added in ``formcheck.report/1.1``

Each ``frames[]`` object (the working side's values; one key per ``FrameRecord`` field)
  ``t``                        seconds from the start of the video, 1 ms precision
  ``pose``                     true when a person was detected in the frame
  ``hip_extension_deg``        hip extension with the lumbar arch removed; + = thigh behind the
                               trunk line (0.1 deg)
  ``lumbar_arch_deg``          lumbar extension beyond the person's neutral (0.1 deg)
  ``trunk_thigh_deg``          angle between the trunk line (mid-shoulder -> mid-hip) and the thigh;
                               0 = collinear as in neutral standing, + = thigh behind (0.1 deg)
  ``thigh_to_horizontal_deg``  thigh (hip -> knee) against the horizontal, + = knee above hip
  ``knee_flexion_deg``         0 = straight leg
  ``lumbar_confidence``        0..1, how far the arch measurement can be trusted (0.001)
  ``sagittal_score``           1 = pure side view, 0 = pure front/back view (0.001)
  ``phase``                    the exercise phase at that moment ("hold", "press", ...) or null
  ``leg_identity_confidence``  0..1, how sure the working side's leg is the physical leg of that side
                               (0.001); below 0.3 the legs cannot be told apart (together, or a
                               knee collapsed onto the other leg) and the side's angles are null
  ``lumbar_neutral``           which neutral ``lumbar_arch_deg`` is measured from: "clip" (a neutral
                               moment found in this recording), "calibration" (held live on request)
                               or "population" (none of this person's: the bodies' typical neutral);
                               null when the arch is not measured. Added in ``formcheck.report/1.2``
  ``lumbar_uncertainty_deg``   1 sd of ``lumbar_arch_deg`` (0.1 deg): the neutral's own uncertainty
                               with the between-body spread of the dip-to-degrees gain. Added in 1.2

Each ``mistakes[]`` object
  ``code``     "back_arch" | "shallow_range" | "knee_past_ankle" | "bouncing" | "short_hold" |
               "knee_not_hugged"
  ``start_s``, ``end_s``  the time range (1 ms)
  ``peak``     the worst value over the range, in the unit of the rule (degrees for angle rules,
               seconds for ``short_hold``), 0.01 precision, or null
  ``message``  the cue that fixes it, in the exercise guide's own words
  ``side``     "left" | "right" | null

Each ``shots[]`` object (an edited clip is analysed shot by shot: smoothing, the neutral lumbar
reference and hold timing start afresh at every cut; a skipped shot's frames carry no person)
  ``number``    1, 2, ... in clip order
  ``start_s``, ``end_s``  where the shot starts and where the next one starts (1 ms)
  ``kind``      "exercise" | "title" | "blank" (a fade or flat colour) | "close-up" (not the whole
                body) | "no-body"
  ``analysed``  true for an exercise shot; the others are skipped
  ``reason``    how the shot was found, or why it was skipped, in words
  ``exercise``, ``side``, ``verdict``  this shot's own results (null when skipped)
  ``mistakes``  the mistakes found in this shot, as in ``mistakes[]`` (clip times)
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np

from formcheck.destinations import write_text
from formcheck.errors import SourceUnreadable
from formcheck.types import (
    Exercise,
    FrameRecord,
    Mistake,
    MistakeCode,
    Report,
    ShotReport,
    Side,
    StoppedEarly,
)

SCHEMA = Report.SCHEMA
SCHEMA_MAJOR = 1
TOP_LEVEL_KEYS = (
    "schema",
    "source",
    "exercise",
    "side",
    "fps",
    "duration_s",
    "frames_total",
    "frames_with_pose",
    "frames",
    "mistakes",
    "summary",
    "stopped_early",
    "warnings",
    "shots",
)
_SCHEMA_PATTERN = re.compile(r"^formcheck\.report/(\d+)(?:\.(\d+))?$")

# Decimal places by the unit a key's name ends with.
_ANGLE_DECIMALS = 1  # 0.1 deg: below BlazePose's noise
_TIME_DECIMALS = 3  # 1 ms
_FPS_DECIMALS = 3
_SCORE_DECIMALS = 3  # 0..1 confidences and scores
_OTHER_DECIMALS = 4
_PEAK_DECIMALS = 2


class UnsupportedReportSchema(SourceUnreadable):
    """A report written by an incompatible formcheck version."""


def _decimals_for(key: str) -> int:
    if key.endswith("_deg"):
        return _ANGLE_DECIMALS
    if key == "t" or key.endswith("_s"):
        return _TIME_DECIMALS
    if key == "fps" or key.endswith("_fps"):
        return _FPS_DECIMALS
    if key.endswith(("_confidence", "_score")) or key in ("confidence", "score"):
        return _SCORE_DECIMALS
    if key == "peak":
        return _PEAK_DECIMALS
    return _OTHER_DECIMALS


def to_jsonable(value: Any, key: str = "") -> Any:
    """Plain JSON types, rounded by what the key measures; NaN and infinities become null."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if not math.isfinite(number):
            return None
        rounded = round(number, _decimals_for(key))
        return 0.0 if rounded == 0 else rounded  # no "-0.0" in reports
    if isinstance(value, np.ndarray):
        return [to_jsonable(item, key) for item in value.tolist()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_jsonable(getattr(value, field.name), field.name)
            for field in dataclasses.fields(value)
        }
    if isinstance(value, dict):
        return {str(k.value if isinstance(k, Enum) else k): to_jsonable(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item, key) for item in value]
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot put {type(value).__name__} into a JSON report (key {key!r})")


def frame_to_dict(frame: FrameRecord) -> dict[str, Any]:
    return {
        field.name: to_jsonable(getattr(frame, field.name), field.name) for field in dataclasses.fields(frame)
    }


def mistake_to_dict(mistake: Mistake) -> dict[str, Any]:
    return {
        "code": mistake.code.value,
        "start_s": to_jsonable(mistake.start_s, "start_s"),
        "end_s": to_jsonable(mistake.end_s, "end_s"),
        "peak": to_jsonable(mistake.peak, "peak"),
        "message": mistake.message,
        "side": mistake.side.value if mistake.side else None,
    }


def shot_to_dict(shot: ShotReport) -> dict[str, Any]:
    return {
        "number": int(shot.number),
        "start_s": to_jsonable(shot.start_s, "start_s"),
        "end_s": to_jsonable(shot.end_s, "end_s"),
        "kind": shot.kind,
        "analysed": bool(shot.analysed),
        "reason": shot.reason,
        "exercise": shot.exercise.value if shot.exercise else None,
        "side": shot.side.value if shot.side else None,
        "verdict": shot.verdict,
        "mistakes": [mistake_to_dict(mistake) for mistake in shot.mistakes],
    }


def shot_from_dict(data: dict[str, Any]) -> ShotReport:
    return ShotReport(
        number=int(data["number"]),
        start_s=float(data["start_s"]),
        end_s=float(data["end_s"]),
        kind=str(data["kind"]),
        analysed=bool(data["analysed"]),
        reason=str(data.get("reason", "")),
        exercise=_enum_or_none(Exercise, data.get("exercise"), "exercise"),
        side=_enum_or_none(Side, data.get("side"), "side"),
        verdict=data.get("verdict"),
        mistakes=[mistake_from_dict(mistake) for mistake in data.get("mistakes", [])],
    )


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON types, top-level keys exactly as documented above."""
    stopped = report.stopped_early
    result = {
        "schema": SCHEMA,
        "source": report.source,
        "exercise": report.exercise.value if report.exercise else None,
        "side": report.side.value if report.side else None,
        "fps": to_jsonable(report.fps, "fps"),
        "duration_s": to_jsonable(report.duration_s, "duration_s"),
        "frames_total": int(report.frames_total),
        "frames_with_pose": int(report.frames_with_pose),
        "frames": [frame_to_dict(frame) for frame in report.frames],
        "mistakes": [mistake_to_dict(mistake) for mistake in report.mistakes],
        "summary": to_jsonable(report.summary),
        "stopped_early": None
        if stopped is None
        else {
            "at_s": to_jsonable(stopped.at_s, "at_s"),
            "frame_index": int(stopped.frame_index),
            "reason": stopped.reason,
        },
        "warnings": [str(warning) for warning in report.warnings],
        "shots": [shot_to_dict(shot) for shot in report.shots],
    }
    assert tuple(result) == TOP_LEVEL_KEYS
    return result


def check_schema(schema: object) -> None:
    match = _SCHEMA_PATTERN.match(schema) if isinstance(schema, str) else None
    if match is None:
        raise UnsupportedReportSchema(f"not a formcheck report (schema {schema!r}, expected {SCHEMA!r})")
    if int(match.group(1)) != SCHEMA_MAJOR:
        raise UnsupportedReportSchema(
            f"report schema {schema!r} is not supported by this formcheck (it reads {SCHEMA!r}); "
            "update formcheck or re-run the analysis"
        )


def _enum_or_none(enum: type[Enum], value: Any, what: str) -> Any:
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        valid = ", ".join(str(member.value) for member in enum)  # type: ignore[var-annotated]
        raise UnsupportedReportSchema(f"unknown {what} {value!r} in report (known: {valid})") from None


def frame_from_dict(data: dict[str, Any]) -> FrameRecord:
    names = {field.name for field in dataclasses.fields(FrameRecord)}
    return FrameRecord(**{key: value for key, value in data.items() if key in names})


def mistake_from_dict(data: dict[str, Any]) -> Mistake:
    return Mistake(
        code=_enum_or_none(MistakeCode, data["code"], "mistake code"),
        start_s=float(data["start_s"]),
        end_s=float(data["end_s"]),
        peak=None if data.get("peak") is None else float(data["peak"]),
        message=str(data.get("message", "")),
        side=_enum_or_none(Side, data.get("side"), "side"),
    )


def report_from_dict(data: dict[str, Any]) -> Report:
    """Rebuild a :class:`Report` from :func:`report_to_dict`'s output (or a loaded JSON file).

    Fields added by later minor versions are ignored; another major version raises
    ``UnsupportedReportSchema``.
    """
    if not isinstance(data, dict):
        raise UnsupportedReportSchema("not a formcheck report (the JSON is not an object)")
    check_schema(data.get("schema"))
    try:
        stopped = data.get("stopped_early")
        return Report(
            source=str(data["source"]),
            exercise=_enum_or_none(Exercise, data.get("exercise"), "exercise"),
            side=_enum_or_none(Side, data.get("side"), "side"),
            fps=float(data["fps"]),
            duration_s=float(data["duration_s"]),
            frames_total=int(data["frames_total"]),
            frames_with_pose=int(data["frames_with_pose"]),
            frames=[frame_from_dict(frame) for frame in data.get("frames", [])],
            mistakes=[mistake_from_dict(mistake) for mistake in data.get("mistakes", [])],
            summary=dict(data.get("summary") or {}),
            stopped_early=None
            if stopped is None
            else StoppedEarly(float(stopped["at_s"]), int(stopped["frame_index"]), str(stopped["reason"])),
            warnings=[str(warning) for warning in data.get("warnings", [])],
            shots=[shot_from_dict(shot) for shot in data.get("shots", [])],
        )
    except (KeyError, TypeError) as error:
        raise UnsupportedReportSchema(f"incomplete formcheck report: missing or malformed {error}") from None


def report_to_json(report: Report) -> str:
    # allow_nan=False: a NaN that slipped past to_jsonable is a bug, not a report.
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_report_json(report: Report, path: str | Path) -> Path:
    """Write the report as JSON: a file atomically (complete or absent, never half-written), a
    device or FIFO in place, ``-`` to standard output."""
    return write_text(path, report_to_json(report), stdout_ok=True)


def read_report_json(path: str | Path) -> Report:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise UnsupportedReportSchema(f"{path} is not valid JSON: {error}") from None
    return report_from_dict(data)
