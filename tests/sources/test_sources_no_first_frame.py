"""One cause, one code: a file that cannot be decoded from its first frame is unreadable (exit 3),
however it got that way; a readable container without any video frame is empty (exit 4)."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from formcheck.errors import EmptySource, SourceUnreadable
from formcheck.sources import open_source
from formcheck.sources.probe import iso_boxes_cut_short, parse_probe

from .clips import mdat_offset, run_ffmpeg, write_numbered_clip


@pytest.fixture(scope="module")
def faststart_clip(tmp_path_factory) -> Path:
    # H264Writer puts the index (moov) first, so the frames' data (mdat) is what comes last.
    return write_numbered_clip(tmp_path_factory.mktemp("clips") / "c.mp4", frames=30)


def test_an_mp4_cut_just_after_its_header_announces_frames_it_cannot_decode(faststart_clip, tmp_path):
    data = faststart_clip.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: mdat_offset(data) + 16])  # the index, and 8 bytes of the first frame
    with pytest.raises(SourceUnreadable, match="announces 30 frames"):
        open_source(cut)


@pytest.mark.parametrize("fraction", [0.02, 0.1, 0.2])
def test_an_mp4_cut_inside_its_header_is_unreadable_not_empty(faststart_clip, tmp_path, fraction):
    data = faststart_clip.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: max(40, int(mdat_offset(data) * fraction))])
    with pytest.raises(SourceUnreadable):
        open_source(cut)


def test_random_bytes_are_unreadable(tmp_path):
    noise = tmp_path / "noise.mp4"
    noise.write_bytes(os.urandom(4096))
    with pytest.raises(SourceUnreadable):
        open_source(noise)


def test_an_audio_only_file_holds_no_frame(tmp_path):
    audio = tmp_path / "voice.m4a"
    run_ffmpeg("-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:a", "aac", str(audio))
    with pytest.raises(EmptySource, match="no video stream"):
        open_source(audio)


def test_an_mp4_with_zero_frames_holds_no_frame(tmp_path):
    clip = tmp_path / "zero.mp4"
    run_ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=96x64:rate=30", "-frames:v", "0", "-c:v", "libx264", str(clip)
    )
    with pytest.raises(EmptySource):
        open_source(clip)


def test_the_box_walk_tells_a_complete_mp4_from_a_cut_one(faststart_clip, tmp_path):
    assert iso_boxes_cut_short(faststart_clip) is False
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(faststart_clip.read_bytes()[:-1])
    assert iso_boxes_cut_short(cut) is True
    text = tmp_path / "notes.mp4"
    text.write_text("not a box\n")
    assert iso_boxes_cut_short(text) is None


def test_ffmpeg_s_listing_is_read_for_the_kinds_of_streams():
    listing = (
        "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':\n"
        "  Duration: 00:00:02.00, start: 0.000000, bitrate: 75 kb/s\n"
        "  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono\n"
        "  Stream #0:1[0x2](und): Video: h264 (avc1 / 0x31637661), yuv420p, 96x64\n"
    )
    probe = parse_probe(listing)
    assert probe.readable and probe.stream_kinds == ("Audio", "Video") and probe.has_video
    refused = parse_probe("[in#0 @ 0x1] moov atom not found\nError opening input file a.mp4.\n")
    assert not refused.readable and not refused.has_video


def test_an_mp4_whose_video_track_lists_no_sample_but_keeps_its_duration_holds_no_frame(
    faststart_clip, tmp_path
):
    # OpenCV derives a frame count from the track's duration, so the file "announces" frames; its
    # sample tables are empty (counts set to 0 in place), so there is nothing to decode: empty, not cut.
    data = bytearray(faststart_clip.read_bytes())
    for box, count_offset in ((b"stts", 4), (b"stsc", 4), (b"stsz", 8), (b"stco", 4), (b"stss", 4)):
        at = data.find(box)
        if at >= 0:
            struct.pack_into(">I", data, at + 4 + count_offset, 0)
    emptied = tmp_path / "emptied.mp4"
    emptied.write_bytes(bytes(data))
    with pytest.raises(EmptySource):
        open_source(emptied)
