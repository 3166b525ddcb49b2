"""What a batch remembers about each clip, stored next to the clip's outputs.

``record.json`` is written last, after the clip's report files, and atomically: its presence means
the clip is finished, so a batch killed half-way loses nothing already written and a re-run skips
exactly the clips whose record matches the file (path, size, modification time).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from enum import Enum
from pathlib import Path

from formcheck.batch.locations import Clip, clip_name, is_url, url_stat
from formcheck.destinations import write_text

RECORD_FILE = "record.json"
RECORD_SCHEMA = "formcheck.batch-record/1"


class ClipStatus(str, Enum):
    OK = "ok"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ClipKey:
    """Identifies one version of a clip: a changed file is scored again."""

    path: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, clip: Clip) -> ClipKey:
        """A local file's absolute path, size and time; a URL's own text and what its store says."""
        if is_url(clip):
            return cls(str(clip), *url_stat(str(clip)))
        stat = Path(clip).stat()
        return cls(str(Path(clip).resolve()), stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True, slots=True)
class ClipRecord:
    """One clip's row in the batch summary."""

    key: ClipKey
    status: ClipStatus
    error: str | None = None
    error_type: str | None = None
    exercise: str | None = None
    side: str | None = None
    result: str | None = None  # the verdict in words (Thomas test: positive/negative/invalid first)
    mistakes: tuple[str, ...] = ()
    peak_hip_extension_deg: float | None = None
    max_lumbar_arch_deg: float | None = None
    lowest_thigh_to_horizontal_deg: float | None = None
    thomas_angle_deg: float | None = None
    seconds_analysed: float | None = None
    frames_with_pose: int | None = None
    frames_total: int | None = None
    warnings: tuple[str, ...] = ()
    outputs: dict[str, str] = field(default_factory=dict)  # kind -> file name inside the clip folder
    elapsed_s: float | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["status"] = self.status.value
        return {"schema": RECORD_SCHEMA, **data}

    @classmethod
    def from_dict(cls, data: dict) -> ClipRecord:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["key"] = ClipKey(**values["key"])
        values["status"] = ClipStatus(values["status"])
        values["mistakes"] = tuple(values.get("mistakes") or ())
        values["warnings"] = tuple(values.get("warnings") or ())
        return cls(**values)


def clip_folder_name(clip: Clip) -> str:
    """``<stem>-<8 hex of the absolute path or the URL>``: readable and unique for same-named clips."""
    identity = str(clip) if is_url(clip) else str(Path(clip).resolve())
    digest = hashlib.sha1(identity.encode()).hexdigest()[:8]
    return f"{Path(clip_name(clip)).stem}-{digest}"


def write_json_atomically(data: object, path: Path) -> None:
    """Complete or absent (temp file + rename); a full disk is OutputWriteFailed, nothing left."""
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False))


def write_record(record: ClipRecord, folder: Path) -> None:
    write_json_atomically(record.to_dict(), folder / RECORD_FILE)


def read_record(folder: Path) -> ClipRecord | None:
    """The folder's record, or None when missing or unreadable (then the clip is scored again)."""
    try:
        data = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
        return ClipRecord.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_done(record: ClipRecord | None, key: ClipKey, folder: Path, *, retry_failed: bool) -> bool:
    """The clip, in this exact version, was already scored (and its outputs are still there)."""
    if record is None or record.key != key:
        return False
    if record.status is ClipStatus.FAILED:
        return not retry_failed
    return all((folder / name).exists() for name in record.outputs.values())
