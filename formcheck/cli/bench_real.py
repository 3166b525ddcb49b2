"""`formcheck bench real`: the normal pipeline on real clips, scored against labels made by eye."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.errors import user_errors


def command(
    clips: Annotated[
        Path | None,
        typer.Option(
            help="Folder of real clips (default: $FORMCHECK_REALCLIPS, else ../shared/realclips beside "
            "the repository). Labelled clips missing from it are listed, not scored."
        ),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write every figure as JSON here.")
    ] = None,
    cache: Annotated[
        bool, typer.Option(help="Reuse pose tracks cached on disk (keyed by clip bytes and pose-stage code).")
    ] = True,
    progress: Annotated[bool, typer.Option(help="Name each clip on stderr as it is analysed.")] = True,
) -> None:
    """Working side, lumbar arch in neutral vs arched windows, and false back_arch flags per real clip."""
    from formcheck.bench.real import bench_to_dict, default_cache_dir, default_clips_dir, run_real
    from formcheck.bench.real_labels import load_labels
    from formcheck.bench.real_table import format_table
    from formcheck.cli.checks import check_output_paths
    from formcheck.destinations import write_text

    def announce(done: int, total: int, name: str) -> None:
        print(f"[{done}/{total}] {name}", file=sys.stderr, flush=True)

    with user_errors():
        check_output_paths(json=json_path)
        bench = run_real(
            clips or default_clips_dir(),
            load_labels(),
            cache_dir=default_cache_dir() if cache else None,
            on_clip=announce if progress else None,
        )
        typer.echo(format_table(bench))
        if json_path is not None:
            write_text(json_path, json.dumps(bench_to_dict(bench), indent=1) + "\n")
