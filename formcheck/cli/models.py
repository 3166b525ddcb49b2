"""`formcheck models`: the pose models this installation can use, and where their files are."""

from __future__ import annotations

import typer

from formcheck.cli.errors import user_errors
from formcheck.pose.models import ModelInfo, list_models, models_dirs

_COLUMNS = ("name", "kind", "available", "path")


def _row(info: ModelInfo) -> tuple[str, str, str, str]:
    path = str(info.path) if info.available and info.path else info.note
    return info.name, info.kind.value, "yes" if info.available else "no", path


def format_table(infos: list[ModelInfo]) -> str:
    rows = [_COLUMNS, *(_row(info) for info in infos)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(_COLUMNS) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def command() -> None:
    """List the pose models: the bundled BlazePose full model and any MediaPipe .task bundles found."""
    with user_errors():
        typer.echo(format_table(list_models()))
        folders = ", ".join(str(folder) for folder in models_dirs())
        typer.echo(f"\n.task bundles are looked for in: {folders} (or pass one with --model PATH)")
