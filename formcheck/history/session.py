"""One saved session, and its checked conversion from a database row or a JSON object.

A history file can be edited by hand or by another program, so every value read back is checked:
a row with a date that is not a date, a text where a number belongs or an infinite angle is
*malformed* and is skipped (and counted) by the readers, never turned into a guess.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One saved session: the figures a person follows over weeks."""

    performed_at: datetime
    clip: str
    exercise: str | None
    side: str | None
    verdict: str | None = None
    duration_s: float | None = None
    peak_hip_extension_deg: float | None = None
    max_lumbar_arch_deg: float | None = None
    lowest_thigh_to_horizontal_deg: float | None = None
    thomas_angle_deg: float | None = None
    thomas_result: str | None = None
    hold_times_s: tuple[float, ...] = ()
    mistakes: tuple[str, ...] = ()
    fingerprint: str = ""
    id: int | None = None
    saved_at: datetime | None = None


class MalformedSession(ValueError):
    """A stored session with a value of the wrong kind; the message names the field."""


OPTIONAL_TEXT_FIELDS = ("exercise", "side", "verdict", "thomas_result")
OPTIONAL_NUMBER_FIELDS = (
    "duration_s",
    "peak_hip_extension_deg",
    "max_lumbar_arch_deg",
    "lowest_thigh_to_horizontal_deg",
    "thomas_angle_deg",
)


def utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _moment(value: object, name: str) -> datetime:
    if not isinstance(value, str):
        raise MalformedSession(f"{name} is {value!r}, not a date")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise MalformedSession(f"{name} is {value!r}, not a date") from None
    # formcheck writes UTC with its offset; a date written without one is read as UTC, so that
    # dates from both kinds of row can be compared and sorted together.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _number(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MalformedSession(f"{name} is {value!r}, not a finite number")
    return float(value)


def _text(value: object, name: str, *, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or (not optional and not value):
        raise MalformedSession(f"{name} is {value!r}, not a text")
    return value


def _list(value: object, name: str, *, encoded: bool) -> list:
    if encoded:
        if not isinstance(value, str):
            raise MalformedSession(f"{name} is {value!r}, not a JSON list")
        try:
            value = json.loads(value)
        except ValueError:
            raise MalformedSession(f"{name} is {value!r}, not a JSON list") from None
    if not isinstance(value, list):
        raise MalformedSession(f"{name} is {value!r}, not a list")
    return value


def _session(values: Mapping[str, object], *, encoded_lists: bool) -> SessionRecord:
    """Check every field; ``encoded_lists``: the two lists are JSON text (database columns)."""
    try:
        hold_times = _list(values["hold_times_s"], "hold_times_s", encoded=encoded_lists)
        mistakes = _list(values["mistakes"], "mistakes", encoded=encoded_lists)
        row_id = values.get("id")
        if row_id is not None and (isinstance(row_id, bool) or not isinstance(row_id, int)):
            raise MalformedSession(f"id is {row_id!r}, not a whole number")
        saved_at = values.get("saved_at")
        return SessionRecord(
            id=row_id,
            performed_at=_moment(values["performed_at"], "performed_at"),
            saved_at=None if saved_at is None else _moment(saved_at, "saved_at"),
            clip=_text(values["clip"], "clip", optional=False),  # type: ignore[arg-type]
            **{name: _text(values.get(name), name) for name in OPTIONAL_TEXT_FIELDS},  # type: ignore[arg-type]
            **{name: _number(values.get(name), name) for name in OPTIONAL_NUMBER_FIELDS},  # type: ignore[arg-type]
            hold_times_s=tuple(_number(t, "hold_times_s") for t in hold_times),  # type: ignore[misc]
            mistakes=tuple(_text(m, "mistakes", optional=False) for m in mistakes),  # type: ignore[misc]
            fingerprint=_text(values["fingerprint"], "fingerprint", optional=False),  # type: ignore[arg-type]
        )
    except KeyError as error:
        raise MalformedSession(f"{error.args[0]} is missing") from None


def session_from_row(row: Mapping[str, object]) -> SessionRecord:
    """A ``sessions`` row (a ``sqlite3.Row``) as a checked SessionRecord; raises MalformedSession."""
    return _session({key: row[key] for key in row.keys()}, encoded_lists=True)  # noqa: SIM118


def session_to_dict(record: SessionRecord) -> dict:
    """JSON-ready; :func:`session_from_dict` gives back the same record as the database stores it
    (times to the second, floats exactly)."""
    data = {
        "performed_at": utc_iso(record.performed_at),
        "clip": record.clip,
        **{name: getattr(record, name) for name in OPTIONAL_TEXT_FIELDS + OPTIONAL_NUMBER_FIELDS},
        "hold_times_s": list(record.hold_times_s),
        "mistakes": list(record.mistakes),
        "fingerprint": record.fingerprint,
    }
    return data


def session_from_dict(data: object) -> SessionRecord:
    if not isinstance(data, dict):
        raise MalformedSession(f"a session is {type(data).__name__}, not an object")
    return _session(data, encoded_lists=False)
