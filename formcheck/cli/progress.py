"""Progress bars for long work, on stderr so stdout stays clean for machine-readable output."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

from formcheck.pipeline import ProgressCallback


@contextmanager
def frame_progress(label: str, *, enabled: bool = True) -> Iterator[ProgressCallback | None]:
    """A callback that advances a frame-count bar, created at the first frame (so an error before
    any frame is decoded prints only the error)."""
    if not enabled:
        yield None
        return
    # Off a terminal (CI logs, pipes) a bar redrawn ten times a second buries the output.
    interval_s = 0.1 if sys.stderr.isatty() else 5.0
    bars: list[tqdm] = []

    def advance(done: int, expected: int | None) -> None:
        if not bars:
            bars.append(
                tqdm(
                    desc=label,
                    unit="frame",
                    file=sys.stderr,
                    dynamic_ncols=True,
                    leave=False,
                    mininterval=interval_s,
                )
            )
        bar = bars[0]
        if expected and bar.total != expected:
            bar.total = expected
        bar.update(done - bar.n)

    try:
        yield advance
    finally:
        for bar in bars:
            bar.close()
