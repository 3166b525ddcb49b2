"""Which files a batch scores: the paths given, folders searched recursively for video files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from formcheck.errors import InvalidOption, SourceNotFound

# The formats the issue names; matched case-insensitively.
BATCH_VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".webm", ".mkv", ".gif", ".m4v")


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def find_clips(paths: Iterable[Path | str], *, exclude: Path | None = None) -> list[Path]:
    """Video files under ``paths`` (files given by name are taken whatever their suffix), sorted,
    without duplicates, hidden folders, or anything inside ``exclude`` (the batch's own output)."""
    found: dict[Path, None] = {}
    excluded = exclude.resolve() if exclude is not None else None
    for given in map(Path, paths):
        if str(given) == "-":
            raise InvalidOption(
                "'-' (standard input) cannot be a clip; give files or folders (for a file named '-', its full path)"
            )
        if not given.exists():
            raise SourceNotFound(f"no such file or folder: {given}")
        if given.is_file():
            found[given.resolve()] = None
            continue
        root = given.resolve()
        for path in sorted(root.rglob("*")):
            if (
                not path.is_file()
                or path.suffix.lower() not in BATCH_VIDEO_SUFFIXES
                or _is_hidden(path, root)
            ):
                continue
            if excluded is not None and path.is_relative_to(excluded):
                continue
            found[path] = None
    return list(found)
