"""The ``formcheck`` command: parses arguments and delegates; no logic lives here."""

from __future__ import annotations

import sys

try:
    import typer

    from formcheck.cli import analyze, batch, bench, history, live, models, synth
except KeyboardInterrupt:  # Ctrl-C while the libraries load (a second or two): nothing ran yet
    print("formcheck: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

app = typer.Typer(
    name="formcheck",
    help="Checks hip-flexor exercises (couch stretch, split-squat isometric, Thomas test) on video.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("analyze")(analyze.command)
app.command("live")(live.command)
app.command("batch")(batch.command)
app.command("models")(models.command)
app.command("synth")(synth.command)
app.add_typer(bench.app, name="bench")
app.add_typer(history.app, name="history")


if __name__ == "__main__":  # pragma: no cover
    app()
