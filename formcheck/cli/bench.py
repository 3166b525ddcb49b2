"""`formcheck bench ...`: benchmarks that print the figures the issues name."""

from __future__ import annotations

import typer

from formcheck.cli import bench_accuracy, bench_arch_shape, bench_batch, bench_real, bench_speed

app = typer.Typer(
    help="Measure accuracy and speed; every figure in the README comes from here.", no_args_is_help=True
)
app.command("accuracy")(bench_accuracy.command)
app.command("speed")(bench_speed.command)
app.command("batch")(bench_batch.command)
app.command("real")(bench_real.command)
app.command("arch-shape")(bench_arch_shape.command)
