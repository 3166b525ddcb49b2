"""Labels of the real clips, made by looking at their frames: loaded and checked into dataclasses.

The label file (``real_labels.toml`` beside this module) says, per clip, what a person sees: the
exercise, the camera view, the working side, the shots, and time windows whose low back is neutral,
arched, flexed or cannot be judged. ``formcheck bench real`` scores the pipeline against them. The
clips themselves are not part of the package.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

from formcheck.types import Exercise, Side

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser from PyPI
    import tomli as tomllib

E = TypeVar("E", bound=Enum)

LABELS_PATH = Path(__file__).with_name("real_labels.toml")
SCHEMA = 1
OTHER_PREFIX = "other:"
# The guide's exercises that formcheck has no rules for; any other movement is "other:<what it is>".
# Every exercise the guide names now has rules; the set stays for the next one the guide adds.
GUIDE_ONLY_EXERCISES: frozenset[str] = frozenset()


class LabelFileError(ValueError):
    """The label file breaks its schema; the message names the clip and the field."""


class View(str, Enum):
    SIDE = "side"
    OBLIQUE = "oblique"
    FRONTAL = "frontal"


class LabelledSide(str, Enum):
    LEFT = "left"
    RIGHT = "right"
    NONE = "none"  # both legs do the same thing, or they alternate
    UNKNOWN = "unknown"  # the frames do not settle it

    @property
    def side(self) -> Side | None:
        return Side(self.value) if self in (LabelledSide.LEFT, LabelledSide.RIGHT) else None


class ShotKind(str, Enum):
    EXERCISE = "exercise"
    SETUP = "setup"
    TITLE = "title"
    CLOSE_UP = "close-up"
    BLANK = "blank"


class LumbarState(str, Enum):
    NEUTRAL = "neutral"
    ARCHED = "arched"
    FLEXED = "flexed"
    UNMEASURABLE = "unmeasurable"


@dataclass(frozen=True, slots=True)
class TimeWindow:
    start_s: float
    end_s: float

    def contains(self, t: float) -> bool:
        return self.start_s <= t <= self.end_s

    def overlaps(self, start_s: float, end_s: float) -> bool:
        return start_s <= self.end_s and end_s >= self.start_s


@dataclass(frozen=True, slots=True)
class Shot(TimeWindow):
    kind: ShotKind
    note: str = ""


@dataclass(frozen=True, slots=True)
class LumbarWindow(TimeWindow):
    state: LumbarState
    note: str = ""


@dataclass(frozen=True, slots=True)
class ClipLabel:
    file: str
    exercise: str  # the guide's name, or "other:<what it is>"
    view: View
    view_angle_deg: float  # away from a pure side view
    working_side: LabelledSide
    near_side: Side | None  # the body side nearer the camera for most of the clip; None: unknown
    people_in_view: int
    note: str
    shots: tuple[Shot, ...]
    lumbar: tuple[LumbarWindow, ...]

    @property
    def formcheck_exercise(self) -> Exercise | None:
        """The exercise formcheck has rules for, when the clip shows one; else angles only."""
        try:
            return Exercise(self.exercise)
        except ValueError:
            return None

    def windows(self, state: LumbarState) -> tuple[LumbarWindow, ...]:
        return tuple(w for w in self.lumbar if w.state is state)


def load_labels(path: Path = LABELS_PATH) -> list[ClipLabel]:
    """Every clip's label, checked; raises LabelFileError naming the clip and field at fault."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LabelFileError(f"{path}: {error}") from None
    return parse_labels(data, source=str(path))


def parse_labels(data: dict, *, source: str = "labels") -> list[ClipLabel]:
    _check_keys(data, required={"schema", "clip"}, optional=set(), where=source)
    if data["schema"] != SCHEMA:
        raise LabelFileError(f"{source}: schema {data['schema']!r} is not {SCHEMA}")
    clips = [
        _parse_clip(raw, f"{source}: clip #{i + 1}")
        for i, raw in enumerate(_table_list(data, "clip", source))
    ]
    names = [c.file for c in clips]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise LabelFileError(f"{source}: clips labelled twice: {', '.join(duplicates)}")
    return clips


_CLIP_REQUIRED = {"file", "exercise", "view", "view_angle_deg", "working_side", "near_side", "people_in_view"}
_NEAR_SIDES = {"left": Side.LEFT, "right": Side.RIGHT, "unknown": None}
_CLIP_OPTIONAL = {"note", "shot", "lumbar"}


def _parse_clip(raw: object, where: str) -> ClipLabel:
    if not isinstance(raw, dict):
        raise LabelFileError(f"{where}: must be a table")
    if isinstance(raw.get("file"), str) and raw["file"].strip():
        where = f"{where} ({raw['file']})"
    _check_keys(raw, required=_CLIP_REQUIRED, optional=_CLIP_OPTIONAL, where=where)
    file = _text(raw, "file", where)
    exercise = _exercise_name(_text(raw, "exercise", where), where)
    view = _choice(View, raw["view"], "view", where)
    angle = _number(raw, "view_angle_deg", where)
    if not 0 <= angle <= 90:
        raise LabelFileError(f"{where}: view_angle_deg must be 0..90, not {angle}")
    if view is View.SIDE and angle > 15:
        raise LabelFileError(f"{where}: a side view is at most 15 deg off side-on, not {angle}")
    people = raw["people_in_view"]
    if not isinstance(people, int) or isinstance(people, bool) or people < 1:
        raise LabelFileError(f"{where}: people_in_view must be a whole number >= 1, not {people!r}")
    shots = tuple(
        _parse_shot(s, f"{where}: shot #{i + 1}") for i, s in enumerate(_table_list(raw, "shot", where))
    )
    lumbar = tuple(
        _parse_window(w, f"{where}: lumbar #{i + 1}") for i, w in enumerate(_table_list(raw, "lumbar", where))
    )
    _check_in_order(shots, f"{where}: shots")
    _check_in_order(lumbar, f"{where}: lumbar windows")
    near_side = raw["near_side"]
    if near_side not in _NEAR_SIDES:
        raise LabelFileError(f"{where}: near_side {near_side!r} is not one of left, right, unknown")
    return ClipLabel(
        file=file,
        exercise=exercise,
        view=view,
        view_angle_deg=angle,
        working_side=_choice(LabelledSide, raw["working_side"], "working_side", where),
        near_side=_NEAR_SIDES[near_side],
        people_in_view=people,
        note=str(raw.get("note", "")),
        shots=shots,
        lumbar=lumbar,
    )


def _parse_shot(raw: object, where: str) -> Shot:
    if not isinstance(raw, dict):
        raise LabelFileError(f"{where}: must be a table")
    _check_keys(raw, required={"start_s", "end_s", "kind"}, optional={"note"}, where=where)
    start, end = _span(raw, where)
    return Shot(start, end, _choice(ShotKind, raw["kind"], "kind", where), str(raw.get("note", "")))


def _parse_window(raw: object, where: str) -> LumbarWindow:
    if not isinstance(raw, dict):
        raise LabelFileError(f"{where}: must be a table")
    _check_keys(raw, required={"start_s", "end_s", "state"}, optional={"note"}, where=where)
    start, end = _span(raw, where)
    return LumbarWindow(
        start, end, _choice(LumbarState, raw["state"], "state", where), str(raw.get("note", ""))
    )


def _exercise_name(name: str, where: str) -> str:
    known = {e.value for e in Exercise} | GUIDE_ONLY_EXERCISES
    if name in known:
        return name
    if name.startswith(OTHER_PREFIX) and name[len(OTHER_PREFIX) :].strip():
        return name
    raise LabelFileError(
        f"{where}: exercise {name!r} is not one of {', '.join(sorted(known))} or 'other:<what it is>'"
    )


def _span(raw: dict, where: str) -> tuple[float, float]:
    start, end = _number(raw, "start_s", where), _number(raw, "end_s", where)
    if start < 0 or end <= start:
        raise LabelFileError(f"{where}: needs 0 <= start_s < end_s, not {start}..{end}")
    return start, end


def _check_in_order(windows: tuple[TimeWindow, ...], where: str) -> None:
    # Windows may touch (a cut ends one shot where the next begins) but never overlap: a moment has
    # one label.
    for before, after in pairwise(windows):
        if after.start_s < before.end_s:
            raise LabelFileError(
                f"{where}: {before.start_s}..{before.end_s} and {after.start_s}..{after.end_s} "
                "overlap or are out of order"
            )


def _check_keys(raw: dict, *, required: set[str], optional: set[str], where: str) -> None:
    missing = sorted(required - raw.keys())
    if missing:
        raise LabelFileError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(raw.keys() - required - optional)
    if unknown:
        raise LabelFileError(f"{where}: unknown field {', '.join(unknown)}")


def _table_list(raw: dict, key: str, where: str) -> list:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise LabelFileError(f"{where}: {key} must be an array of tables ([[{key}]])")
    return value


def _text(raw: dict, key: str, where: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise LabelFileError(f"{where}: {key} must be a non-empty string, not {value!r}")
    return value


def _number(raw: dict, key: str, where: str) -> float:
    value = raw[key]
    if not isinstance(value, int | float) or isinstance(value, bool) or value != value:
        raise LabelFileError(f"{where}: {key} must be a number, not {value!r}")
    return float(value)


def _choice(enum: type[E], value: object, key: str, where: str) -> E:
    try:
        return enum(value)
    except ValueError:
        valid = ", ".join(str(m.value) for m in enum)
        raise LabelFileError(f"{where}: {key} {value!r} is not one of {valid}") from None
