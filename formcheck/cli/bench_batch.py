"""`formcheck bench batch`: the speed-up of N worker processes (and a local Dask cluster) over one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.errors import user_errors


def command(
    clips: Annotated[
        Path | None,
        typer.Option("--clips", help="Folder of clips (default: the repository's sample_videos/)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=2, help="Workers compared against one.")] = 2,
    threads_per_worker: Annotated[
        int | None, typer.Option(help="Threads per worker in the parallel run (default: cores / workers).")
    ] = None,
    exercise: Annotated[str, typer.Option(help="Exercise for every clip ('auto' recognises it).")] = "auto",
    html: Annotated[bool, typer.Option("--html/--no-html", help="Include the per-clip HTML reports.")] = True,
    limit: Annotated[int | None, typer.Option(min=1, help="Use only the first N clips.")] = None,
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
