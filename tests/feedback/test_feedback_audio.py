"""Audio cues: silent and harmless without a sound system, non-blocking and not repetitive with one."""

from __future__ import annotations

import shutil
import time
import wave

import pytest

from formcheck.feedback.audio import (
    BEEP_LENGTH_S,
    SAMPLE_RATE_HZ,
    AudioBackends,
    AudioCues,
    Beep,
    write_beep_wav,
)


def test_without_any_player_or_speech_engine_everything_is_silent_and_never_raises():
    audio = AudioCues(backends=AudioBackends(None, None))
    assert audio.beep(Beep.HOLD_START) is False
    assert audio.say("Ribs down — tuck your tailbone") is False
    audio.close()


def test_disabled_audio_ignores_the_system_players():
    audio = AudioCues(enabled=False)
    assert not audio.can_beep and not audio.can_speak


def test_a_missing_binary_is_silence_not_an_error():
    audio = AudioCues(backends=AudioBackends(("/nonexistent/player",), ("/nonexistent/say",)))
    assert audio.beep(Beep.CUE) is False
    assert audio.say("hello") is False
    audio.close()


@pytest.mark.skipif(shutil.which("sleep") is None, reason="needs coreutils sleep")
def test_sounds_play_in_the_background_and_do_not_pile_up():
    sleep = shutil.which("sleep")
    # "sleep 3 <text>" stands in for a speech engine that takes seconds to speak; the margin is wide
    # so that a loaded machine's slow process start cannot pass for waiting.
    audio = AudioCues(backends=AudioBackends(None, (sleep, "3")), repeat_after_s=6.0)
    started = time.monotonic()
    assert audio.say("1", now_s=0.0) is True
    assert time.monotonic() - started < 2.0  # did not wait for the speech to end
    assert audio.say("1.5", now_s=0.1) is False  # the previous one is still speaking
    audio.close()


def test_the_same_cue_is_not_repeated_within_the_repeat_window(tmp_path):
    true = shutil.which("true")
    assert true is not None
    audio = AudioCues(backends=AudioBackends(None, (true,)), repeat_after_s=6.0)
    assert audio.say("Ribs down", now_s=10.0) is True
    time.sleep(0.2)  # let `true` exit so the channel is free
    assert audio.say("Ribs down", now_s=12.0) is False
    assert audio.say("Ribs down", now_s=16.5) is True
    audio.close()


def test_beep_wav_is_a_short_mono_16_bit_file(tmp_path):
    path = tmp_path / "beep.wav"
    write_beep_wav(path, 660.0, 880.0)
    with wave.open(str(path)) as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        assert wav.getnframes() == int(BEEP_LENGTH_S * SAMPLE_RATE_HZ)
