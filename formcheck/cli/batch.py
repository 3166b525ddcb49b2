"""`formcheck batch PATH...`: score every clip, write per-clip reports, a summary and an index."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import check_output_folder
from formcheck.cli.errors import user_errors

# Exit code when the batch finished but some clips could not be scored (distinct from errors.py's).
SOME_CLIPS_FAILED_EXIT_CODE = 12


class BatchExercise(str, Enum):
    AUTO = "auto"
    COUCH_STRETCH = "couch-stretch"
    SPLIT_SQUAT = "split-squat"
    THOMAS_TEST = "thomas-test"
    NONE = "none"


def command(
    paths: Annotated[list[Path], typer.Argument(help="Video files and/or folders (searched recursively).")],
    exercise: Annotated[
        BatchExercise,
        typer.Option(help="Exercise of every clip; 'auto' recognises it per clip; 'none': angles only."),
    ] = BatchExercise.AUTO,
    workers: Annotated[int, typer.Option(min=1, help="Clips scored in parallel (processes).")] = 1,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the reports, summary and index.html.")
    ] = Path("formcheck-batch"),
    force: Annotated[bool, typer.Option("--force", help="Score again clips already scored.")] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Score again clips that failed before.")
    ] = False,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Write an HTML report per clip.")] = True,
    save: Annotated[
        bool, typer.Option("--save", help="Add every scored session to the local history.")
    ] = False,
    db: Annotated[Path | None, typer.Option("--db", help="History file for --save.")] = None,
    threads_per_worker: Annotated[
        int | None, typer.Option(help="Threads each worker's libraries may use (default: cores / workers).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Score many clips; a clip that fails is recorded with its reason and the batch goes on.

    Exit code 0 when every clip was scored, 12 when some failed (see summary.csv), other codes for errors that stop the batch (2: a path does not exist). Re-running skips the clips already scored (same path, size and modification time) unless --force.
    """
    from formcheck.batch import ScoreOptions, find_clips, run_batch
    from formcheck.batch.summary import INDEX_HTML

    with user_errors():
        clips = find_clips(paths, exclude=out)
        if not clips:
            typer.echo("no video files found", err=True)
            raise typer.Exit(0)
        check_output_folder("--out", out)
        if threads_per_worker is None and workers > 1:
            threads_per_worker = max(1, (os.cpu_count() or 1) // workers)
        options = ScoreOptions(exercise=exercise.value, html=html, save_history=save)
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
        )
    failed = result.failed
    typer.echo(
        f"{len(result.records)} clips: {result.scored} scored now, {result.skipped} already done, "
        f"{len(failed)} failed. Index: {out / INDEX_HTML}"
    )
    for record in failed:
        typer.echo(f"  failed: {record.key.path}: {record.error}", err=True)
    if failed:
        raise typer.Exit(SOME_CLIPS_FAILED_EXIT_CODE)
