"""The annotated copy of a clip: the analysed pictures with the analysis drawn on every frame.

The pictures come from a ``FrameOpener``: the frames kept while the clip was analysed (one decode,
``formcheck.sources.spill``) or, where none were kept, the clip read again with the same stride and size.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tqdm import tqdm

from formcheck.analysis import Analysis
from formcheck.exercises.profile import Profile
from formcheck.feedback.overlay import annotate_frame
from formcheck.outputs.video import H264Writer
from formcheck.sources.spill import FrameOpener


def write_annotated_video(
    analysis: Analysis,
    frames: FrameOpener,
    out_path: Path,
    *,
    profile: Profile | None = None,
    progress: bool = True,
) -> None:
    """Draw each analysed frame's analysis on its picture (``frames()`` opens them, in clip order)."""
    report = analysis.report
    track = analysis.track
    active = _active_mistakes_by_frame(analysis)
    bar = tqdm(
        total=track.frames_total,
        desc="video",
        unit="frame",
        file=sys.stderr,
        disable=not progress,
        leave=False,
        mininterval=0.1 if sys.stderr.isatty() else 5.0,
    )
    with (
        frames() as source,
        H264Writer(out_path, track.fps, track.size) as writer,
    ):
        for position, frame in enumerate(source):
            if position >= track.frames_total:
                break  # the analysis stopped earlier (a damaged tail): so does the copy
            mistakes = active[position]
            record = report.frames[position]
            extra = [f"t {record.t:.1f} s"] + ([f"phase: {record.phase}"] if record.phase else [])
            image = annotate_frame(
                frame.image,
                track.frames[position].pose,
                analysis.angles[position],
                side=report.side,
                active_mistakes=[m.code for m in mistakes],
                extra_text=extra,
                cue=mistakes[0].message if mistakes else None,
                exercise=report.exercise,
                profile=profile,
                copy=False,
            )
            writer.write(image)
            bar.update(1)
    bar.close()


def _active_mistakes_by_frame(analysis: Analysis) -> list[list]:
    times = [f.timestamp_s for f in analysis.track.frames]
    return [[m for m in analysis.report.mistakes if m.start_s <= t <= m.end_s] for t in times]
