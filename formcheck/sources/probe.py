"""Why OpenCV cannot open a file: unreadable (exit 3), or a readable container without video (4).

OpenCV refuses both alike, so FFmpeg's own reading of the container decides, with a check of the
MP4/MOV box structure for files cut short (FFmpeg reads a cut MP4 header as an empty container).
Only on that error path: a file OpenCV opens is never probed.
"""

from __future__ import annotations

import re
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

PROBE_TIMEOUT_S = 10.0
# FFmpeg lists what it could read of a container as "Input #0, <format>, from ..." then one
# "Stream #0:N...: Video|Audio|Data|Subtitle: ..." line per stream.
_INPUT_LINE = re.compile(r"^Input #0, ", re.MULTILINE)
_STREAM_KIND = re.compile(r"^\s*Stream #0:\d+\S*: (\w+):", re.MULTILINE)
# Top-level boxes an ISO base media file (mp4, mov, m4a, 3gp) can start with.
_ISO_FIRST_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot"}


@dataclass(frozen=True, slots=True)
class ContainerProbe:
    readable: bool  # FFmpeg recognised and parsed the container
    stream_kinds: tuple[str, ...]  # "Video", "Audio", ... in the container's order

    @property
    def has_video(self) -> bool:
        return "Video" in self.stream_kinds


def probe_container(path: Path) -> ContainerProbe | None:
    """What FFmpeg reads of ``path``'s container; None when FFmpeg cannot be run."""
    try:
        import imageio_ffmpeg

        completed = subprocess.run(
            [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
            capture_output=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except (ImportError, OSError, RuntimeError, subprocess.TimeoutExpired):
        return None
    return parse_probe(completed.stderr.decode("utf-8", "replace"))  # "-i" alone exits 1: read the text


def parse_probe(text: str) -> ContainerProbe:
    if not _INPUT_LINE.search(text):
        return ContainerProbe(readable=False, stream_kinds=())
    return ContainerProbe(readable=True, stream_kinds=tuple(_STREAM_KIND.findall(text)))


def iso_boxes_cut_short(path: Path) -> bool | None:
    """True when a top-level box of an MP4/MOV file runs past its end; None when not such a file."""
    size = path.stat().st_size
    offset = 0
    with path.open("rb") as stream:
        while offset < size:
            stream.seek(offset)
            header = stream.read(16)
            if len(header) < 8:
                return True
            box_size, kind = struct.unpack(">I4s", header[:8])
            if offset == 0 and kind not in _ISO_FIRST_BOXES:
                return None
            if box_size == 0:  # the last box, to the end of the file
                return False
            if box_size == 1:  # a 64-bit size follows the type
                if len(header) < 16:
                    return True
                box_size = struct.unpack(">Q", header[8:16])[0]
            if box_size < 8:
                return True  # not a box: the structure is broken
            offset += box_size
    return offset > size


# FFmpeg's closing progress line after copying a stream: "frame=    0 fps=..." counts its packets.
_COPIED_FRAMES = re.compile(r"frame=\s*(\d+)")


def video_packet_count(path: Path) -> int | None:
    """How many packets ``path``'s first video stream holds (a stream copy, nothing decoded); None
    when FFmpeg cannot be run or finds no video stream."""
    try:
        import imageio_ffmpeg

        completed = subprocess.run(
            [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)]
            + ["-map", "0:v:0", "-c", "copy", "-f", "null", "-"],
            capture_output=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except (ImportError, OSError, RuntimeError, subprocess.TimeoutExpired):
        return None
    counts = _COPIED_FRAMES.findall(completed.stderr.decode("utf-8", "replace"))
    return int(counts[-1]) if counts else None


def holds_no_video_frame(path: Path) -> bool:
    """A complete container whose video stream lists no frame at all (its header may still give it
    a duration, from which OpenCV derives a frame count): empty, not damaged."""
    return iso_boxes_cut_short(path) is False and video_packet_count(path) == 0


def holds_no_video(path: Path) -> bool:
    """A complete, readable container without a video stream (audio only, or no stream at all)."""
    probe = probe_container(path)
    if probe is None or not probe.readable or probe.has_video:
        return False
    if "Audio" in probe.stream_kinds:
        return not iso_boxes_cut_short(path)
    # No stream at all: a real zero-track file, or an MP4 cut inside its header; only a box
    # structure checked complete tells them apart.
    return iso_boxes_cut_short(path) is False
