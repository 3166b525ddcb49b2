"""`formcheck bench accuracy`: the real pipeline scored against the synthetic studio's truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import AT_LEAST_ONE, check_output_paths, number_parser
from formcheck.cli.errors import user_errors
from formcheck.destinations import write_text


def command(
    set_name: Annotated[
        str,
        typer.Option(
            "--set",
            help="samples (sample_videos/), bench (made by `formcheck synth --set bench`) or a folder "
            "of clips with .truth.json beside them.",
        ),
    ] = "samples",
    limit: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            parser=number_parser("--limit", AT_LEAST_ONE),
            help="Score only the first N clips (by name).",
        ),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write every figure as JSON here.", readable=False)
    ] = None,
    cache: Annotated[
        bool, typer.Option(help="Reuse pose tracks cached on disk (keyed by clip bytes and pose-stage code).")
    ] = True,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Detection, landmark error, angle MAE and mistake precision/recall per exercise and yaw."""
    from formcheck.bench.accuracy import default_bench_dir, run_accuracy
    from formcheck.bench.accuracy_table import format_table
    from formcheck.bench.arch_misses import arched_table
    from formcheck.bench.family_table import format_family_table
    from formcheck.bench.leave_one_family_out import lofo_table_from_summary

    with user_errors():
        check_output_paths(json=json_path)  # not '-': the table is on standard output
        cache_dir = default_bench_dir().parent / "bench-pose-tracks" if cache else None
        summary = run_accuracy(set_name, limit=limit, cache_dir=cache_dir, progress=progress)
        print(format_table(summary))
        if summary["families"]:
            print("\n" + format_family_table(summary["families"]))
        if summary.get("arch_leave_one_family_out"):
            print()
            print(lofo_table_from_summary(summary["arch_leave_one_family_out"]))
        if summary.get("arched_clips"):
            print("\n" + arched_table(summary["arched_clips"]))
        if json_path is not None:
            write_text(json_path, json.dumps(summary, indent=1))
