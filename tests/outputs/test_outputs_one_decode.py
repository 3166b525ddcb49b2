"""One decode: the annotated video and the HTML key frames read the pictures the pose pass decoded.

The model is a fake (a standing person in every frame), the clip a numbered one: each frame's
number is painted on it in binary bands, so a picture read back says which frame it is.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import formcheck.pipeline
import formcheck.sources
from formcheck.cli.main import app
from formcheck.parallel import PoseWorkers
from formcheck.sources.spill import FrameSpill, SpillWriter
from tests.live.fakes import SIZE, FakeEstimator
from tests.outputs import decode_counting
from tests.outputs.decode_counting import record_key_frames
from tests.sources.clips import frame_number, write_numbered_clip

FRAMES = 45

decodes = decode_counting.decodes  # the fixture, found by name in this module


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return write_numbered_clip(tmp_path_factory.mktemp("clip") / "clip.mp4", frames=FRAMES, size=SIZE)


def test_the_annotated_video_and_the_key_frames_decode_the_clip_once(clip, tmp_path, monkeypatch, decodes):
    monkeypatch.setattr(formcheck.pipeline, "create_estimator", lambda *args, **kwargs: FakeEstimator())
    # The fake person's legs cannot be told apart (no hip angle, so no key frame of its own): two
    # key frames are chosen here, and the pictures they are drawn on are read back.
    drawn = record_key_frames(monkeypatch, (10, 30))
    video, page = tmp_path / "v.mp4", tmp_path / "r.html"
    result = CliRunner().invoke(
        app,
        ["analyze", str(clip), "--video", str(video), "--html", str(page), "--workers", "1", "-q"],
    )
    assert result.exit_code == 0, result.output
    assert decodes == {"opened": 1, "decoded": 1}
    # the copy shows every analysed frame, each its own picture, in clip order
    with formcheck.sources.open_source(video) as copy:
        numbers = [frame_number(frame.image) for frame in copy]
    assert numbers == list(range(FRAMES))
    assert drawn == [10, 30] and page.read_text().count("<figure>") == 2
    assert sorted(tmp_path.iterdir()) == sorted([video, page])


def test_without_a_picture_output_nothing_is_kept(clip, tmp_path, monkeypatch, decodes):
    made: list[FrameSpill] = []
    real_init = FrameSpill.__init__

    def recording_init(self, *args, **kwargs):
        made.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(FrameSpill, "__init__", recording_init)
    monkeypatch.setattr(formcheck.pipeline, "create_estimator", lambda *args, **kwargs: FakeEstimator())
    result = CliRunner().invoke(
        app, ["analyze", str(clip), "--json", str(tmp_path / "r.json"), "--workers", "1", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert made == [] and decodes == {"opened": 1, "decoded": 1}


@pytest.mark.slow
def test_worker_processes_keep_the_pictures_they_decode_in_clip_order(clip, tmp_path):
    # given two pose workers (real model processes) splitting the clip in two segments
    workers = PoseWorkers(2, clip, warmup_frames=3, min_segment_frames=10)
    with FrameSpill(tmp_path) as spill, formcheck.sources.open_source(clip) as source:
        assert len(workers.plan(source)) == 2
        # when the frames are handed on
        posed = [frame.index for frame in workers.observe(source, spill=spill)]
        # then the spill holds each frame's own picture, booked in clip order
        with spill.opener()() as kept:
            pictures = [(frame.index, frame_number(frame.image)) for frame in kept]
    assert posed == list(range(FRAMES))
    assert pictures == [(i, i) for i in range(FRAMES)]
    assert list(tmp_path.iterdir()) == []  # the spill's folder is gone


def test_pictures_that_could_not_be_kept_are_read_again_and_said_so(clip, tmp_path, monkeypatch, decodes):
    def full_disk_write(self, image):
        self.failure = "the analysed pictures could not be kept in /tmp/x: No space left on device"

    monkeypatch.setattr(SpillWriter, "write", full_disk_write)
    monkeypatch.setattr(formcheck.pipeline, "create_estimator", lambda *args, **kwargs: FakeEstimator())
    video = tmp_path / "v.mp4"
    result = CliRunner().invoke(app, ["analyze", str(clip), "--video", str(video), "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert "formcheck: warning: the analysed pictures could not be kept" in result.stderr
    assert decodes == {"opened": 2, "decoded": 2}
    with formcheck.sources.open_source(video) as copy:
        assert [frame_number(frame.image) for frame in copy] == list(range(FRAMES))


@pytest.mark.parametrize("interrupt_at", [None, 20], ids=["finished", "ctrl-c"])
def test_the_kept_pictures_are_removed_when_the_command_ends(clip, tmp_path, monkeypatch, interrupt_at):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    made: list[Path] = []
    real_init = FrameSpill.__init__

    def recording_init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        made.append(self.folder)

    monkeypatch.setattr(FrameSpill, "__init__", recording_init)
    estimator = FakeEstimator(interrupt_at=interrupt_at)
    monkeypatch.setattr(formcheck.pipeline, "create_estimator", lambda *args, **kwargs: estimator)
    video = tmp_path / "v.mp4"
    result = CliRunner().invoke(app, ["analyze", str(clip), "--video", str(video), "--workers", "1", "-q"])
    assert result.exit_code == (0 if interrupt_at is None else 130), result.output
    assert [folder.parent for folder in made] == [temp]
    assert list(temp.iterdir()) == [] and video.exists()
