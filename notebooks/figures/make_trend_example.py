"""Makes ``trend_example.png`` for the README: the ``formcheck history trend`` plot of an EXAMPLE history.

The sessions are made up (not measured): two weeks of daily couch stretches and a Thomas test every
few days, following the seed's programme ("daily for 2 weeks, then 3–4x/week"), with a left/right
difference and day-to-day noise. They show what the trend plot and table look like; every number in
a real history comes from ``formcheck analyze --save`` / ``formcheck batch --save``.

    python notebooks/figures/make_trend_example.py   # writes notebooks/figures/trend_example.png
"""

from __future__ import annotations

import random
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from formcheck.history import SessionRecord, list_sessions, save_records
from formcheck.history.plot import write_trend_plot
from formcheck.history.trend import asymmetries, format_trend_table, series_trends

START = datetime(2026, 11, 2, 7, 30, tzinfo=timezone.utc)


def example_sessions(seed: int = 7) -> list[SessionRecord]:
    rng = random.Random(seed)
    sessions = []
    for day in range(21):
        if day >= 14 and day % 2:  # after two weeks: 3-4 times a week
            continue
        when = START + timedelta(days=day)
        for side, start_deg in (("left", 4.0), ("right", 9.0)):
            sessions.append(
                SessionRecord(
                    performed_at=when,
                    clip=f"example/couch_{side}_{day:02d}.mp4",
                    exercise="couch-stretch",
                    side=side,
                    peak_hip_extension_deg=round(start_deg + 0.45 * day + rng.gauss(0, 1.0), 1),
                )
            )
        if day % 4 == 0:
            for side, start_deg in (("left", 14.0), ("right", 7.0)):
                angle = round(start_deg - 0.5 * day + rng.gauss(0, 1.0), 1)
                sessions.append(
                    SessionRecord(
                        performed_at=when + timedelta(minutes=20),
                        clip=f"example/thomas_{side}_{day:02d}.mp4",
                        exercise="thomas-test",
                        side=side,
                        thomas_angle_deg=angle,
                        thomas_result="positive" if angle > 8 else "negative",
                    )
                )
    return sessions


def main() -> None:
    out = Path(__file__).with_name("trend_example.png")
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "example.sqlite3"
        save_records(example_sessions(), db)
        trends = series_trends(list_sessions(db))
    print(format_trend_table(trends, asymmetries(trends)))
    write_trend_plot(trends, out, title="EXAMPLE history (made-up sessions): formcheck history trend --plot")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
