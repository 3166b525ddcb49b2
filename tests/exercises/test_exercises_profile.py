"""The profile: defaults cite the seed verbatim, a TOML file overrides them, mistakes in it are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from formcheck.errors import BadProfile, UnknownName
from formcheck.exercises import create_analyzer
from formcheck.exercises.profile import Profile, load_profile
from formcheck.exercises.registry import all_cues
from formcheck.types import Exercise, MistakeCode
from tests.exercises.choreography import run_analyzer, split_frames, split_timeline

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def seed_text() -> str:
    files = sorted(SEEDS.glob("000_*.txt"))
    if not files:
        pytest.skip("../shared/seeds is not present on this machine")
    return files[0].read_text(encoding="utf-8")


def test_every_threshold_cites_words_that_appear_verbatim_in_the_seed(seed_text):
    rows = Profile().table()
    assert len(rows) > 40
    missing = [f"{r['section']}.{r['key']}: {r['seed']!r}" for r in rows if r["seed"] not in seed_text]
    assert missing == []


def test_every_cue_comes_from_a_seed_sentence_quoted_verbatim(seed_text):
    missing = [cue.seed for cue in all_cues() if cue.seed not in seed_text]
    assert missing == []


def test_no_profile_file_gives_the_defaults():
    assert load_profile(None) == Profile()


def test_a_toml_override_changes_only_the_keys_it_names(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        "[split-squat]\nback_arch_on_deg = 25\nback_arch_off_deg = 20.0\n\n[general]\nflag_gap_s = 0.3\n"
    )
    profile = load_profile(path)
    assert profile.split_squat.back_arch_on_deg == 25.0
    assert isinstance(profile.split_squat.back_arch_on_deg, float)
    assert profile.general.flag_gap_s == 0.3
    assert profile.couch_stretch == Profile().couch_stretch
    assert profile.split_squat.hold_target_min_s == Profile().split_squat.hold_target_min_s


def test_an_override_changes_what_the_analyzer_flags(tmp_path):
    # given: holds with an 18-deg arch are flagged by default; a profile raising the bar to 25 deg lets them pass
    # (the rear knee goes back with the arch, so the hip keeps its extension: no shallow range)
    frames = split_frames(split_timeline(holds=1, hold_s=22.0, arch=18.0, rear_incl=33.0))
    default_result, _ = run_analyzer(Exercise.SPLIT_SQUAT, frames)
    assert [m.code for m in default_result.mistakes] == [MistakeCode.BACK_ARCH]
    path = tmp_path / "lenient.toml"
    path.write_text("[split-squat]\nback_arch_on_deg = 25.0\nback_arch_off_deg = 22.0\n")
    lenient_result, _ = run_analyzer(Exercise.SPLIT_SQUAT, frames, profile=load_profile(path))
    assert lenient_result.mistakes == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        pytest.param("[couch-stretch]\nback_arch_on = 12\n", "couch-stretch.back_arch_on", id="unknown-key"),
        pytest.param("[couch]\nback_arch_on_deg = 12\n", "[couch]", id="unknown-section"),
        pytest.param(
            '[thomas-test]\npositive_margin_deg = "four"\n', "thomas-test.positive_margin_deg", id="string"
        ),
        pytest.param(
            "[thomas-test]\npositive_margin_deg = true\n", "thomas-test.positive_margin_deg", id="bool"
        ),
        pytest.param(
            "[couch-stretch]\npresses_target_min = 2.5\n", "couch-stretch.presses_target_min", id="int"
        ),
        pytest.param("[split-squat]\nhold_min_s = -1\n", "split-squat.hold_min_s", id="negative"),
        pytest.param(
            "[couch-stretch]\nback_arch_off_deg = 30\n", "couch-stretch.back_arch_off_deg", id="inverted"
        ),
        pytest.param("[couch-stretch\n", "not valid TOML", id="syntax"),
        pytest.param("[couch-stretch]\nback_arch_on_deg = nan\n", "couch-stretch.back_arch_on_deg", id="nan"),
        pytest.param("[split-squat]\nhold_target_max_s = inf\n", "split-squat.hold_target_max_s", id="inf"),
        pytest.param("[general]\nflag_gap_s = -inf\n", "general.flag_gap_s", id="minus-inf"),
        pytest.param(
            "[thomas-test]\npositive_margin_deg = -4.0\n",
            "thomas-test.positive_margin_deg",
            id="negative-angle",
        ),
        pytest.param(
            "[couch-stretch]\nback_arch_on_deg = -14.0\nback_arch_off_deg = -20.0\n",
            "couch-stretch.back_arch_on_deg",
            id="negative-hysteresis-pair",
        ),
        pytest.param(
            "[thomas-test]\nshort_rectus_knee_deg = 400\n", "0 <= value <= 180", id="angle-above-180"
        ),
        pytest.param("[split-squat]\nhold_min_s = 0\n", "split-squat.hold_min_s", id="zero-duration"),
        pytest.param("[couch-stretch]\nsteady_window_s = 1e9\n", "<= 3600 s", id="absurd-duration"),
        pytest.param(
            "[split-squat]\nholds_per_side_min = 0\n", "split-squat.holds_per_side_min", id="zero-count"
        ),
        pytest.param(
            "[couch-stretch]\npress_target_min_s = 9.0\n",
            "couch-stretch.press_target_min_s = 9.0 is above couch-stretch.press_target_max_s = 8.0",
            id="min-above-max-duration",
        ),
        pytest.param(
            "[couch-stretch]\nlock_in_reps_min = 20\n",
            "couch-stretch.lock_in_reps_min = 20 is above couch-stretch.lock_in_reps_max = 15",
            id="min-above-max-count",
        ),
        pytest.param(
            "[general]\nupright_trunk_max_deg = 70.0\n",
            "general.upright_trunk_max_deg = 70.0 is above general.lying_trunk_min_deg = 60.0",
            id="upright-above-lying",
        ),
        pytest.param(
            "[general]\narch_plausible_max_deg = 12.0\n",
            "couch-stretch.back_arch_on_deg = 14.0 is not below general.arch_plausible_max_deg",
            id="arch-cue-that-can-never-fire",
        ),
        pytest.param(
            "[split-squat]\nfront_shin_on_deg = 18.0\n", "split-squat.front_shin_off_deg", id="off-passes-on"
        ),
        pytest.param("general = 3\n", "[general] must be a table", id="not-a-table"),
    ],
)
def test_a_bad_profile_is_refused_in_one_line_that_names_the_key(tmp_path, text, named):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(BadProfile) as error:
        load_profile(path)
    assert named in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[split-squat]\nrear_thigh_min_deg = -50.0\n", id="signed-inclination-negative"),
        pytest.param(
            "[couch-stretch]\nrange_shallow_on_deg = -2.0\nrange_shallow_off_deg = 0.0\n", id="signed-pair"
        ),
        pytest.param("[general]\nflag_gap_s = 0\n", id="zero-gap-means-no-bridging"),
        pytest.param("[couch-stretch]\npresses_target_min = 4\npresses_target_max = 4\n", id="min-equal-max"),
    ],
)
def test_values_inside_their_ranges_are_accepted(tmp_path, text):
    path = tmp_path / "fine.toml"
    path.write_text(text)
    assert load_profile(path) != Profile()  # accepted, and it took effect


def test_every_field_has_a_range_that_holds_its_default():
    import dataclasses

    from formcheck.exercises.profile_ranges import value_range

    for section in (Profile().general, Profile().couch_stretch, Profile().split_squat, Profile().thomas_test):
        for f in dataclasses.fields(section):
            assert value_range(f).contains(getattr(section, f.name)), f.name


def test_a_missing_profile_file_is_a_bad_profile(tmp_path):
    with pytest.raises(BadProfile, match="not found"):
        load_profile(tmp_path / "nope.toml")


def test_an_unknown_exercise_name_lists_the_valid_ones():
    with pytest.raises(UnknownName) as error:
        create_analyzer("couch", profile=Profile(), side=None, fps=30.0)
    for exercise in Exercise:
        assert exercise.value in str(error.value)
