"""`formcheck bench speed`: the live pipeline (fps, latency, overhead) and offline analysis (x real time)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import AT_LEAST_ONE, WORKERS, number_parser
from formcheck.cli.choices import parse_exercise
from formcheck.cli.errors import user_errors
from formcheck.errors import SourceNotFound
from formcheck.exercises.registry import all_specs
from formcheck.parallel import default_workers
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
    return all_specs()[0].key  # no name in the file: the first registered exercise


def command(
    clip: Annotated[
        Path | None, typer.Option(help="Clip to time (default: the first sample clip).", readable=False)
    ] = None,
    frames: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=number_parser("--frames", AT_LEAST_ONE),
            help="How many frames of the clip to use.",
        ),
    ] = 300,
    exercise: Annotated[
        str | None, typer.Option(help="Exercise rules to run (default: from the clip's name).")
    ] = None,
    model: Annotated[str, typer.Option(help="Pose model name.")] = "blazepose-full",
    repeat: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=number_parser("--repeat", AT_LEAST_ONE),
            help="Measure this many times and keep each figure's best.",
        ),
    ] = 1,
    live: Annotated[bool, typer.Option(help="Time the live pipeline (first part).")] = True,
    offline: Annotated[
        bool, typer.Option(help="Time `formcheck analyze` on the whole clip, 1 and N workers (second part).")
    ] = True,
    workers: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            parser=number_parser("--workers", WORKERS),
            help="N for the offline part (default: the cores, capped as analyze does).",
        ),
    ] = None,
) -> None:
    """Time the live pipeline at 640x480 against the bare loop (decode + pose): fps, CPU and wall
    overhead (overlay drawn and headless), CPU per stage, latency p50/p95 against the model's p95;
    then offline analysis of the whole clip against bare decode+pose loops (x real time, peak memory)."""
    from formcheck.bench.offline_speed import format_offline, measure_offline
    from formcheck.bench.speed import format_figures, measure_speed

    with user_errors():
        path = clip or _default_clip()
        if not path.exists():
            raise SourceNotFound(f"no such video file: {path}")
        chosen = parse_exercise(exercise) if exercise else _exercise_for(path)
        if live:
            figures = measure_speed(path, max_frames=frames, exercise=chosen, model=model, repeat=repeat)
            typer.echo(format_figures(figures))
        if offline:
            count = workers or default_workers()
            typer.echo(format_offline(measure_offline(path, exercise=chosen, workers=count, repeat=repeat)))
