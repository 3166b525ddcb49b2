"""Turning what the user typed (a path, a camera number, a URL) into a kind of source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".avi", ".webm", ".mkv", ".gif", ".mpg", ".mpeg", ".ts")
# Schemes whose sources have no end and no seeking.
LIVE_SCHEMES = ("rtsp", "rtsps", "rtmp", "rtmps", "udp", "rtp", "srt", "tcp")
STREAM_SCHEMES = (*LIVE_SCHEMES, "http", "https")

_URL_PATTERN = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class SourceKind(str, Enum):
    FILE = "file"
    CAMERA = "camera"
    STREAM = "stream"


@dataclass(frozen=True, slots=True)
class SourceSpec:
    kind: SourceKind
    target: str | int  # the path or URL handed to OpenCV, or the camera index
    display_name: str  # safe to print: URLs lose their password

    @property
    def is_live_scheme(self) -> bool:
        return self.kind is SourceKind.STREAM and urlsplit(str(self.target)).scheme.lower() in LIVE_SCHEMES


def parse_spec(spec: str | int | Path) -> SourceSpec:
    """``0`` / ``"0"`` -> camera 0; ``rtsp://...`` / ``http://...`` -> stream; anything else -> a file."""
    if isinstance(spec, bool):
        raise TypeError("a source is a path, a camera index or a URL, not a bool")
    if isinstance(spec, int):
        return SourceSpec(SourceKind.CAMERA, spec, f"camera {spec}")
    if isinstance(spec, Path):
        return SourceSpec(SourceKind.FILE, str(spec), str(spec))
    text = spec.strip()
    if text.isdigit():
        return SourceSpec(SourceKind.CAMERA, int(text), f"camera {int(text)}")
    if _URL_PATTERN.match(text):
        scheme = urlsplit(text).scheme.lower()
        if scheme == "file":
            path = urlsplit(text).path
            return SourceSpec(SourceKind.FILE, path, path)
        return SourceSpec(SourceKind.STREAM, text, redact_url(text))
    return SourceSpec(SourceKind.FILE, text, text)


def redact_url(url: str) -> str:
    """``rtsp://user:secret@cam/stream`` -> ``rtsp://user@cam/stream``: names end up in reports."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, f"{user}{host}", parts.path, parts.query, parts.fragment))
