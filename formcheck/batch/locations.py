"""Clips named by an fsspec URL (``s3://bucket/clips/``, ``gs://...``, ``file:///srv/clips/a.mp4``).

A batch clip is a local ``Path`` or such a URL, kept as the ``str`` it was given (``Path`` would
fold its ``//``). The URL is the clip's identity everywhere (its key, its folder name, the
summary); only the worker that scores it needs a file, because OpenCV decodes files:
``local_clip`` streams the URL to a temporary file, removed when the clip is done. A ``file://``
URL is a local file already and is read in place. fsspec (the ``cluster`` extra) is imported only
when a URL is given; the filesystem of a protocol (``s3fs`` for ``s3://``) is fsspec's to find.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path, PurePosixPath

from formcheck.errors import FormcheckError, InvalidOption, SourceNotFound, SourceUnreadable

Clip = Path | str  # a local file, or an fsspec URL (str)

INSTALL_HINT = "pip install 'formcheck[cluster]'"
# scheme://...; one letter before ':' is a Windows drive, not a scheme.
_URL = re.compile(r"^[a-z][a-z0-9+.-]+://", re.IGNORECASE)
_GLOB_CHARS = ("*", "?", "[")
# Protocols whose paths are this machine's files: read in place, never copied.
_LOCAL_PROTOCOLS = ("file", "local")
_COPY_CHUNK_BYTES = 4 * 1024 * 1024


def is_url(clip: Clip | str) -> bool:
    return isinstance(clip, str) and bool(_URL.match(clip))


def as_clip(given: str | Path) -> Clip:
    """A command-line argument as a clip: a URL stays text, anything else is a path."""
    return given if is_url(given) else Path(given)


def clip_name(clip: Clip) -> str:
    """The clip's file name (``a.mp4``), for progress lines and folder names."""
    return PurePosixPath(clip.split("://", 1)[1]).name if is_url(clip) else Path(clip).name


def _filesystem(url: str):  # noqa: ANN202  (an fsspec AbstractFileSystem)
    try:
        import fsspec
    except ImportError:
        raise InvalidOption(f"{url}: reading clips from a URL needs fsspec: {INSTALL_HINT}") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as error:  # no such protocol, or its package is not installed
        raise InvalidOption(f"{url}: {error}") from None


def _protocol(fs) -> str:  # noqa: ANN001
    return fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]


def find_url_clips(url: str, suffixes: tuple[str, ...]) -> list[str]:
    """The clips a URL names: a file itself, every video file under a folder (recursively, hidden
    ones left out), or the files a glob pattern matches; sorted, as URLs written one way
    (``memory://v/a.mp4`` is ``memory:///v/a.mp4``), so a clip keeps its key however it was named."""
    fs, path = _filesystem(url)
    try:
        if any(char in path for char in _GLOB_CHARS):
            matches = sorted(p for p in fs.glob(path) if fs.isfile(p))
        elif fs.isfile(path):
            matches = [path]
        elif fs.isdir(path):
            root = path.rstrip("/")
            matches = sorted(
                p
                for p in fs.find(root)
                if p.lower().endswith(suffixes)
                and not any(part.startswith(".") for part in p[len(root) :].split("/"))
            )
        else:
            raise SourceNotFound(f"no such file or folder: {url}")
    except FormcheckError:
        raise
    except Exception as error:  # noqa: BLE001  (unreachable, no permission, no credentials: each store its own)
        raise SourceUnreadable(f"{url}: cannot be listed ({type(error).__name__}: {error})") from None
    return [fs.unstrip_protocol(p) for p in matches]


def url_stat(url: str) -> tuple[int, int]:
    """(size in bytes, modification time in ns; 0 when the store keeps none) of the file at ``url``.

    The modification time has many names (``mtime`` on a disk, ``LastModified`` on S3, ``created``
    in memory); without one, a clip replaced by another of the same size is not scored again
    (``--force`` does).
    """
    fs, path = _filesystem(url)
    if _protocol(fs) in _LOCAL_PROTOCOLS:  # to the nanosecond, as for the same file given as a path
        stat = Path(path).stat()
        return stat.st_size, stat.st_mtime_ns
    try:
        info = fs.info(path)
    except OSError:  # FileNotFoundError when it is gone: as for a local file
        raise
    except Exception as error:  # a store's own exception (no credentials): an OSError as for a disk
        raise OSError(f"{url}: {type(error).__name__}: {error}") from error
    for name in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value = info.get(name)
        if isinstance(value, datetime):
            return int(info.get("size") or 0), int(value.timestamp() * 1e9)
        if isinstance(value, int | float):
            return int(info.get("size") or 0), int(value * 1e9)
    return int(info.get("size") or 0), 0


def url_exists(url: str) -> bool:
    fs, path = _filesystem(url)
    try:
        return bool(fs.isfile(path))
    except Exception:  # noqa: BLE001  (unreachable from here, whatever the store says)
        return False


@contextmanager
def local_clip(clip: Clip) -> Iterator[Path]:
    """A local file with the clip's bytes while the block runs: the clip itself, or a temporary
    copy of a URL (same suffix, so the decoder guesses the same format), deleted afterwards."""
    if not is_url(clip):
        yield Path(clip)
        return
    fs, path = _filesystem(clip)
    if _protocol(fs) in _LOCAL_PROTOCOLS:
        yield Path(path)
        return
    with tempfile.TemporaryDirectory(prefix="formcheck-clip-") as folder:
        local = Path(folder) / clip_name(clip)
        try:
            with fs.open(path, "rb") as remote, local.open("wb") as copy:
                shutil.copyfileobj(remote, copy, _COPY_CHUNK_BYTES)
        except FileNotFoundError:
            raise SourceNotFound(f"{clip}: no such file (any more)") from None
        except Exception as error:  # noqa: BLE001  (the store's errors, a full temporary disk)
            raise SourceUnreadable(
                f"{clip}: could not be fetched ({type(error).__name__}: {error})"
            ) from None
        yield local
