"""Through the real model: a split squat beside a larger person standing still; the split squat is analysed.

The clip is made here with ffmpeg: 3 s of bss_bodyweight_side_02 (a man in a Bulgarian split squat,
scaled to 2/3 height) to the right of a larger man standing with a band (the first frame of
lunge_reverse_band_oblique_05, held). Looked at by eye (annotated frame): before, the whole-frame
pass gave the standing man, seen from the front, and the report had no hip extension at all; now the
skeleton is on the split squat in every frame.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.realclips]


def make_clip(realclips: Path, out: Path) -> Path:
    import imageio_ffmpeg

    still = out / "standing.png"
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    band = str(realclips / "lunge_reverse_band_oblique_05.mp4")
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-ss", "0.1", "-i", band, "-frames:v", "1", str(still)], check=True
    )
    clip = out / "bystander_left.mp4"
    graph = (
        "[0:v]fps=10,scale=-2:240,pad=iw:360:0:120,setsar=1[a];"
        "[1:v]fps=10,crop=iw*0.4:ih*0.95:iw*0.3:ih*0.05,scale=-2:360,setsar=1[b];"
        "[b][a]hstack=inputs=2,format=yuv420p[v]"
    )
    squat = str(realclips / "bss_bodyweight_side_02.mp4")
    command = [ffmpeg, "-v", "error", "-y", "-ss", "1", "-t", "3", "-i", squat, "-loop", "1", "-t", "3"]
    command += ["-i", str(still), "-filter_complex", graph, "-map", "[v]", "-c:v", "libx264", str(clip)]
    subprocess.run(command, check=True)
    return clip


def test_the_person_in_a_split_squat_is_analysed_not_the_larger_one_standing(realclips_dir, tmp_path) -> None:
    from formcheck.pipeline import analyze_video

    clip = make_clip(realclips_dir, tmp_path)
    report = analyze_video(clip, exercise="split-squat").report
    assert report.summary["others_present"]
    assert report.frames_with_pose == report.frames_total
    knees = sorted(f.knee_flexion_deg for f in report.frames if f.knee_flexion_deg is not None)
    hips = [f.hip_extension_deg for f in report.frames if f.hip_extension_deg is not None]
    # the split squat's front knee is bent ~110 deg; the standing man's legs are straight (and seen
    # from the front, so no sagittal angle at all)
    assert len(hips) >= 0.8 * report.frames_total
    assert knees and knees[len(knees) // 2] > 60.0
