"""Bad inputs made at test time, and a way to run the real CLI on them in a subprocess.

Every file here is generated from a bundled sample clip (FFmpeg, Pillow, sqlite3, numpy) the first
time a test asks for it, so nothing large is committed. The CLI runs as ``python -m
formcheck.cli.main`` in a child process: exit codes, signals and broken pipes are then the real
ones, not a test runner's imitation.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
# A side-on split squat: a person is in every frame.
PERSON_SOURCE = REPO_ROOT / "sample_videos" / "split-squat_correct_right_yaw0.mp4"
ERROR_PREFIX = "formcheck: error:"
# No case needs more; a build that tried to hold a whole clip's giant frames would take the machine.
MEMORY_LIMIT_BYTES = 8 << 30
TIMED_OUT = -1  # the exit status a run gets when the test had to kill it
CLI = (sys.executable, "-m", "formcheck.cli.main")
# Outputs written through a temporary name must not leave it behind (".x.partial", ".x.123.tmp").
LEFTOVER_PATTERN = re.compile(r"(\.partial|\.tmp|~)$|^\.")


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def ffmpeg(*args: str | Path) -> None:
    command = [ffmpeg_exe(), "-y", "-hide_banner", "-loglevel", "error", *map(str, args)]
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL, capture_output=True, timeout=300)


def video_size(path: Path) -> tuple[int, int]:
    """(width, height) of the first video stream as FFmpeg displays it (rotation applied)."""
    probe = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path), "-frames:v", "1", "-f", "rawvideo", "-y", os.devnull],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    # the output stream line carries the size after autorotation
    sizes = re.findall(r"Stream #\d+:\d+.*?Video:.*?, (\d{2,5})x(\d{2,5})", probe.stderr)
    width, height = sizes[-1]
    return int(width), int(height)


def cli_env(home: Path) -> dict[str, str]:
    """The child imports this checkout's formcheck and never touches the user's own history."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["FORMCHECK_HISTORY"] = str(home / "default-history.sqlite3")
    env["PYTHONUNBUFFERED"] = "0"
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith(ERROR_PREFIX)]

    def explain(self) -> str:
        return f"exit {self.returncode}\n--- stdout ---\n{self.stdout[-3000:]}\n--- stderr ---\n{self.stderr[-3000:]}"


def run_cli(
    *args: str | Path,
    cwd: Path,
    timeout: float = 180,
    stdin=subprocess.DEVNULL,
    memory_limit_bytes: int | None = MEMORY_LIMIT_BYTES,
    env: dict[str, str | None] | None = None,
) -> CliRun:
    """``memory_limit_bytes`` caps the child's address space: a case that would make a faulty build
    allocate a giant frame then fails alone instead of starving the machine. ``env``: variables set
    (or, with the value None, removed) on top of :func:`cli_env`."""
    child_env = cli_env(cwd)
    for name, value in (env or {}).items():
        if value is None:
            child_env.pop(name, None)
        else:
            child_env[name] = value
    try:
        completed = subprocess.run(
            [*CLI, *map(str, args)],
            cwd=cwd,
            env=child_env,
            stdin=stdin,
            preexec_fn=None if memory_limit_bytes is None else address_space_limit(memory_limit_bytes),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as expired:  # killed: report it like any other wrong outcome
        return CliRun(
            TIMED_OUT, _text(expired.stdout), _text(expired.stderr) + f"\n[still running after {timeout} s]"
        )
    return CliRun(completed.returncode, completed.stdout, completed.stderr)


def address_space_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _text(output: str | bytes | None) -> str:
    if isinstance(output, bytes):
        return output.decode(errors="replace")
    return output or ""


def assert_outcome(run: CliRun, exit_code: int, *, error_lines: tuple[int, ...] | None = None) -> None:
    """The contract's robust part: the exit code, one error line for a failure (none for success),
    and never a traceback on either stream. ``error_lines``: the allowed counts where the contract
    leaves it open (an interruption, a broken pipe)."""
    if error_lines is None:
        error_lines = (0,) if exit_code == 0 else (1,)
    assert run.returncode == exit_code, run.explain()
    assert "Traceback" not in run.stdout + run.stderr, run.explain()
    assert len(run.error_lines) in error_lines, run.explain()


def leftovers(folder: Path) -> list[str]:
    """Temporary or partial files left in ``folder`` (recursively)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if LEFTOVER_PATTERN.search(p.name))


def load_report(path: Path) -> dict:
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["schema"].startswith("formcheck.report/"), report.get("schema")
    return report


# ----------------------------------------------------------------------------------------------
# Generators: each writes one file (or node) at ``path`` and returns it.


def cut_person_clip(path: Path, *, start_s: float, duration_s: float, width: int = 320) -> Path:
    ffmpeg(
        "-ss", start_s, "-t", duration_s, "-i", PERSON_SOURCE,
        "-vf", f"scale={width}:-2", "-an", "-c:v", "libx264", "-preset", "veryfast",
        "-pix_fmt", "yuv420p", "-movflags", "+faststart", path,
    )  # fmt: skip
    return path


def filtered(source: Path, path: Path, video_filter: str, *extra: str) -> Path:
    ffmpeg("-i", source, "-vf", video_filter, "-an", "-c:v", "libx264", "-preset", "veryfast",
           "-pix_fmt", "yuv420p", *extra, path)  # fmt: skip
    return path


def two_people(source_640: Path, path: Path) -> Path:
    """The person's part of the 640-px clip beside itself: two people side by side, each as large as
    in the clip (a whole frame beside itself would halve them in the model's square input)."""
    ffmpeg("-i", source_640, "-filter_complex", "[0:v]crop=280:360:160:0,split[a][b];[a][b]hstack",
           "-an", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", path)  # fmt: skip
    return path


def person_leaves(source: Path, path: Path, *, after_s: float = 1.0) -> Path:
    """After ``after_s`` the picture is an empty grey wall: the person has walked out."""
    return filtered(source, path, f"drawbox=x=0:y=0:w=iw:h=ih:color=gray:t=fill:enable='gte(t,{after_s})'")


def rotated_by_metadata(source: Path, path: Path) -> Path:
    """Pixels stored turned a quarter clockwise, with a display matrix that turns them back upright
    (what a phone held sideways writes)."""
    stored = path.with_name(path.stem + "-stored.mp4")
    filtered(source, stored, "transpose=1")
    ffmpeg("-display_rotation", "90", "-i", stored, "-c", "copy", path)
    stored.unlink()
    return path


def variable_frame_rate(source: Path, path: Path) -> Path:
    """Frames 1/15 s apart, then 4/15 s apart for ten frames, then 2/15 s: timestamps that are not
    n/fps (all on the 1/15 s grid, so the encoder's time base keeps every frame)."""
    expression = "if(lt(N,10),N,if(lt(N,20),10+(N-10)*4,50+(N-20)*2))/15/TB"
    return filtered(source, path, f"setpts='{expression}'", "-fps_mode", "vfr")


def synthetic(path: Path, lavfi: str, *, duration_s: float = 2.0) -> Path:
    ffmpeg("-f", "lavfi", "-i", lavfi, "-t", duration_s, "-c:v", "libx264", "-preset", "veryfast",
           "-pix_fmt", "yuv420p", path)  # fmt: skip
    return path


def audio_only(path: Path) -> Path:
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "aac", path)
    return path


def zero_frames(source: Path, path: Path) -> Path:
    """A complete mp4 whose video track lists no samples (FFmpeg drops an empty track, so the sample
    tables of a one-frame file are emptied in place)."""
    one = path.with_name(path.stem + "-one.mp4")
    ffmpeg("-i", source, "-frames:v", "1", "-an", "-c:v", "libx264", "-movflags", "+faststart", one)
    data = bytearray(one.read_bytes())
    one.unlink()
    # box header (size, type) then version/flags; stsz has a sample_size word before its count
    for box, count_offset in ((b"stts", 4), (b"stsc", 4), (b"stsz", 8), (b"stco", 4), (b"stss", 4)):
        at = data.find(box)
        if at >= 0:
            struct.pack_into(">I", data, at + 4 + count_offset, 0)
    path.write_bytes(bytes(data))
    return path


def box_offset(data: bytes, box: bytes) -> int:
    at = data.find(box)
    assert at >= 4, f"no {box!r} box"
    return at - 4  # the box starts with its 4-byte size


def truncated(source: Path, path: Path, *, keep_bytes: int) -> Path:
    path.write_bytes(source.read_bytes()[:keep_bytes])
    return path


def without_moov(path: Path, source: Path) -> Path:
    """An mp4 recorded with its index (moov) at the end, cut just before it: a recording that died."""
    plain = path.with_name(path.stem + "-plain.mp4")
    ffmpeg("-i", source, "-c", "copy", plain)  # no +faststart: moov after mdat
    data = plain.read_bytes()
    plain.unlink()
    moov = box_offset(data, b"moov")
    assert moov > box_offset(data, b"mdat")
    path.write_bytes(data[:moov])
    return path


def sample_spans(data: bytes) -> list[tuple[int, int]]:
    """(offset, size) of every sample of an mp4's first track, in file order, from its sample tables
    (stsz sizes, stsc samples per chunk, stco chunk offsets)."""

    def table(box: bytes) -> tuple[int, int]:  # (offset of the first entry, entry count)
        at = box_offset(data, box) + 8 + 4  # size, type, version/flags
        if box == b"stsz":
            assert struct.unpack_from(">I", data, at)[0] == 0, "samples of one size: not an encoder's mp4"
            at += 4
        return at + 4, struct.unpack_from(">I", data, at)[0]

    first, count = table(b"stsz")
    sizes = struct.unpack_from(f">{count}I", data, first)
    first, count = table(b"stco")
    chunk_offsets = struct.unpack_from(f">{count}I", data, first)
    first, count = table(b"stsc")
    runs = [struct.unpack_from(">III", data, first + 12 * i)[:2] for i in range(count)]
    spans: list[tuple[int, int]] = []
    for chunk, offset in enumerate(chunk_offsets, start=1):
        per_chunk = next(n for first_chunk, n in reversed(runs) if first_chunk <= chunk)
        for _ in range(per_chunk):
            size = sizes[len(spans)]
            spans.append((offset, size))
            offset += size
    assert len(spans) == len(sizes)
    return spans


def cut_inside_frame(source: Path, path: Path, frame: int) -> Path:
    """The file ends a few bytes into sample ``frame`` (decode order): frames before it are whole."""
    data = source.read_bytes()
    offset, size = sample_spans(data)[frame]
    return truncated(source, path, keep_bytes=offset + min(16, size // 2))


def corrupt_middle(source: Path, path: Path, *, first: int = 12, last: int = 18, seed: int = 11) -> Path:
    """Garbage over samples ``first``..``last``: the header and the frames around them are intact."""
    data = bytearray(source.read_bytes())
    spans = sample_spans(bytes(data))
    start, end = spans[first][0], spans[last][0] + spans[last][1]
    data[start:end] = np.random.default_rng(seed).integers(0, 256, end - start, dtype=np.uint8).tobytes()
    path.write_bytes(bytes(data))
    return path


def still(source: Path, path: Path, *, at_s: float = 1.0) -> Path:
    ffmpeg("-ss", at_s, "-i", source, "-frames:v", "1", path)
    return path


def animated_gif(source: Path, path: Path) -> Path:
    ffmpeg("-i", source, "-vf", "fps=10", path)
    return path


def raw_h264(source: Path, path: Path) -> Path:
    """The clip's H.264 as a bare elementary stream (what a Raspberry Pi camera records): no
    container, so no frame count, no rate and no timestamps."""
    ffmpeg("-i", source, "-an", "-c:v", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264", path)
    return path


def random_bytes(path: Path, size: int = 50_000, seed: int = 5) -> Path:
    path.write_bytes(np.random.default_rng(seed).integers(0, 256, size, dtype=np.uint8).tobytes())
    return path


# ----------------------------------------------------------------------------------------------
# History databases


def make_history(path: Path, *, sessions: int = 2) -> Path:
    """A valid history file made by formcheck's own store, holding ``sessions`` rows, left in rollback
    journal mode with no -wal/-shm beside it."""
    from datetime import datetime, timezone

    from formcheck.history.store import SessionRecord, connect, insert_sessions

    connection = connect(path)
    try:
        records = [
            SessionRecord(
                performed_at=datetime(2026, 1, 1 + i, 9, 0, tzinfo=timezone.utc),
                clip=f"clip{i}.mp4",
                exercise="split-squat",
                side="left",
                peak_hip_extension_deg=10.0 + i,
                fingerprint=f"corpus-{i}",
            )
            for i in range(sessions)
        ]
        insert_sessions(connection, records)
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()
    return path


def edit_history(path: Path, *statements: str) -> Path:
    connection = sqlite3.connect(str(path), isolation_level=None)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()
    return path


def session_count(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM sessions").fetchone()[0]
    finally:
        connection.close()


LOCK_HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
connection.execute("ROLLBACK")
"""


class LockedDatabase:
    """Another process holds ``BEGIN EXCLUSIVE`` on the file while the block runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> LockedDatabase:
        self.process = subprocess.Popen(
            [sys.executable, "-c", LOCK_HOLDER, str(self.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "locked"
        return self

    def __exit__(self, *exc) -> None:
        assert self.process is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


# ----------------------------------------------------------------------------------------------
# Private mount namespaces (root only): a read-only or full file system, and a private /dev


def can_unshare_mounts() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         "d=$(mktemp -d) && mount -t tmpfs -o size=64k none \"$d\" && umount \"$d\"; r=$?; rmdir \"$d\"; exit $r"],
        capture_output=True,
        timeout=30,
    )  # fmt: skip
    return probe.returncode == 0


def run_in_mount_namespace(
    setup: str, args: list[str], *, cwd: Path, after: str = "", timeout: float = 180
) -> CliRun:
    """Runs ``setup`` (shell), then the CLI with ``args``, then ``after`` (shell; it sees the CLI's
    exit status as $rc), all in a private mount namespace that vanishes with it. The CLI's own exit
    status is what comes back."""
    import shlex

    cli = " ".join(shlex.quote(part) for part in (*CLI, *args))
    script = f"set -e\n{setup}\nset +e\n{cli}\nrc=$?\n{after}\nexit $rc\n"
    completed = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "bash", "-c", script],
        cwd=cwd,
        env=cli_env(cwd),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
    )
    return CliRun(completed.returncode, completed.stdout, completed.stderr)


# A /dev of our own: the real one is bound aside and a tmpfs with the few nodes Python needs goes on
# top, so a tool that wrongly renamed a file over /dev/stdout would only damage this copy.
PRIVATE_DEV = """
olddev=$(mktemp -d)
mount --bind /dev "$olddev"
mount -t tmpfs -o mode=755 none /dev
for node in null:1:3 zero:1:5 random:1:8 urandom:1:9 tty:5:0; do
  IFS=: read -r name major minor <<< "$node"; mknod -m 666 "/dev/$name" c "$major" "$minor"
done
mkdir /dev/shm /dev/pts && mount --bind "$olddev/shm" /dev/shm
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
"""
