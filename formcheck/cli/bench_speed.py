"""`formcheck bench speed`: bare-loop and live-pipeline fps, overheads (CPU and wall), latency p50/p95."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.errors import user_errors
from formcheck.errors import SourceNotFound
from formcheck.types import Exercise

SAMPLE_VIDEOS = Path(__file__).resolve().parents[2] / "sample_videos"


def _default_clip() -> Path:
    clips = sorted(SAMPLE_VIDEOS.glob("*.mp4"))
    if not clips:
        raise SourceNotFound(f"no sample clip in {SAMPLE_VIDEOS}: pass --clip PATH")
    return clips[0]


def _exercise_for(clip: Path) -> Exercise:
    name = clip.name.replace("_", "-")
    for exercise in Exercise:
        if exercise.value in name:
            return exercise
    return Exercise.COUCH_STRETCH


def command(
    clip: Annotated[Path | None, typer.Option(help="Clip to time (default: the first sample clip).")] = None,
    frames: Annotated[int, typer.Option(help="How many frames of the clip to use.")] = 300,
    exercise: Annotated[
        str | None, typer.Option(help="Exercise rules to run (default: from the clip's name).")
    ] = None,
    model: Annotated[str, typer.Option(help="Pose model name.")] = "blazepose-full",
    repeat: Annotated[int, typer.Option(help="Measure this many times and keep each figure's best.")] = 1,
) -> None:
    """Time the live pipeline at 640x480 against the bare loop (decode + pose): fps, CPU and wall
    overhead (overlay drawn and headless), CPU per stage, latency p50/p95 against the model's p95."""
    from formcheck.bench.speed import format_figures, measure_speed

    with user_errors():
        path = clip or _default_clip()
        if not path.exists():
            raise SourceNotFound(f"no such video file: {path}")
        chosen = Exercise(exercise) if exercise else _exercise_for(path)
        figures = measure_speed(path, max_frames=frames, exercise=chosen, model=model, repeat=repeat)
        typer.echo(format_figures(figures))
