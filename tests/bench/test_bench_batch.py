"""`formcheck bench batch`'s table: every backend's row, its speed-up against the one-worker run."""

from __future__ import annotations

from formcheck.bench.batch import BatchTiming, format_bench


def _timing(label: str, workers: int, wall_s: float) -> BatchTiming:
    return BatchTiming(
        label=label,
        workers=workers,
        threads_per_worker=None if workers == 1 else 1,
        wall_s=wall_s,
        clips_ok=3,
        clips_failed=0,
        seconds_of_video=6.0,
        frames=180,
        peak_rss_mib=300.0,
        cpu_s=wall_s,
    )


def test_each_row_gives_its_speed_up_over_one_worker():
    table = format_bench(
        [_timing("in-process", 1, 12.0), _timing("processes", 2, 6.0), _timing("dask local", 2, 8.0)]
    )
    rows = {line.split()[0]: line.split() for line in table.splitlines()[2:5]}
    assert rows["in-process"][4] == "1.00x"
    assert rows["processes"][4] == "2.00x"  # 12 s / 6 s
    assert rows["dask"][5] == "1.50x"  # "dask local": 12 s / 8 s
    assert "speed-up with 2 workers (dask local): 1.50x" in table
    assert "speed-up with 2 workers (processes): 2.00x" in table
