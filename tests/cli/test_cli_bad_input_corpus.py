"""A corpus of bad inputs, outputs, profiles, history files, options and interruptions, each run
through the real CLI in a child process and checked against the reliability contract: the exit
code, exactly one ``formcheck: error:`` line for a failure (none for a success), never a traceback,
and exactly which outputs exist afterwards and what they hold.
"""

from __future__ import annotations

import csv
import io
import json
import os
import select
import signal
import stat
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import corpus as c

EXERCISE = ("--exercise", "split-squat")
CLIP_S = 2.0  # the person clip's length
CLIP_FRAMES = 30  # 2 s at the sample's 15 fps


class Corpus:
    """Generates each corpus file once per session, on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: dict[str, Path] = {}

    def get(self, name: str, make: Callable[[Path], Path]) -> Path:
        if name not in self._made:
            self._made[name] = make(self.folder / name)
        return self._made[name]

    # the base clips
    def person(self) -> Path:
        return self.get("person.mp4", lambda p: c.cut_person_clip(p, start_s=3.0, duration_s=CLIP_S))

    def person_long(self) -> Path:
        return self.get("person-20s.mp4", lambda p: c.cut_person_clip(p, start_s=0.0, duration_s=20.0))

    def still(self, suffix: str) -> Path:
        """A photo of the person from the 640-px clip."""
        return self.get(f"still.{suffix}", lambda p: c.still(self.person_640(), p))

    def cut_still(self, suffix: str, keep_bytes: int | None) -> Path:
        """The photo's first ``keep_bytes`` bytes (None: half of it)."""
        whole = self.still(suffix)
        keep = whole.stat().st_size // 2 if keep_bytes is None else keep_bytes
        return self.get(f"cut-{keep_bytes}.{suffix}", lambda p: c.truncated(whole, p, keep_bytes=keep))

    def person_640(self) -> Path:
        return self.get(
            "person-640.mp4", lambda p: c.cut_person_clip(p, start_s=3.0, duration_s=CLIP_S, width=640)
        )


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def mounts_allowed() -> bool:
    return c.can_unshare_mounts()


def require_mounts(allowed: bool) -> None:
    if not allowed:
        pytest.skip("needs root and permission to mount in a private namespace")


def analyze(*args: str | Path, cwd: Path, timeout: float = 180) -> c.CliRun:
    return c.run_cli("analyze", *args, cwd=cwd, timeout=timeout)


# ==============================================================================================
# Inputs


@dataclass(frozen=True)
class InputCase:
    id: str
    make: Callable[[Corpus, Path], Path]  # (corpus, this test's folder) -> the input path
    exit_codes: tuple[int, ...]  # the contract's code; several only where the contract leaves it open
    check: Callable[[dict, Path], None] | None = None  # (report, folder) when a report is written
    slow: bool = False
    timeout_s: float = 180


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.mp4"
    os.mkfifo(path)
    return path


def _directory(folder: Path) -> Path:
    path = folder / "clips.mp4"
    path.mkdir()
    return path


def _text(folder: Path) -> Path:
    path = folder / "notes.mp4"
    path.write_text("these are my training notes, not video frames\n" * 20)
    return path


def _empty(folder: Path) -> Path:
    path = folder / "empty.mp4"
    path.write_bytes(b"")
    return path


def _cut_inside_frame(frame: int):
    def make(k: Corpus, _folder: Path) -> Path:
        return k.get(f"cut-in-frame-{frame}.mp4", lambda p: c.cut_inside_frame(k.person(), p, frame))

    return make


def _stopped_early_inside_the_clip(report: dict, _folder: Path) -> None:
    stopped = report["stopped_early"]
    assert stopped is not None, "a file cut part-way must say where it stopped"
    assert 0 < stopped["frame_index"] < CLIP_FRAMES
    assert 0 < stopped["at_s"] < CLIP_S
    assert stopped["reason"]
    assert report["frames_total"] <= stopped["frame_index"] + 1


def _analysed_something(report: dict, _folder: Path) -> None:
    assert report["frames_total"] >= 1
    assert len(report["frames"]) == report["frames_total"]


def _one_frame(report: dict, _folder: Path) -> None:
    assert report["frames_total"] == 1
    assert report["frames_with_pose"] == 1


def _person_in_every_frame(report: dict, _folder: Path) -> None:
    assert report["frames_total"] == CLIP_FRAMES
    assert report["frames_with_pose"] == CLIP_FRAMES


def _upright_frames(report: dict, folder: Path) -> None:
    # the display matrix turns the stored 180x320 pixels back to a 320x180 picture
    assert report["frames_with_pose"] == report["frames_total"] == CLIP_FRAMES
    assert c.video_size(folder / "annotated.mp4") == (320, 180)


def _own_timestamps(report: dict, _folder: Path) -> None:
    # setpts put frame n at n/15 s (n < 10), then 4/15 s apart (n < 20), then 2/15 s apart
    times = [frame["t"] for frame in report["frames"]]
    assert len(times) == CLIP_FRAMES
    assert all(b > a for a, b in zip(times, times[1:], strict=False))
    assert times[15] == pytest.approx((10 + 5 * 4) / 15, abs=0.02)
    assert times[29] == pytest.approx((10 + 10 * 4 + 9 * 2) / 15, abs=0.02)


def _person_leaves_half_way(report: dict, _folder: Path) -> None:
    # the wall covers everything from 1 s: the person is in the first 15 frames only
    assert report["frames_total"] == CLIP_FRAMES
    assert 12 <= report["frames_with_pose"] <= 16
    assert not any(frame["pose"] for frame in report["frames"][17:]), "pose invented on an empty wall"


def _gif_frames(report: dict, _folder: Path) -> None:
    assert report["frames_total"] == 20  # 2 s at fps=10
    assert report["frames_with_pose"] >= 15


def _outputs_written(report: dict, folder: Path) -> None:
    # wrong view: the outputs are still written
    assert report["frames_total"] >= 1
    assert (folder / "frames.csv").exists()


INPUT_CASES = [
    InputCase("a missing file is exit 2", lambda k, d: d / "absent.mp4", (2,)),
    InputCase("a directory given as the video is unreadable", lambda k, d: _directory(d), (3,)),
    InputCase("an empty file is unreadable", lambda k, d: _empty(d), (3,)),
    InputCase(
        "a FIFO with no writer is refused, not waited on forever", lambda k, d: _fifo(d), (3,), timeout_s=60
    ),
    InputCase("a text file named .mp4 is unreadable", lambda k, d: _text(d), (3,)),
    InputCase(
        "random bytes named .mp4 are unreadable",
        lambda k, d: k.get("random.mp4", c.random_bytes),
        (3,),
    ),
    InputCase("an mp4 cut before its first frame is unreadable", _cut_inside_frame(0), (3,)),
    InputCase(
        "an mp4 cut half-way is analysed up to the cut",
        _cut_inside_frame(CLIP_FRAMES // 2),
        (0,),
        _stopped_early_inside_the_clip,
    ),
    InputCase(
        "an mp4 cut near its end is analysed up to the cut",
        _cut_inside_frame(CLIP_FRAMES - 3),
        (0,),
        _stopped_early_inside_the_clip,
    ),
    InputCase(
        "an mp4 without its moov index is unreadable",
        lambda k, d: k.get("no-moov.mp4", lambda p: c.without_moov(p, k.person())),
        (3,),
    ),
    InputCase(
        "an mp4 with garbage over its middle is analysed without a crash",
        lambda k, d: k.get("corrupt-middle.mp4", lambda p: c.corrupt_middle(k.person(), p)),
        (0,),
        _analysed_something,
    ),
    InputCase(
        "an mp4 whose video track has zero frames holds no frame",
        lambda k, d: k.get("zero-frames.mp4", lambda p: c.zero_frames(k.person(), p)),
        (4,),
    ),
    InputCase("an audio-only mp4 holds no frame", lambda k, d: k.get("audio-only.mp4", c.audio_only), (4,)),
    InputCase(
        "a one-frame clip is analysed",
        lambda k, d: k.get("one-frame.mp4", lambda p: c.filtered(k.person(), p, "null", "-frames:v", "1")),
        (0,),
        _one_frame,
    ),
    InputCase("a jpg photo is analysed as one frame", lambda k, d: k.still("jpg"), (0,), _one_frame),
    InputCase("a png photo is analysed as one frame", lambda k, d: k.still("png"), (0,), _one_frame),
    InputCase("a jpg cut inside its header is unreadable", lambda k, d: k.cut_still("jpg", 300), (3,)),
    InputCase("a png cut half-way is unreadable", lambda k, d: k.cut_still("png", None), (3,)),
    InputCase(
        "a 4000x3000 clip is analysed",
        lambda k, d: k.get(
            "huge-4000x3000.mp4",
            lambda p: c.filtered(
                k.person(), p, "scale=4000:2250,pad=4000:3000:0:375", "-preset", "ultrafast"
            ),
        ),
        (0,),
        _person_in_every_frame,
        slow=True,
    ),
    InputCase(
        "a 16x16 clip finds no person",
        lambda k, d: k.get("tiny-16x16.mp4", lambda p: c.filtered(k.person(), p, "scale=16:16,setsar=1")),
        (5,),
    ),
    InputCase(
        "rotation metadata is applied so frames are upright",
        lambda k, d: k.get("rotated.mp4", lambda p: c.rotated_by_metadata(k.person(), p)),
        (0,),
        _upright_frames,
    ),
    InputCase(
        "a variable frame rate clip keeps its own timestamps",
        lambda k, d: k.get("vfr.mp4", lambda p: c.variable_frame_rate(k.person(), p)),
        (0,),
        _own_timestamps,
    ),
    InputCase(
        "a clip of noise finds no person",
        lambda k, d: k.get(
            "noise.mp4", lambda p: c.synthetic(p, "color=c=gray:s=320x180:r=15,noise=alls=100:allf=t+u")
        ),
        (5,),
    ),
    InputCase(
        "a black clip finds no person",
        lambda k, d: k.get("black.mp4", lambda p: c.synthetic(p, "color=c=black:s=320x180:r=15")),
        (5,),
    ),
    InputCase(
        "two people side by side are analysed",
        lambda k, d: k.get("two-people.mp4", lambda p: c.two_people(k.person_640(), p)),
        (0,),
        _person_in_every_frame,
    ),
    InputCase(
        "a person leaving mid-clip leaves frames without a pose",
        lambda k, d: k.get("person-leaves.mp4", lambda p: c.person_leaves(k.person(), p)),
        (0,),
        _person_leaves_half_way,
    ),
    InputCase(
        "an upside-down clip is analysed or refused without a crash",
        lambda k, d: k.get("upside-down.mp4", lambda p: c.filtered(k.person(), p, "vflip")),
        (0, 5, 6),
    ),
    InputCase(
        "a very dark clip is analysed or finds no person",
        lambda k, d: k.get("dark.mp4", lambda p: c.filtered(k.person(), p, "lutyuv=y='16+(val-16)*0.06'")),
        (0, 5),
    ),
    InputCase(
        "an animated gif is analysed",
        lambda k, d: k.get("person.gif", lambda p: c.animated_gif(k.person(), p)),
        (0,),
        _gif_frames,
    ),
]


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, id=case.id, marks=[pytest.mark.slow] if case.slow else []) for case in INPUT_CASES],
)
def test_input(case: InputCase, corpus: Corpus, tmp_path: Path) -> None:
    video = case.make(corpus, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    report_path, csv_path, video_path = out / "report.json", out / "frames.csv", out / "annotated.mp4"
    extra = ("--video", video_path) if case.check is _upright_frames else ()
    run = analyze(
        video,
        *EXERCISE,
        "--json",
        report_path,
        "--csv",
        csv_path,
        *extra,
        "-q",
        cwd=tmp_path,
        timeout=case.timeout_s,
    )
    assert run.returncode in case.exit_codes, run.explain()
    c.assert_outcome(run, run.returncode)
    assert c.leftovers(out) == []
    if run.returncode in (2, 3, 4):
        assert sorted(p.name for p in out.iterdir()) == [], "nothing was analysed, so nothing is written"
    if run.returncode in (0, 6):
        report = c.load_report(report_path)
        assert csv_path.exists()
        if case.check is not None:
            case.check(report, out)


@pytest.mark.slow
def test_a_frontal_view_is_wrong_view_and_still_writes_the_outputs(tmp_path_factory, tmp_path) -> None:
    """The mannequin studio filmed from the front (yaw 90): rendered here, so marked slow."""
    pytest.importorskip("formcheck.synth.clip")
    folder = tmp_path_factory.mktemp("frontal")
    video = _frontal_clip(folder)
    out = tmp_path / "out"
    run = analyze(
        video, *EXERCISE, "--json", out / "report.json", "--csv", out / "frames.csv", "-q", cwd=tmp_path
    )
    c.assert_outcome(run, 6)
    report = c.load_report(out / "report.json")
    _outputs_written(report, out)
    assert c.leftovers(out) == []


def _frontal_clip(folder: Path) -> Path:
    import dataclasses

    from formcheck.synth.clip import ClipSpec, _render_video, plan_clip
    from formcheck.types import Exercise, Side

    spec = ClipSpec(
        Exercise.SPLIT_SQUAT, None, Side.LEFT, yaw_deg=90.0, size=(320, 180), render_scale=0.5, short=True
    )
    plan = plan_clip(spec)
    middle = len(plan.staged) // 3  # inside the first hold
    plan = dataclasses.replace(plan, staged=plan.staged[middle : middle + CLIP_FRAMES])
    path = folder / "frontal.mp4"
    _render_video(plan, path)
    return path


# ==============================================================================================
# Outputs


def test_a_device_node_stays_a_device_node(corpus: Corpus, tmp_path: Path) -> None:
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("mknod needs root")
    run = analyze(
        corpus.person(),
        *EXERCISE,
        "--json",
        node,
        "--csv",
        node,
        "--html",
        node,
        "--video",
        node,
        "-q",
        cwd=tmp_path,
    )
    c.assert_outcome(run, 0)
    assert stat.S_ISCHR(node.lstat().st_mode), "the device node was replaced"
    assert os.major(node.lstat().st_rdev) == 1 and os.minor(node.lstat().st_rdev) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"], "temporary files left beside the node"


class FifoReader:
    """Reads a FIFO in the background from before the writer opens it until the test stops it."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self.data = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            chunk = os.read(self.fd, 65536) if ready else b""
            if chunk:
                self.data += chunk
            else:
                time.sleep(0.02)  # no writer yet, or it closed: EOF reads as empty

    def stop(self) -> bytes:
        self._stop.set()
        self._thread.join(timeout=5)
        while chunk := os.read(self.fd, 65536):
            self.data += chunk
        os.close(self.fd)
        return bytes(self.data)


def test_a_fifo_with_a_reader_gets_the_report(corpus: Corpus, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    reader = FifoReader(fifo)
    try:
        run = analyze(corpus.person(), *EXERCISE, "--json", fifo, "-q", cwd=tmp_path)
    finally:
        received = reader.stop()
    c.assert_outcome(run, 0)
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced by a file"
    report = json.loads(received)
    assert report["frames_total"] == CLIP_FRAMES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo"]


def test_dash_for_json_puts_only_the_report_on_stdout(corpus: Corpus, tmp_path: Path) -> None:
    run = analyze(corpus.person(), *EXERCISE, "--json", "-", cwd=tmp_path)
    c.assert_outcome(run, 0)
    report = json.loads(run.stdout)  # the summary went to stderr
    assert report["frames_total"] == CLIP_FRAMES
    assert not (tmp_path / "-").exists()


def test_dash_for_csv_puts_only_the_rows_on_stdout(corpus: Corpus, tmp_path: Path) -> None:
    run = analyze(corpus.person(), *EXERCISE, "--csv", "-", cwd=tmp_path)
    c.assert_outcome(run, 0)
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert len(rows) == CLIP_FRAMES + 1, run.stdout[:500]
    assert len({len(row) for row in rows}) == 1, "every line has the header's columns"
    assert not (tmp_path / "-").exists()


def test_dash_for_both_json_and_csv_is_refused(corpus: Corpus, tmp_path: Path) -> None:
    run = analyze(corpus.person(), *EXERCISE, "--json", "-", "--csv", "-", cwd=tmp_path)
    c.assert_outcome(run, 14)
    assert run.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "option",
    [
        pytest.param("--video", id="dash for --video is refused"),
        pytest.param("--html", id="dash for --html is refused"),
    ],
)
def test_dash_for_a_file_only_output_is_refused(corpus: Corpus, tmp_path: Path, option: str) -> None:
    run = analyze(corpus.person(), *EXERCISE, option, "-", "--json", tmp_path / "report.json", cwd=tmp_path)
    c.assert_outcome(run, 14)
    assert option in run.error_lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "refused before the analysis"


def test_dev_stdout_is_written_in_place(corpus: Corpus, tmp_path: Path, mounts_allowed: bool) -> None:
    """Run with a private /dev so a tool that renamed over /dev/stdout could only break its copy."""
    require_mounts(mounts_allowed)
    marker = tmp_path / "dev-stdout-kind.txt"
    run = c.run_in_mount_namespace(
        c.PRIVATE_DEV,
        ["analyze", str(corpus.person()), *EXERCISE, "--json", "/dev/stdout", "-q"],
        cwd=tmp_path,
        after=f"stat -c %F /dev/stdout > {marker}; ls -A /dev > {tmp_path / 'dev-listing.txt'}",
    )
    c.assert_outcome(run, 0)
    assert json.loads(run.stdout)["frames_total"] == CLIP_FRAMES
    assert marker.read_text().strip() == "symbolic link", "/dev/stdout was replaced"
    dev = set((tmp_path / "dev-listing.txt").read_text().split())
    assert dev == {
        "null",
        "zero",
        "random",
        "urandom",
        "tty",
        "shm",
        "pts",
        "fd",
        "stdin",
        "stdout",
        "stderr",
    }


def test_an_output_that_is_a_directory_is_refused_before_the_analysis(corpus: Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    run = analyze(
        corpus.person(), *EXERCISE, "--json", folder, "--csv", tmp_path / "frames.csv", cwd=tmp_path
    )
    c.assert_outcome(run, 15)
    assert "--json" in run.error_lines[0]
    assert list(folder.iterdir()) == []
    assert not (tmp_path / "frames.csv").exists(), "refused before the analysis"


def test_a_read_only_place_is_refused_before_the_analysis(
    corpus: Corpus, tmp_path: Path, mounts_allowed: bool
) -> None:
    require_mounts(mounts_allowed)
    read_only = tmp_path / "ro"
    read_only.mkdir()
    listing = tmp_path / "ro-listing.txt"
    run = c.run_in_mount_namespace(
        f"mount -t tmpfs -o ro,size=64k none {read_only}",
        ["analyze", str(corpus.person()), *EXERCISE, "--json", str(read_only / "report.json"),
         "--csv", str(tmp_path / "frames.csv"), "-q"],
        cwd=tmp_path,
        after=f"ls -A {read_only} > {listing}",
    )  # fmt: skip
    c.assert_outcome(run, 15)
    assert "--json" in run.error_lines[0]
    assert listing.read_text() == ""
    assert not (tmp_path / "frames.csv").exists(), "refused before the analysis"


@pytest.mark.parametrize(
    "option",
    [
        pytest.param("--html", id="a full disk under --html"),
        pytest.param("--video", id="a full disk under --video"),
    ],
)
def test_a_full_disk_fails_that_output_and_keeps_the_others(
    corpus: Corpus, tmp_path: Path, mounts_allowed: bool, option: str
) -> None:
    require_mounts(mounts_allowed)
    full = tmp_path / "full"
    full.mkdir()
    listing = tmp_path / "full-listing.txt"
    target = full / ("report.html" if option == "--html" else "annotated.mp4")
    # 64 KiB of which 60 are taken: the report files are bigger than what is left
    run = c.run_in_mount_namespace(
        f"mount -t tmpfs -o size=64k none {full}\nhead -c 61440 /dev/zero > {full}/filler",
        ["analyze", str(corpus.person()), *EXERCISE, "--json", str(tmp_path / "report.json"),
         "--csv", str(tmp_path / "frames.csv"), option, str(target), "-q"],
        cwd=tmp_path,
        after=f"ls -A {full} > {listing}",
    )  # fmt: skip
    c.assert_outcome(run, 16)
    assert option in run.error_lines[0] and str(target) in run.error_lines[0]
    assert listing.read_text().split() == ["filler"], "a partial or temporary file was left on the full disk"
    assert c.load_report(tmp_path / "report.json")["frames_total"] == CLIP_FRAMES
    assert (tmp_path / "frames.csv").exists()


# ==============================================================================================
# Profiles

PROFILE_CASES = [
    pytest.param("garbage [[ = = not toml\n", None, id="a profile that is not TOML"),
    pytest.param("[general]\nnot_a_threshold = 1.0\n", "not_a_threshold", id="a profile with an unknown key"),
    pytest.param('[split-squat]\nhold_min_s = "two"\n', "hold_min_s", id="a profile value of the wrong type"),
    pytest.param("[general]\nflag_gap_s = nan\n", "flag_gap_s", id="a profile value that is nan"),
    pytest.param(
        "[split-squat]\nhold_target_max_s = inf\n", "hold_target_max_s", id="a profile value that is inf"
    ),
    pytest.param(
        "[general]\nlying_trunk_min_deg = -10.0\n", "lying_trunk_min_deg", id="a negative angle threshold"
    ),
    pytest.param(
        "[split-squat]\nhold_target_min_s = 40.0\nhold_target_max_s = 30.0\n",
        "hold_target_m",
        id="a profile minimum above its maximum",
    ),
]


@pytest.mark.parametrize(("text", "key"), PROFILE_CASES)
def test_profile(text: str, key: str | None, corpus: Corpus, tmp_path: Path) -> None:
    profile = tmp_path / "mine.toml"
    profile.write_text(text)
    run = analyze(
        corpus.person(),
        *EXERCISE,
        "--profile",
        profile,
        "--json",
        tmp_path / "report.json",
        "-q",
        cwd=tmp_path,
    )
    c.assert_outcome(run, 10)
    if key is not None:
        assert key in run.error_lines[0]
    assert not (tmp_path / "report.json").exists(), "refused before the analysis"


# ==============================================================================================
# History databases


@dataclass(frozen=True)
class HistoryCase:
    id: str
    make: Callable[[Path], Path]  # (folder) -> the --db path
    locked: bool = False
    usable: bool = False  # the schema is fine; only a row is odd
    must_stay_identical: bool = True


def _garbage_db(folder: Path) -> Path:
    return c.random_bytes(folder / "history.sqlite3", size=8192, seed=3)


def _directory_db(folder: Path) -> Path:
    path = folder / "history.sqlite3"
    path.mkdir()
    return path


def _valid_db(folder: Path) -> Path:
    return c.make_history(folder / "history.sqlite3")


HISTORY_CASES = [
    HistoryCase("a history file of garbage bytes", _garbage_db),
    HistoryCase("a history path that is a directory", _directory_db, must_stay_identical=False),
    HistoryCase("a history file locked by another process", _valid_db, locked=True),
    HistoryCase(
        "a history file from a future schema",
        lambda d: c.edit_history(_valid_db(d), "UPDATE meta SET value = '999' WHERE key = 'schema_version'"),
    ),
    HistoryCase(
        "a history file whose schema version is not an integer",
        lambda d: c.edit_history(_valid_db(d), "UPDATE meta SET value = 'two' WHERE key = 'schema_version'"),
    ),
    HistoryCase(
        "a history file missing its sessions table",
        lambda d: c.edit_history(_valid_db(d), "DROP TABLE sessions"),
    ),
    HistoryCase(
        "a history file with a malformed date in one row",
        lambda d: c.edit_history(
            _valid_db(d), "UPDATE sessions SET performed_at = 'last tuesday' WHERE id = 1"
        ),
        usable=True,
        must_stay_identical=False,
    ),
]


def _snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


@pytest.mark.parametrize(
    "case", [pytest.param(case, id=f"history lists {case.id}") for case in HISTORY_CASES]
)
def test_history_command(case: HistoryCase, tmp_path: Path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    db = case.make(folder)
    before = _snapshot(db)
    sidecars = _sidecars(db)
    if case.locked:
        with c.LockedDatabase(db):
            run = c.run_cli("history", "--db", db, cwd=tmp_path, timeout=120)
    else:
        run = c.run_cli("history", "--db", db, cwd=tmp_path, timeout=120)
    if case.usable:
        # one odd row does not make the file unusable; either way no traceback and one clear line
        assert run.returncode in (0, 13), run.explain()
        c.assert_outcome(run, run.returncode)
        if run.returncode == 0:
            assert "clip1.mp4" in run.stdout, "the good row is still listed"
        return
    c.assert_outcome(run, 13)
    if case.must_stay_identical:
        assert _snapshot(db) == before, "the history file was changed"
        assert _sidecars(db) == sidecars, "a -wal/-shm/-journal file was created"


@pytest.mark.parametrize(
    "case", [pytest.param(case, id=f"analyze --save into {case.id}") for case in HISTORY_CASES]
)
def test_analyze_save(case: HistoryCase, corpus: Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    db = case.make(folder)
    before = _snapshot(db)
    sidecars = _sidecars(db)
    report = tmp_path / "report.json"
    args = ("analyze", corpus.person(), *EXERCISE, "--save", "--db", db, "--json", report, "-q")
    if case.locked:
        with c.LockedDatabase(db):
            run = c.run_cli(*args, cwd=tmp_path, timeout=120)
    else:
        run = c.run_cli(*args, cwd=tmp_path, timeout=120)
    if case.usable:
        c.assert_outcome(run, 0)
        assert c.session_count(db) == 3, "the session was added beside the two saved before"
        assert c.load_report(report)["frames_total"] == CLIP_FRAMES
        return
    c.assert_outcome(run, 13)
    assert not report.exists(), "the history file is checked before the analysis"
    if case.must_stay_identical:
        assert _snapshot(db) == before, "the history file was changed"
        assert _sidecars(db) == sidecars, "a -wal/-shm/-journal file was created"


# ==============================================================================================
# Options

OPTION_CASES = [
    pytest.param(("--max-fps", "nan"), 14, id="--max-fps nan is out of range"),
    pytest.param(("--max-fps", "inf"), 14, id="--max-fps inf is out of range"),
    pytest.param(("--max-fps", "0"), 14, id="--max-fps 0 is out of range"),
    pytest.param(("--max-fps", "-5"), 14, id="--max-fps negative is out of range"),
    pytest.param(("--resize", "100000"), 14, id="--resize above the cap is out of range"),
    pytest.param(("--side", "middle"), 7, id="an unknown --side in analyze is an unknown name"),
    pytest.param(("--exercise", "yoga"), 7, id="an unknown --exercise in analyze is an unknown name"),
]


@pytest.mark.parametrize(("option", "exit_code"), OPTION_CASES)
def test_analyze_option(option: tuple[str, str], exit_code: int, corpus: Corpus, tmp_path: Path) -> None:
    args = ("--exercise", "split-squat") if option[0] != "--exercise" else ()
    run = c.run_cli(
        "analyze", corpus.person(), *args, *option, "--json", tmp_path / "report.json",
        cwd=tmp_path, memory_limit_bytes=6 << 30,
    )  # fmt: skip
    c.assert_outcome(run, exit_code)
    assert option[0] in run.error_lines[0] or option[1] in run.error_lines[0]
    assert not (tmp_path / "report.json").exists(), "refused before the analysis"


def test_an_unknown_exercise_in_live_is_an_unknown_name(corpus: Corpus, tmp_path: Path) -> None:
    run = c.run_cli("live", "--exercise", "yoga", "--source", corpus.person(), "--headless", cwd=tmp_path)
    c.assert_outcome(run, 7)
    assert "yoga" in run.error_lines[0]


def test_an_unknown_side_in_live_is_an_unknown_name(corpus: Corpus, tmp_path: Path) -> None:
    run = c.run_cli(
        "live", *EXERCISE, "--side", "middle", "--source", corpus.person(), "--headless", cwd=tmp_path
    )
    c.assert_outcome(run, 7)
    assert "middle" in run.error_lines[0]


def test_an_unknown_exercise_in_batch_is_an_unknown_name(corpus: Corpus, tmp_path: Path) -> None:
    run = c.run_cli("batch", corpus.person(), "--exercise", "yoga", "--out", tmp_path / "out", cwd=tmp_path)
    c.assert_outcome(run, 7)
    assert "yoga" in run.error_lines[0]
    assert not (tmp_path / "out").exists()


def test_zero_batch_workers_is_out_of_range(corpus: Corpus, tmp_path: Path) -> None:
    run = c.run_cli("batch", corpus.person(), "--workers", "0", "--out", tmp_path / "out", cwd=tmp_path)
    c.assert_outcome(run, 14)
    assert "--workers" in run.error_lines[0]
    assert not (tmp_path / "out").exists()


# ==============================================================================================
# Interruptions


@dataclass
class Background:
    """A CLI run in its own process group, its streams going to files the test can watch."""

    args: tuple
    cwd: Path
    stdout_path: Path = field(init=False)
    stderr_path: Path = field(init=False)
    process: subprocess.Popen = field(init=False)

    def __post_init__(self) -> None:
        self.stdout_path = self.cwd / "stdout.txt"
        self.stderr_path = self.cwd / "stderr.txt"
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.process = subprocess.Popen(
                [*c.CLI, *map(str, self.args)],
                cwd=self.cwd,
                env=c.cli_env(self.cwd),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                preexec_fn=c.address_space_limit(c.MEMORY_LIMIT_BYTES),
            )

    def wait_for(self, condition: Callable[[], bool], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.process.poll() is None, f"ended before the interruption:\n{self.finish().explain()}"
            assert time.monotonic() < deadline, "the run never got going"
            time.sleep(0.1)

    def finish(self, timeout: float = 120) -> c.CliRun:
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            code = self.process.wait()
        read = lambda p: p.read_text(errors="replace")  # noqa: E731
        return c.CliRun(code, read(self.stdout_path), read(self.stderr_path))


def _assert_interrupted_report(report: dict) -> None:
    stopped = report["stopped_early"]
    assert stopped is not None and stopped["reason"] == "interrupted", stopped
    assert 0 < stopped["frame_index"] < 300
    assert 0 < stopped["at_s"] < 20.0
    assert report["frames_total"] >= 1


def test_sigint_during_analyze_writes_what_was_analysed(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = Background(
        (
            "analyze",
            corpus.person_long(),
            *EXERCISE,
            "--json",
            out / "report.json",
            "--csv",
            out / "frames.csv",
        ),
        tmp_path,
    )
    # the progress bar appears with the first analysed frame; let a second's worth go by
    run.wait_for(lambda: "pose" in run.stderr_path.read_text(errors="replace"))
    time.sleep(1.5)
    run.process.send_signal(signal.SIGINT)
    result = run.finish()
    c.assert_outcome(result, 130, error_lines=(0, 1))
    report = c.load_report(out / "report.json")
    _assert_interrupted_report(report)
    rows = list(csv.reader(io.StringIO((out / "frames.csv").read_text())))
    assert len(rows) == report["frames_total"] + 1
    assert c.leftovers(out) == []


def test_sigint_during_live_headless_writes_the_report(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = Background(
        ("live", *EXERCISE, "--source", corpus.person_long(), "--headless", "--no-audio", "--no-speech",
         "--json", out / "report.json"),
        tmp_path,
    )  # fmt: skip
    run.wait_for(lambda: run.stdout_path.read_text(errors="replace").count("\n") >= 1)
    time.sleep(1.0)
    run.process.send_signal(signal.SIGINT)
    result = run.finish()
    c.assert_outcome(result, 130, error_lines=(0, 1))
    _assert_interrupted_report(c.load_report(out / "report.json"))
    assert c.leftovers(out) == []
    for line in result.stdout.splitlines():
        json.loads(line)  # every event line that was printed is whole


def test_a_batch_killed_mid_way_resumes_and_scores_every_clip_once(corpus: Corpus, tmp_path: Path) -> None:
    clips = tmp_path / "clips"
    clips.mkdir()
    for name in ("a", "b", "c"):
        (clips / f"{name}.mp4").write_bytes(corpus.person().read_bytes())
    out = tmp_path / "out"
    args = ("batch", clips, *EXERCISE, "--out", out, "--no-html", "--workers", "1", "-q")
    first_folder = tmp_path / "first-run"
    first_folder.mkdir()
    first = Background(args, first_folder)
    records = lambda: sorted(out.glob("clips/*/record.json"))  # noqa: E731
    first.wait_for(lambda: len(records()) >= 1, timeout=180)
    os.killpg(first.process.pid, signal.SIGKILL)  # the batch and its workers die at once
    first.finish()
    finished = {path: path.stat().st_mtime_ns for path in records()}
    assert 1 <= len(finished) < 3, "killed too late to test resuming"

    second = c.run_cli(*args, cwd=tmp_path, timeout=300)
    c.assert_outcome(second, 0)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["counts"] == {"clips": 3, "ok": 3, "failed": 0}
    assert sorted(Path(row["clip"]).name for row in summary["clips"]) == ["a.mp4", "b.mp4", "c.mp4"]
    assert len(records()) == 3
    for path, mtime in finished.items():
        assert path.stat().st_mtime_ns == mtime, f"{path.parent.name} was scored twice"
    assert f"{len(finished)} already done" in second.stdout + second.stderr
    assert c.leftovers(out) == []


def test_a_broken_pipe_in_live_headless_still_writes_the_report(corpus: Corpus, tmp_path: Path) -> None:
    """`formcheck live --headless ... | head -1`: the reader goes away after the first event."""
    report = tmp_path / "report.json"
    process = subprocess.Popen(
        [*c.CLI, "live", *EXERCISE, "--source", str(corpus.person()), "--headless", "--no-audio",
         "--no-speech", "--json", str(report)],
        cwd=tmp_path,
        env=c.cli_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    first_line = process.stdout.readline()
    process.stdout.close()  # what head -1 does
    stderr = process.stderr.read().decode(errors="replace")
    code = process.wait(timeout=120)
    run = c.CliRun(code, first_line.decode(errors="replace"), stderr)
    json.loads(first_line)
    c.assert_outcome(run, 0, error_lines=(0, 1))
    assert "Exception ignored" not in stderr, run.explain()
    loaded = c.load_report(report)
    assert loaded["frames_total"] == CLIP_FRAMES
    assert loaded["stopped_early"] is None


def test_a_broken_pipe_in_analyze_still_writes_the_report(corpus: Corpus, tmp_path: Path) -> None:
    """`formcheck analyze ... | head -1` with the reader gone before the summary is printed."""
    report = tmp_path / "report.json"
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: the first write to stdout breaks the pipe
    try:
        completed = subprocess.run(
            [*c.CLI, "analyze", str(corpus.person()), *EXERCISE, "--json", str(report)],
            cwd=tmp_path,
            env=c.cli_env(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(write_end)
    run = c.CliRun(completed.returncode, "", completed.stderr.decode(errors="replace"))
    c.assert_outcome(run, 0, error_lines=(0, 1))
    assert "Exception ignored" not in run.stderr, run.explain()
    loaded = c.load_report(report)
    assert loaded["frames_total"] == CLIP_FRAMES
    assert loaded["stopped_early"] is None


# ==============================================================================================
# Paths that are not what they seem: an input named as an output, kernel file systems, links,
# permissions, standard input


@pytest.mark.parametrize(
    ("option", "spelling"),
    [
        pytest.param("--json", "./clip.mp4", id="--json naming the input video is refused"),
        pytest.param("--video", "link.mp4", id="--video naming the input video through a link is refused"),
    ],
)
def test_an_output_naming_the_input_video_is_refused_and_the_video_kept(
    corpus: Corpus, tmp_path: Path, option: str, spelling: str
) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(corpus.person().read_bytes())
    (tmp_path / "link.mp4").symlink_to("clip.mp4")
    before = video.read_bytes()
    run = analyze(video, *EXERCISE, option, spelling, "--csv", tmp_path / "frames.csv", cwd=tmp_path)
    c.assert_outcome(run, 15)
    assert option in run.error_lines[0] and "the video" in run.error_lines[0]
    assert video.read_bytes() == before, "the input video was changed"
    assert (tmp_path / "link.mp4").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4", "link.mp4"], (
        "refused before the analysis"
    )


@pytest.mark.parametrize(
    ("option", "target", "file_system"),
    [
        pytest.param("--json", "/proc/formcheck-report.json", "proc", id="a new file under /proc is refused"),
        pytest.param("--json", "/proc/self/comm", "proc", id="an existing file under /proc is refused"),
        pytest.param("--csv", "/sys/formcheck-frames.csv", "sysfs", id="a new file under /sys is refused"),
    ],
)
def test_an_output_on_a_kernel_file_system_is_refused(
    corpus: Corpus, tmp_path: Path, option: str, target: str, file_system: str
) -> None:
    if not Path(target).parent.is_dir():
        pytest.skip(f"no {Path(target).parent} on this system")
    other = "--html" if option != "--html" else "--json"
    run = analyze(corpus.person(), *EXERCISE, option, target, other, tmp_path / "other", cwd=tmp_path)
    c.assert_outcome(run, 15)
    assert option in run.error_lines[0] and file_system in run.error_lines[0]
    assert list(tmp_path.iterdir()) == [], "refused before the analysis"
    if "formcheck-" in target:
        assert not Path(target).exists()


def _link_loop(folder: Path) -> Path:
    (folder / "loop-a.mp4").symlink_to("loop-b.mp4")
    (folder / "loop-b.mp4").symlink_to("loop-a.mp4")
    return folder / "loop-a.mp4"


def _dangling_link(folder: Path) -> Path:
    (folder / "dangling.mp4").symlink_to("gone.mp4")
    return folder / "dangling.mp4"


@pytest.mark.parametrize(
    ("make", "why"),
    [
        pytest.param(_link_loop, "a symbolic link loop", id="a symbolic link loop as the video is missing"),
        pytest.param(
            _dangling_link,
            "a symbolic link to gone.mp4",
            id="a dangling symbolic link as the video is missing",
        ),
    ],
)
def test_a_broken_link_as_the_video_is_a_missing_file(make, why: str, tmp_path: Path) -> None:
    links = tmp_path / "links"
    links.mkdir()
    video = make(links)
    out = tmp_path / "out"
    out.mkdir()
    run = analyze(video, *EXERCISE, "--json", out / "report.json", cwd=tmp_path)
    c.assert_outcome(run, 2)
    assert why in run.error_lines[0], run.explain()
    assert list(out.iterdir()) == [], "nothing was analysed, so nothing is written"
    assert all(p.is_symlink() for p in links.iterdir()), "the links were changed"


def test_a_link_loop_as_an_output_is_refused_and_kept(corpus: Corpus, tmp_path: Path) -> None:
    links = tmp_path / "links"
    links.mkdir()
    loop = _link_loop(links)
    run = analyze(corpus.person(), *EXERCISE, "--json", loop, "--csv", tmp_path / "frames.csv", cwd=tmp_path)
    c.assert_outcome(run, 15)
    assert "--json" in run.error_lines[0] and "loop" in run.error_lines[0]
    assert sorted(p.name for p in links.iterdir()) == ["loop-a.mp4", "loop-b.mp4"]
    assert all(p.is_symlink() for p in links.iterdir()), "the loop was replaced"
    assert not (tmp_path / "frames.csv").exists(), "refused before the analysis"


def test_a_dangling_link_as_an_output_writes_its_target_and_stays_a_link(
    corpus: Corpus, tmp_path: Path
) -> None:
    """Written *to* what the user names, as a shell's `>` would: the link's target is created."""
    links = tmp_path / "links"
    links.mkdir()
    link = _dangling_link(links)
    run = analyze(corpus.person(), *EXERCISE, "--json", link, "-q", cwd=tmp_path)
    c.assert_outcome(run, 0)
    assert link.is_symlink() and os.readlink(link) == "gone.mp4", "the link was replaced by a file"
    assert c.load_report(links / "gone.mp4")["frames_total"] == CLIP_FRAMES
    assert sorted(p.name for p in links.iterdir()) == ["dangling.mp4", "gone.mp4"]


def test_a_write_only_video_is_read_by_root_and_refused_to_others(corpus: Corpus, tmp_path: Path) -> None:
    video = tmp_path / "write-only.mp4"
    video.write_bytes(corpus.person().read_bytes())
    video.chmod(0o200)
    report = tmp_path / "report.json"
    run = analyze(video, *EXERCISE, "--json", report, "-q", cwd=tmp_path)
    if os.geteuid() == 0:  # root reads any file whatever its mode: the analysis runs
        c.assert_outcome(run, 0)
        assert c.load_report(report)["frames_total"] == CLIP_FRAMES
    else:
        c.assert_outcome(run, 3)
        assert "permission denied" in run.error_lines[0]
        assert not report.exists()
    assert stat.S_IMODE(video.stat().st_mode) == 0o200, "the video's mode was changed"


def test_dash_as_the_video_is_refused_in_one_line(corpus: Corpus, tmp_path: Path) -> None:
    with corpus.person().open("rb") as piped:
        run = c.run_cli(
            "analyze", "-", *EXERCISE, "--json", tmp_path / "report.json", cwd=tmp_path, stdin=piped
        )
    c.assert_outcome(run, 14)
    assert "standard input" in run.error_lines[0]
    assert list(tmp_path.iterdir()) == []


def test_a_raw_h264_stream_is_analysed_as_a_file(corpus: Corpus, tmp_path: Path) -> None:
    video = corpus.get("raw.h264", lambda p: c.raw_h264(corpus.person(), p))
    report = tmp_path / "report.json"
    run = analyze(video, *EXERCISE, "--json", report, "-q", cwd=tmp_path)
    c.assert_outcome(run, 0)
    loaded = c.load_report(report)
    # no container: its own frames count, to its end, with no damage reported
    assert loaded["frames_total"] == CLIP_FRAMES
    assert loaded["frames_with_pose"] == CLIP_FRAMES
    assert loaded["stopped_early"] is None


# ==============================================================================================
# batch --out, history trend --plot, terminals, help and synth


def _clips_folder(corpus: Corpus, folder: Path) -> Path:
    clips = folder / "clips"
    clips.mkdir()
    (clips / "a.mp4").write_bytes(corpus.person().read_bytes())
    return clips


@pytest.mark.parametrize(
    ("out", "why"),
    [
        pytest.param("clips", "folder of clips", id="batch --out naming the clips folder is refused"),
        pytest.param("clips/a.mp4", "is a file", id="batch --out naming a clip file is refused"),
    ],
)
def test_batch_out_over_the_clips_is_refused(corpus: Corpus, tmp_path: Path, out: str, why: str) -> None:
    clips = _clips_folder(corpus, tmp_path)
    before = (clips / "a.mp4").read_bytes()
    run = c.run_cli("batch", clips, *EXERCISE, "--out", tmp_path / out, "-q", cwd=tmp_path, timeout=120)
    c.assert_outcome(run, 15)
    assert "--out" in run.error_lines[0] and why in run.error_lines[0]
    assert sorted(p.name for p in clips.iterdir()) == ["a.mp4"], "refused before any clip was scored"
    assert (clips / "a.mp4").read_bytes() == before


def test_history_trend_plot_naming_the_database_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    db = c.make_history(folder / "history.sqlite3")
    before = db.read_bytes()
    run = c.run_cli("history", "trend", "--db", db, "--plot", "db/../db/history.sqlite3", cwd=tmp_path)
    c.assert_outcome(run, 15)
    assert "--plot" in run.error_lines[0]
    assert db.read_bytes() == before, "the history file was changed"
    assert sorted(p.name for p in folder.iterdir()) == ["history.sqlite3"]


def test_a_terminal_that_is_not_utf8_gets_an_ascii_summary(corpus: Corpus, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    ascii_terminal = {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    run = c.run_cli("analyze", corpus.person(), *EXERCISE, "--json", report, cwd=tmp_path, env=ascii_terminal)
    c.assert_outcome(run, 0)
    assert "peak hip extension" in run.stdout and " deg" in run.stdout, run.explain()
    assert run.stdout.isascii() and run.stderr.isascii()
    assert c.load_report(report)["frames_total"] == CLIP_FRAMES  # files are UTF-8 whatever the terminal


@pytest.mark.parametrize(
    "command",
    [
        pytest.param((), id="formcheck alone into a closed pipe exits 0"),
        pytest.param(("--help",), id="formcheck --help into a closed pipe exits 0"),
        pytest.param(("analyze", "--help"), id="analyze --help into a closed pipe exits 0"),
        pytest.param(("history", "trend", "--help"), id="history trend --help into a closed pipe exits 0"),
        pytest.param(("models",), id="models into a closed pipe exits 0"),
    ],
)
def test_text_into_a_closed_pipe_is_not_an_error(command: tuple[str, ...], tmp_path: Path) -> None:
    """`formcheck analyze --help | head -1`: the reader chose to stop reading."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        completed = subprocess.run(
            [*c.CLI, *command],
            cwd=tmp_path,
            env=c.cli_env(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(write_end)
    run = c.CliRun(completed.returncode, "", completed.stderr.decode(errors="replace"))
    c.assert_outcome(run, 0)
    assert run.stderr == "", run.explain()


@pytest.mark.parametrize(
    ("args", "why"),
    [
        pytest.param(("--exercise", "couch-stretch", "--out", "/proc/formcheck-synth"), "cannot create",
                     id="synth --out under /proc is refused before rendering"),
        pytest.param(("--exercise", "couch-stretch", "--out", "clip.mp4"), "is a file",
                     id="synth --out naming a file is refused before rendering"),
    ],
)  # fmt: skip
def test_synth_checks_its_output_folder_before_rendering(
    args: tuple[str, ...], why: str, tmp_path: Path
) -> None:
    pytest.importorskip("formcheck.synth.clip")
    (tmp_path / "clip.mp4").write_bytes(b"not a folder")
    run = c.run_cli("synth", *args, cwd=tmp_path, timeout=60)
    c.assert_outcome(run, 15)
    assert "--out" in run.error_lines[0] and why in run.error_lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4"], "something was rendered"
