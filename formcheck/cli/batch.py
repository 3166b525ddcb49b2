"""`formcheck batch PATH...`: score every clip, write per-clip reports, a summary and an index."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import AT_LEAST_ONE, WORKERS, check_output_folder, number_parser
from formcheck.cli.choices import EXERCISE_NAMES, parse_name
from formcheck.cli.errors import stop_signals, user_errors

# Exit code when the batch finished but some clips could not be scored (distinct from errors.py's).
SOME_CLIPS_FAILED_EXIT_CODE = 12
BATCH_EXERCISE_NAMES = ("auto", *EXERCISE_NAMES, "none")


def command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Video files and/or folders (searched recursively), or fsspec URLs of files, folders or "
            "patterns (s3://bucket/clips/, needs the cluster extra and the store's package, e.g. s3fs)."
        ),
    ],
    exercise: Annotated[
        str,
        typer.Option(
            help=f"Exercise of every clip: {', '.join(BATCH_EXERCISE_NAMES)} ('auto' recognises it per "
            "clip; 'none': angles only)."
        ),
    ] = "auto",
    workers: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=number_parser("--workers", WORKERS),
            help=f"Clips scored in parallel (processes; {WORKERS.describe()}).",
        ),
    ] = 1,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the reports, summary and index.html.", readable=False)
    ] = Path("formcheck-batch"),
    force: Annotated[bool, typer.Option("--force", help="Score again clips already scored.")] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Score again clips that failed before.")
    ] = False,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Write an HTML report per clip.")] = True,
    save: Annotated[
        bool, typer.Option("--save", help="Add every scored session to the local history.")
    ] = False,
    db: Annotated[Path | None, typer.Option("--db", help="History file for --save.", readable=False)] = None,
    threads_per_worker: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            parser=number_parser("--threads-per-worker", AT_LEAST_ONE),
            help="Threads each worker's libraries may use (default: cores / workers).",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Score on a Dask cluster: tcp://HOST:8786 (clips and --out on a shared filesystem), "
            "or 'local' for --workers Dask worker processes here. Needs: pip install 'formcheck[cluster]'.",
        ),
    ] = None,
) -> None:
    """Score many clips; a clip that fails is recorded with its reason and the batch goes on.

    Exit code 0 when every clip was scored, 12 when some failed (see summary.csv), 13 when the history (--save) cannot be used: checked before any clip is scored, and reported last when a save failed during the batch (the next run adds what is missing), other codes for errors that stop the batch (2: a path does not exist). Re-running skips the clips already scored (same path, size and modification time) unless --force.
    """
    from formcheck.batch import ScoreOptions, find_clips, run_batch
    from formcheck.batch.summary import INDEX_HTML

    # SIGTERM stops a batch as Ctrl-C does: the clip being scored unwinds (its kept pictures removed),
    # the scored ones keep their records, and the exit code says which signal it was.
    with user_errors(), stop_signals():
        exercise = parse_name("--exercise", exercise, BATCH_EXERCISE_NAMES)
        backend = None  # this process or local worker processes
        if scheduler is not None:
            from formcheck.batch.cluster import DaskCluster

            backend = DaskCluster.from_option(
                scheduler, workers=workers, threads_per_worker=threads_per_worker
            )
        clips = find_clips(paths, exclude=out)
        if not clips:
            typer.echo("no video files found", err=True)
            raise typer.Exit(0)
        check_output_folder("--out", out)
        if threads_per_worker is None and workers > 1:
            threads_per_worker = max(1, (os.cpu_count() or 1) // workers)
        options = ScoreOptions(exercise=exercise, html=html, save_history=save)
        result = run_batch(
            clips,
            out,
            options=options,
            workers=workers,
            threads_per_worker=threads_per_worker,
            force=force,
            retry_failed=retry_failed,
            history_db=db,
            progress=not quiet,
            backend=backend,
        )
    failed = result.failed
    typer.echo(
        f"{len(result.records)} clips: {result.scored} scored now, {result.skipped} already done, "
        f"{len(failed)} failed. Index: {out / INDEX_HTML}"
    )
    for record in failed:
        typer.echo(f"  failed: {record.key.path}: {record.error}", err=True)
    for warning in result.history_warnings:
        typer.echo(f"formcheck: warning: not added to the history: {warning}", err=True)
    if result.history_error is not None:  # after the summary: the scored clips are all written
        with user_errors():
            raise result.history_error
    if failed:
        raise typer.Exit(SOME_CLIPS_FAILED_EXIT_CODE)
