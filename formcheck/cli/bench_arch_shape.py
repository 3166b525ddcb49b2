"""`formcheck bench arch-shape`: does the whole back profile read the arch better than its dip?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.errors import user_errors


def command(
    fit: Annotated[
        Path,
        typer.Option(
            help="Clips of the fitting families (`formcheck synth --set bodies-fit`).", readable=False
        ),
    ],
    bench: Annotated[
        Path,
        typer.Option(
            help="Clips of families never fitted on (`formcheck synth --set bodies-bench`).", readable=False
        ),
    ],
    tables: Annotated[
        Path | None,
        typer.Option(
            help="Also write the per-frame profile tables here (fit.csv.gz, bench.csv.gz).", readable=False
        ),
    ] = None,
    cache: Annotated[
        bool, typer.Option(help="Reuse pose tracks cached on disk (keyed by clip bytes and pose-stage code).")
    ] = True,
) -> None:
    """Ridge fits on the back profile (fitting families) against the shipped arch (held-out families)."""
    from formcheck.bench.accuracy import clips_with_truth, default_bench_dir, load_truth
    from formcheck.bench.arch_samples import set_profile_rows, write_profile_rows
    from formcheck.bench.arch_shape import study_report

    with user_errors():
        cache_dir = default_bench_dir().parent / "bench-pose-tracks" if cache else None
        rows = {}
        for name, folder in (("fit", fit), ("bench", bench)):
            pairs = [(video, load_truth(truth)) for video, truth in clips_with_truth(folder)]
            rows[name] = set_profile_rows(pairs, cache_dir)
            if tables is not None:
                tables.mkdir(parents=True, exist_ok=True)
                write_profile_rows(rows[name], tables / f"{name}.csv.gz")
        typer.echo(study_report(rows["fit"], rows["bench"]))
