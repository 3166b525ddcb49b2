"""Clips named by fsspec URLs (here ``memory://``, in this process): found, keyed, fetched to a
temporary file while scored, resumed, and listed in the summary exactly as local files are."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from formcheck.batch import ClipStatus, ScoreOptions, find_clips, run_batch
from formcheck.batch.locations import as_clip, clip_name, is_url, local_clip
from formcheck.cli import batch as batch_cli
from formcheck.sources import open_source

from .fake_analysis import fake_analyze

fsspec = pytest.importorskip("fsspec")

OPTIONS = ScoreOptions(exercise="couch-stretch", html=True)

app = typer.Typer()
app.command()(batch_cli.command)


@pytest.fixture
def memory_folder():
    """A fresh folder of this process's in-memory filesystem, removed afterwards."""
    fs = fsspec.filesystem("memory")
    root = f"/clips-{uuid.uuid4().hex[:8]}"
    yield fs, root
    if fs.exists(root):
        fs.rm(root, recursive=True)


def _put(fs, root: str, contents: dict[str, str]) -> None:  # noqa: ANN001
    for name, text in contents.items():
        fs.pipe(f"{root}/{name}", text.encode())


def test_urls_are_told_from_paths() -> None:
    assert is_url("s3://bucket/clips/a.mp4") and is_url("file:///srv/a.mp4")
    assert not is_url("C:\\clips\\a.mp4") and not is_url("clips/a.mp4") and not is_url(Path("x.mp4"))
    assert as_clip("memory://v/a.mp4") == "memory://v/a.mp4"
    assert as_clip("v/a.mp4") == Path("v/a.mp4")
    assert clip_name("s3://bucket/deep/a.mp4") == "a.mp4"


def test_a_folder_url_is_searched_for_video_files_and_a_pattern_is_matched(memory_folder) -> None:
    fs, root = memory_folder
    _put(
        fs,
        root,
        {"b.mp4": "OK 1", "a.MOV": "OK 1", "deep/c.webm": "OK 1", "notes.txt": "", ".hidden/d.mp4": ""},
    )
    found = find_clips([f"memory://{root}/"])
    assert found == [f"memory://{root}/a.MOV", f"memory://{root}/b.mp4", f"memory://{root}/deep/c.webm"]
    assert find_clips([f"memory://{root}/*.mp4"]) == [f"memory://{root}/b.mp4"]
    # a file named directly is written the same way, so it keeps its key and folder however named
    assert find_clips([f"memory://{root.lstrip('/')}/b.mp4"]) == [f"memory://{root}/b.mp4"]


def test_a_batch_of_urls_scores_fails_resumes_and_summarises_as_with_local_files(memory_folder, tmp_path):
    fs, root = memory_folder
    _put(fs, root, {"a.mp4": "OK 12.0", "b.mp4": "NOPERSON", "c.mov": "OK 18.0"})
    read_from: list[Path] = []

    def analyze(job):  # noqa: ANN001, ANN202
        read_from.append(job.clip)
        assert job.clip.is_file()  # a local file while the clip is scored ...
        return fake_analyze(job)

    out = tmp_path / "out"
    clips = find_clips([f"memory://{root}"])
    first = run_batch(clips, out, options=OPTIONS, progress=False, analyze=analyze)

    assert [r.key.path for r in first.records] == clips
    assert [r.status for r in first.records] == [ClipStatus.OK, ClipStatus.FAILED, ClipStatus.OK]
    assert first.records[1].error_type == "NoPersonFound"
    assert len(read_from) == 3 and not any(p.exists() for p in read_from)  # ... removed afterwards
    report = json.loads((out / "clips" / _folder(first.records[0]) / "report.json").read_text())
    assert report["source"] == clips[0]  # the URL, not the worker's temporary copy
    summary = json.loads((out / "summary.json").read_text())
    assert summary["counts"] == {"clips": 3, "ok": 2, "failed": 1}
    assert [c["clip"] for c in summary["clips"]] == clips
    index = (out / "index.html").read_text()
    assert all(f">{name}<" in index for name in ("a.mp4", "b.mp4", "c.mov"))
    assert all(
        (out / "clips" / _folder(r) / "report.html").is_file()
        for r in first.records
        if r.status is ClipStatus.OK
    )

    # resumed: nothing is fetched again, unless a clip changed at its URL
    again = run_batch(clips, out, options=OPTIONS, progress=False, analyze=analyze)
    assert (again.scored, again.skipped, len(read_from)) == (0, 3, 3)
    _put(fs, root, {"c.mov": "OK 21.0 (a longer file)"})
    changed = run_batch(clips, out, options=OPTIONS, progress=False, analyze=analyze)
    assert (changed.scored, changed.skipped) == (1, 2)
    assert changed.records[2].peak_hip_extension_deg == pytest.approx(21.0)
    retried = run_batch(clips, out, options=OPTIONS, progress=False, analyze=analyze, retry_failed=True)
    assert retried.scored == 1 and retried.records[1].status is ClipStatus.FAILED


def _folder(record) -> str:  # noqa: ANN001
    from formcheck.batch.records import clip_folder_name

    return clip_folder_name(as_clip(record.key.path))


def test_a_url_copy_decodes_as_the_file_itself(memory_folder, sample_videos_dir: Path) -> None:
    fs, root = memory_folder
    clip = sample_videos_dir / "thomas-test_negative_left_yaw0.mp4"
    fs.pipe(f"{root}/t.mp4", clip.read_bytes())
    with open_source(clip) as original, local_clip(f"memory://{root}/t.mp4") as copy:
        assert copy != clip and copy.suffix == ".mp4"
        with open_source(copy) as fetched:
            assert (fetched.frame_count, fetched.fps, fetched.size) == (
                original.frame_count,
                original.fps,
                original.size,
            )
    assert not copy.exists()


def test_a_missing_url_or_an_unknown_protocol_is_one_clear_error(memory_folder, tmp_path) -> None:
    _, root = memory_folder
    missing = CliRunner().invoke(app, [f"memory://{root}/none.mp4", "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2
    assert missing.output.strip() == f"formcheck: error: no such file or folder: memory://{root}/none.mp4"
    unknown = CliRunner().invoke(app, ["nosuchstore://bucket/a.mp4", "--out", str(tmp_path / "o")])
    assert unknown.exit_code == 14
    assert unknown.output.startswith("formcheck: error: nosuchstore://bucket/a.mp4: ")
    assert "Traceback" not in unknown.output


def test_a_clip_gone_from_its_url_before_it_is_fetched_is_a_failed_record_with_the_reason(
    memory_folder, tmp_path
):
    fs, root = memory_folder
    _put(fs, root, {"a_longer.mp4": "OK 12.0 and more bytes", "b.mp4": "OK 9.0"})

    def analyze_then_delete_the_other(job):  # noqa: ANN001, ANN202  (the longer clip is scored first)
        fs.rm(f"{root}/b.mp4")
        return fake_analyze(job)

    clips = find_clips([f"memory://{root}"])
    result = run_batch(
        clips, tmp_path / "out", options=OPTIONS, progress=False, analyze=analyze_then_delete_the_other
    )
    assert [r.status for r in result.records] == [ClipStatus.OK, ClipStatus.FAILED]
    assert result.records[1].error_type == "SourceNotFound"
    assert result.records[1].error == f"{clips[1]}: no such file (any more)"


def test_file_urls_scored_by_local_worker_processes_give_the_records_of_their_paths(tmp_path) -> None:
    from .fake_analysis import make_clips

    videos = make_clips(tmp_path / "v", {"a.mp4": "OK 10", "b.mp4": "BUG", "c.mp4": "OK 14"})
    urls = find_clips([f"file://{tmp_path / 'v'}"])
    assert urls == [f"file://{video}" for video in videos]
    by_path = run_batch(videos, tmp_path / "paths", options=OPTIONS, progress=False, analyze=fake_analyze)
    by_url = run_batch(
        urls, tmp_path / "urls", options=OPTIONS, progress=False, analyze=fake_analyze, workers=2
    )

    def comparable(records):  # noqa: ANN001, ANN202
        return [
            (r.key.size, r.key.mtime_ns, r.status, r.error_type, r.peak_hip_extension_deg) for r in records
        ]

    assert comparable(by_url.records) == comparable(by_path.records)
    assert [r.key.path for r in by_url.records] == urls
