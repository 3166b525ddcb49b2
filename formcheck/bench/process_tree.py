"""Run a command and measure it whole: wall time, CPU time and peak memory of its process tree.

Peak memory is the largest sum of resident set sizes (RSS) of the process and all its descendants
seen by sampling ``/proc`` every ``SAMPLE_S``: what the machine must hold at once, worker
processes included. Sampling can miss a peak shorter than the interval; each process's own peak
(``VmHWM``) is not summable, as the processes peak at different moments. Linux only: elsewhere the
memory figure is None.
"""

from __future__ import annotations

import os
import resource
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_S = 0.05
_PROC = Path("/proc")


@dataclass(frozen=True, slots=True)
class RunFigures:
    wall_s: float
    peak_rss_mb: float | None
    cpu_s: float  # user + system time of the whole tree: what other load on the machine barely changes
    returncode: int
    stderr_tail: str


def run_measured(
    commands: Sequence[Sequence[str]], *, env: dict[str, str] | None = None, timeout_s: float = 3600.0
) -> RunFigures:
    """Start every command at once, wait for all; wall time from the first start to the last end.

    Several commands measure processes that share the machine (two pose loops at once). The
    return code is the first non-zero one, with that command's last stderr lines.
    """
    cpu_before = _children_cpu_s()
    started = time.perf_counter()
    processes = [
        subprocess.Popen(list(c), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    peak = 0.0 if _PROC.is_dir() else None
    deadline = started + timeout_s
    while any(p.poll() is None for p in processes):
        if peak is not None:
            peak = max(peak, sum(tree_rss_mb(p.pid) for p in processes))
        if time.perf_counter() > deadline:
            for p in processes:
                p.kill()
        time.sleep(SAMPLE_S)
    wall_s = time.perf_counter() - started
    cpu_s = _children_cpu_s() - cpu_before  # the children waited for theirs (worker processes)
    failed = next((p for p in processes if p.returncode != 0), processes[0])
    stderr = failed.stderr.read() if failed.stderr else ""
    for p in processes:
        if p.stderr:
            p.stderr.close()
    return RunFigures(wall_s, peak, cpu_s, failed.returncode, "\n".join(stderr.strip().splitlines()[-3:]))


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_rss_mb(pid: int) -> float:
    """The resident memory of ``pid`` and every process descended from it, in MiB (0 if gone)."""
    children: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            parent = _parent_pid(entry)
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    total_kb, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total_kb += _rss_kb(current)
        stack.extend(children.get(current, []))
    return total_kb / 1024.0


def _parent_pid(entry: Path) -> int | None:
    try:
        # /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses
        stat = (entry / "stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _rss_kb(pid: int) -> int:
    try:
        for line in (_PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def python_env() -> dict[str, str]:
    """The environment for ``python -m formcheck...`` children: this formcheck first on the path."""
    import formcheck

    root = str(Path(formcheck.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    return env
