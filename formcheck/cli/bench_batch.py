"""`formcheck bench batch`: the speed-up of N worker processes (and a local Dask cluster) over one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.batch import BATCH_EXERCISE_NAMES
from formcheck.cli.checks import AT_LEAST_ONE, MAX_WORKERS, NumberRange, number_parser
from formcheck.cli.choices import parse_name
from formcheck.cli.errors import user_errors

BENCH_WORKERS = NumberRange(minimum=2, maximum=MAX_WORKERS, whole=True)  # 1 is the baseline itself


def command(
    clips: Annotated[
        Path | None,
        typer.Option("--clips", help="Folder of clips (default: the repository's sample_videos/)."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=number_parser("--workers", BENCH_WORKERS),
            help=f"Workers compared against one ({BENCH_WORKERS.describe()}).",
        ),
    ] = 2,
    threads_per_worker: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            parser=number_parser("--threads-per-worker", AT_LEAST_ONE),
            help="Threads per worker in the parallel run (default: cores / workers).",
        ),
    ] = None,
    exercise: Annotated[str, typer.Option(help="Exercise for every clip ('auto' recognises it).")] = "auto",
    html: Annotated[bool, typer.Option("--html/--no-html", help="Include the per-clip HTML reports.")] = True,
    limit: Annotated[
        int | None,
        typer.Option(
            metavar="N", parser=number_parser("--limit", AT_LEAST_ONE), help="Use only the first N clips."
        ),
    ] = None,
    dask: Annotated[
        bool,
        typer.Option(
            "--dask/--no-dask", help="Add a local Dask cluster of N workers (needs formcheck[cluster])."
        ),
    ] = True,
) -> None:
    """Score the same clips with 1 worker, N processes and N Dask workers; print wall times,
    throughput and the speed-ups."""
    from formcheck.bench.batch import default_clips_dir, format_bench, run_bench

    with user_errors():
        exercise = parse_name("--exercise", exercise, BATCH_EXERCISE_NAMES)
        timings = run_bench(
            clips or default_clips_dir(),
            workers=workers,
            threads_per_worker=threads_per_worker,
            exercise=exercise,
            html=html,
            limit=limit,
            dask=dask,
        )
    typer.echo(format_bench(timings))
