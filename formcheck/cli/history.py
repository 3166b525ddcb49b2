"""`formcheck history`: the saved sessions, and `formcheck history trend`: progress over weeks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import AT_LEAST_ONE, check_output_paths, number_parser
from formcheck.cli.errors import user_errors

app = typer.Typer(
    help="Sessions saved with --save (analyze, batch) and their trend over weeks.",
    invoke_without_command=True,
)

DB_HELP = "History file (default: $FORMCHECK_HISTORY, else history.sqlite3 in your user data folder)."
DbOption = Annotated[Path | None, typer.Option("--db", help=DB_HELP, readable=False)]
ExerciseOption = Annotated[str | None, typer.Option("--exercise", help="Only this exercise.")]


def _exercise_value(exercise: str | None) -> str | None:
    if exercise is None:
        return None
    from formcheck.errors import UnknownName
    from formcheck.types import Exercise

    valid = [e.value for e in Exercise]
    if exercise not in valid:
        raise UnknownName(f"unknown exercise {exercise!r}; choose one of: {', '.join(valid)}")
    return exercise


def _read(db: Path | None, exercise: str | None, limit: int | None = None):
    """The saved sessions (a SessionsRead); a malformed row (a hand-edited date, a text for a
    number) is skipped and counted in one warning line on stderr, so one bad row never hides the
    others."""
    from formcheck.history import read_history, resolve_db_path

    with user_errors():
        read = read_history(db, exercise=_exercise_value(exercise), limit=limit)
    if read.skipped:
        shown = "; ".join(read.skipped[:3]) + ("; ..." if len(read.skipped) > 3 else "")
        rows = "row" if len(read.skipped) == 1 else "rows"
        typer.echo(
            f"formcheck: warning: skipped {len(read.skipped)} malformed {rows} of history database "
            f"{resolve_db_path(db)} ({shown})",
            err=True,
        )
    return read


def _fmt(value: float | None, spec: str = ".1f") -> str:
    return "-" if value is None else format(value, spec)


def format_sessions_table(sessions) -> str:
    w = max([len("exercise"), *(len(s.exercise or "?") for s in sessions)])  # the longest name present
    header = f"{'id':>4}  {'date':<16} {'exercise':<{w}} {'side':<6} {'peak ext':>8} {'max arch':>8} {'thomas':>7}  mistakes / result  clip"
    lines = [header]
    for s in sessions:
        result = ", ".join(s.mistakes) or "none"
        if s.thomas_result:
            result = f"{s.thomas_result}; {result}"
        lines.append(
            f"{s.id:>4}  {s.performed_at:%Y-%m-%d %H:%M} {s.exercise or '?':<{w}} {s.side or '?':<6} "
            f"{_fmt(s.peak_hip_extension_deg):>8} {_fmt(s.max_lumbar_arch_deg):>8} {_fmt(s.thomas_angle_deg):>7}  "
            f"{result}  {Path(s.clip).name}"
        )
    return "\n".join(lines)


@app.callback()
def list_command(
    ctx: typer.Context,
    db: DbOption = None,
    exercise: ExerciseOption = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            metavar="N",
            parser=number_parser("--limit", AT_LEAST_ONE),
            help="Show the most recent N sessions.",
        ),
    ] = 50,
) -> None:
    """List saved sessions (angles in degrees), oldest first."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    from formcheck.history import resolve_db_path

    read = _read(db, exercise, limit)
    if not read.sessions:
        saved = "no readable sessions" if read.skipped else "no sessions saved"
        typer.echo(f"{saved} in {resolve_db_path(db)} yet (use --save with analyze or batch)")
        return
    typer.echo(format_sessions_table(read.sessions))


@app.command("trend")
def trend_command(
    ctx: typer.Context,
    db: DbOption = None,
    exercise: ExerciseOption = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also write the trend as a PNG plot here.", readable=False)
    ] = None,
) -> None:
    """Per exercise and side: peak hip extension and the Thomas-test angle over time, and left/right asymmetry."""
    from formcheck.history import resolve_db_path
    from formcheck.history.plot import write_trend_plot
    from formcheck.history.trend import asymmetries, format_trend_table, series_trends

    db = db or (ctx.obj or {}).get("db")
    with user_errors():
        # An unwritable --plot fails now, not after the table; a plot named like the database is
        # refused, never written over it.
        check_output_paths(inputs={"--db": resolve_db_path(db)}, plot=plot)
    trends = series_trends(_read(db, exercise).sessions)
    if not trends:
        typer.echo("no measured sessions to show a trend for yet")
        return
    typer.echo(format_trend_table(trends, asymmetries(trends)))
    if plot is not None:
        with user_errors():
            written = write_trend_plot(trends, plot)
        typer.echo(f"plot: {written}")
