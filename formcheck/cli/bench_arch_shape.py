"""`formcheck bench arch-shape`: does the whole back profile read the arch better than its dip?"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import check_output_folder
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
    from formcheck.errors import InvalidOption

    with user_errors():
        if tables is not None:  # before minutes of posing, not after
            check_output_folder("--tables", tables)
        cache_dir = default_bench_dir().parent / "bench-pose-tracks" if cache else None
        rows = {}
        for name, folder in (("fit", fit), ("bench", bench)):
            pairs = [(video, load_truth(truth)) for video, truth in clips_with_truth(folder)]
            rows[name] = set_profile_rows(pairs, cache_dir)
            if tables is not None:
                write_profile_rows(rows[name], tables / f"{name}.csv.gz")
        # Leave-one-family-out needs a family left to fit on; the benchmark needs frames to score.
        fit_families = {row["family"] for row in rows["fit"]}
        if len(fit_families) < 2:
            raise InvalidOption(
                f"--fit {fit}: clips of {len(fit_families)} body family; the study holds one family out "
                "at a time, so it needs two or more (`formcheck synth --set bodies-fit`)"
            )
        if not any(
            math.isfinite(row["true_arch_deg"]) and math.isfinite(row["dip"]) for row in rows["bench"]
        ):
            raise InvalidOption(f"--bench {bench}: no frame with a measured back and a true arch to score")
        typer.echo(study_report(rows["fit"], rows["bench"]))
