"""The spill: the analysed pictures kept on disk in clip order, read back as frames, then removed."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.sources.spill import FrameSpill, SpillWriter
from formcheck.types import Frame


def _frame(index: int) -> Frame:
    # A smooth gradient whose brightness says the frame's number (JPEG keeps smooth pictures well).
    ramp = np.linspace(0, 60, 64, dtype=np.float32)[None, :, None]
    image = np.clip(ramp + 10 * index + np.zeros((48, 64, 3), np.float32), 0, 255).astype(np.uint8)
    return Frame(index, index / 30.0, image)


def test_kept_frames_come_back_in_order_with_their_index_time_and_picture(tmp_path):
    frames = [_frame(i) for i in range(0, 20, 2)]  # a stride of 2, as with --max-fps
    with FrameSpill(tmp_path) as spill:
        for frame in frames:
            spill.add(frame)
        for _ in range(2):  # the annotated video and the key frames each read them
            with spill.opener()() as read:
                back = list(read)
            assert [(f.index, f.timestamp_s) for f in back] == [(f.index, f.timestamp_s) for f in frames]
            for kept, original in zip(back, frames, strict=True):
                assert kept.image.shape == original.image.shape
                difference = np.abs(kept.image.astype(int) - original.image.astype(int))
                assert difference.mean() < 1.5


def test_pictures_written_by_other_writers_are_read_in_the_order_booked(tmp_path):
    with FrameSpill(tmp_path) as spill:
        late, early = SpillWriter(spill.folder, "segment-1"), SpillWriter(spill.folder, "segment-0")
        late_pictures = [late.write(_frame(i).image) for i in (10, 11)]
        early_pictures = [early.write(_frame(i).image) for i in (0, 1)]
        late.close()
        early.close()
        for index, picture in zip((0, 1, 10, 11), early_pictures + late_pictures, strict=True):
            spill.keep(index, index / 30.0, picture)
        with spill.opener()() as read:
            means = [(f.index, round(float(f.image.mean()) / 10)) for f in read]
    assert means == [(0, 3), (1, 4), (10, 13), (11, 14)]


def test_the_folder_is_removed_when_the_spill_closes_even_on_an_error(tmp_path):
    with pytest.raises(KeyboardInterrupt), FrameSpill(tmp_path) as spill:
        spill.add(_frame(0))
        folder = spill.folder
        assert any(folder.iterdir())
        raise KeyboardInterrupt
    assert not folder.exists() and list(tmp_path.iterdir()) == []


def test_a_picture_that_cannot_be_written_stops_the_spill_and_frees_its_disk(tmp_path, monkeypatch):
    with FrameSpill(tmp_path) as spill:
        spill.add(_frame(0))
        writer = spill._own

        class FullDisk:
            name = "main"

            def write(self, data):
                raise OSError(28, "No space left on device")

            def close(self):
                pass

        monkeypatch.setattr(writer, "_file", FullDisk())
        spill.add(_frame(1))
        spill.add(_frame(2))  # nothing more is tried
        assert spill.failure is not None and "No space left on device" in spill.failure
        assert len(spill) == 0 and list(spill.folder.iterdir()) == []
        with pytest.raises(ValueError, match="no pictures to read"):
            spill.opener()


def test_a_worker_picture_not_kept_stops_the_spill(tmp_path):
    with FrameSpill(tmp_path) as spill:
        spill.add(_frame(0))
        spill.keep(1, 1 / 30.0, None)
        spill.keep(2, 2 / 30.0, SpillWriter(spill.folder, "late").write(_frame(2).image))
        assert spill.failure is not None and len(spill) == 0


def test_the_frames_nearest_wanted_times_are_read_alone(tmp_path, monkeypatch):
    import formcheck.sources.spill as spill_module

    with FrameSpill(tmp_path) as spill:
        for i in range(30):
            spill.add(_frame(i))
        decoded: list[int] = []
        real_decode = spill_module.cv2.imdecode

        def counting_decode(*args):
            decoded.append(1)
            return real_decode(*args)

        monkeypatch.setattr(spill_module.cv2, "imdecode", counting_decode)
        with spill.opener()() as kept:
            chosen = kept.nearest([0.1, 0.52, 5.0], max_mismatch_s=0.25)
    # 0.1 s is frame 3; 0.52 s frame 16 (0.533 s); 5 s is past the clip's 0.97 s: none
    assert {t: f.index for t, f in chosen.items()} == {0.1: 3, 0.52: 16}
    assert len(decoded) == 2
    assert round(float(chosen[0.52].image.mean()) / 10) == round(float(_frame(16).image.mean()) / 10)


def _killed_owner_folder(root) -> str:
    """A spill made by a process that was then killed outright (no context manager unwound)."""
    import multiprocessing
    import os
    import signal

    ctx = multiprocessing.get_context("fork")
    made = ctx.Queue()

    def own_and_wait(queue) -> None:
        spill = FrameSpill(root)
        spill.add(_frame(0))
        queue.put(spill.folder.name)
        signal.pause()

    child = ctx.Process(target=own_and_wait, args=(made,))
    child.start()
    name = made.get(timeout=30)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    return name


def test_a_new_spill_removes_the_folder_a_killed_process_left_and_keeps_live_and_foreign_ones(tmp_path):
    orphan = _killed_owner_folder(tmp_path)
    assert (tmp_path / orphan).is_dir()  # SIGKILL: the owner could not clean up
    foreign = tmp_path / "formcheck-frames-otherhost-1-abc"  # another machine sharing this folder
    foreign.mkdir()
    with FrameSpill(tmp_path) as alive, FrameSpill(tmp_path):
        assert not (tmp_path / orphan).exists()
        assert alive.folder.is_dir(), "a running owner's folder must be kept"
        assert foreign.is_dir(), "another host's folder must be kept"


def test_a_batch_worker_stopped_by_its_parent_removes_the_pictures_it_was_keeping(tmp_path):
    import multiprocessing
    import signal

    from formcheck.batch.scoring import init_worker

    ctx = multiprocessing.get_context("fork")
    made = ctx.Queue()

    def score_forever(queue) -> None:
        init_worker(None)
        with FrameSpill(tmp_path) as spill:
            spill.add(_frame(0))
            queue.put(spill.folder.name)
            signal.pause()

    worker = ctx.Process(target=score_forever, args=(made,))
    worker.start()
    folder = tmp_path / made.get(timeout=30)
    assert folder.is_dir()
    worker.terminate()  # what the batch's parent does on Ctrl-C or a failure
    worker.join(timeout=10)
    assert worker.exitcode == 128 + signal.SIGTERM
    assert not folder.exists()


def test_a_kept_picture_gone_under_a_running_command_is_a_formcheck_error_not_a_traceback(tmp_path):
    from formcheck.errors import SourceUnreadable

    with FrameSpill(tmp_path) as spill:
        spill.add(_frame(0))
        for part in spill.folder.iterdir():
            part.unlink()  # removed by hand (or a cleaner) while the command runs
        with pytest.raises(SourceUnreadable, match="could not be read back"), spill.opener()() as read:
            list(read)
