"""A stand-in for the pose pipeline so batch mechanics are tested in milliseconds.

A fake "clip" is a small text file whose first word says what the analysis does with it:
``OK <peak hip extension>``, ``CORRUPT``, ``NOPERSON``, ``BUG``, ``DIE``, ``SLOW <seconds> <peak>``,
``DIE_ONCE <marker file> <peak>`` (the first attempt leaves a half-written temporary file in the
clip's folder, creates the marker and kills its own process; later attempts score the clip).
Every call appends the clip's name to ``$FAKE_ANALYSIS_LOG`` (when set), so tests can count which
clips were analysed and how often.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from types import SimpleNamespace

from formcheck.errors import NoPersonFound, SourceUnreadable
from formcheck.types import Exercise, FrameRecord, Mistake, MistakeCode, Report, Side


def fake_report(source: str, peak_deg: float) -> Report:
    """10 frames at 5 fps; hip extension rises linearly to ``peak_deg``; arch 20 deg from 1.0-1.4 s."""
    frames = [
        FrameRecord(
            t=i / 5,
            pose=True,
            hip_extension_deg=peak_deg * i / 9,
            lumbar_arch_deg=20.0 if 5 <= i <= 7 else 2.0,
            thigh_to_horizontal_deg=-peak_deg * i / 9,
        )
        for i in range(10)
    ]
    return Report(
        source=source,
        exercise=Exercise.COUCH_STRETCH,
        side=Side.LEFT,
        fps=5.0,
        duration_s=2.0,
        frames_total=10,
        frames_with_pose=10,
        frames=frames,
        mistakes=[Mistake(MistakeCode.BACK_ARCH, 1.0, 1.4, 20.0, "Keep ribs down; no lumbar arch")],
        summary={"verdict": "The back arched: keep ribs down."},
    )


def fake_analyze(job) -> SimpleNamespace:
    log = os.environ.get("FAKE_ANALYSIS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{job.clip.name}\n")
    words = Path(job.clip).read_text(encoding="utf-8").split()
    command = words[0] if words else "CORRUPT"
    if command == "CORRUPT":
        raise SourceUnreadable(f"{job.clip}: not a video file (cannot decode)")
    if command == "NOPERSON":
        raise NoPersonFound(f"{job.clip}: no person found in any of its 50 frames")
    if command == "DIE":  # a crash in native code, as far as the parent can tell
        os.kill(os.getpid(), signal.SIGKILL)
    if command == "DIE_ONCE":
        marker = Path(words[1])
        if not marker.exists():
            marker.write_text(str(os.getpid()))
            job.folder.mkdir(parents=True, exist_ok=True)
            (job.folder / ".report.json.partial").write_text('{"half')  # killed mid-write
            os.kill(os.getpid(), signal.SIGKILL)
        words = words[1:]
    if command == "BUG":
        raise ZeroDivisionError("division by zero")
    if command == "SLOW":
        time.sleep(float(words[1]))
        words = words[1:]
    report = fake_report(str(job.clip), float(words[1]))
    return SimpleNamespace(report=report, track=SimpleNamespace(size=(64, 48), frames=[]), angles=[])


def make_clips(folder: Path, contents: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in contents.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
