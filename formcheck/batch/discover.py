"""Which files a batch scores: the paths given, folders searched recursively for video files, and
fsspec URLs (a file, a folder or a glob pattern: ``formcheck.batch.locations``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from formcheck.batch.locations import Clip, find_url_clips, is_url
from formcheck.errors import InvalidOption, OutputUnwritable, SourceNotFound

# The formats the issue names; matched case-insensitively.
BATCH_VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".webm", ".mkv", ".gif", ".m4v")


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def find_clips(paths: Iterable[Path | str], *, exclude: Path | None = None) -> list[Clip]:
    """Video files under ``paths`` (files given by name are taken whatever their suffix), sorted,
    without duplicates, hidden folders, or anything inside ``exclude`` (the batch's own output).
    A URL's clips are URLs (``str``), the others ``Path``s."""
    found: dict[Clip, None] = {}
    # A file given as the output folder is refused by the output check, after discovery: it must
    # not hide itself (a clip given as --out) and leave "no video files found".
    excluded = exclude.resolve() if exclude is not None and not exclude.is_file() else None
    for named in paths:
        if is_url(named):
            found.update(dict.fromkeys(find_url_clips(str(named), BATCH_VIDEO_SUFFIXES)))
            continue
        given = Path(named)
        if str(given) == "-":
            raise InvalidOption(
                "'-' (standard input) cannot be a clip; give files or folders (for a file named '-', its full path)"
            )
        if not given.exists():
            raise SourceNotFound(f"no such file or folder: {given}")
        if given.is_file():  # named: scored even inside --out (`batch ~/v/*.mp4 --out ~/v`)
            found[given.resolve()] = None
            continue
        if excluded is not None and given.resolve().is_relative_to(excluded):
            # Every clip in it would be skipped as the batch's own output ("no video files found").
            raise OutputUnwritable(
                f"--out {exclude}: is or holds the folder of clips {given}; give the reports a folder of their own"
            )
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
