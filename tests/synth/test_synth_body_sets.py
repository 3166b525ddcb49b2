"""The body-space sets: disjoint families, moderate sizes, short windows that may start in position,
and a truth that records the family and stays honest about a window's cut holds."""

from __future__ import annotations

from collections import Counter

import pytest

from formcheck.synth.body_sets import CLIPS_PER_EXERCISE, SHOTS, WINDOW_S, body_space_set
from formcheck.synth.clip import ClipSpec, plan_clip
from formcheck.synth.families import BENCH_FAMILIES, FIT_FAMILIES
from formcheck.synth.sets import SETS
from formcheck.types import Exercise, MistakeCode, Side


@pytest.mark.parametrize(("which", "families"), [("fit", FIT_FAMILIES), ("bench", BENCH_FAMILIES)])
def test_each_set_holds_only_its_own_families_with_every_body_space_exercise(which, families):
    specs = body_space_set(which)
    assert {s.family for s in specs} == set(families)
    per = Counter((s.family, s.exercise) for s in specs)
    assert set(per.values()) == {CLIPS_PER_EXERCISE}
    # every exercise the body space has shots for (the bridges are not in it yet), for every family
    assert len(per) == len(families) * len(SHOTS)
    assert len({s.name for s in specs}) == len(specs)
    assert all(WINDOW_S[0] <= s.window_s[1] <= WINDOW_S[1] and s.fps == 10.0 for s in specs)
    assert any(s.window_s[0] > 0 for s in specs) and any(s.window_s[0] == 0 for s in specs)
    assert {abs(s.yaw_deg) for s in specs} == {0.0, 15.0, 30.0}


def test_the_fit_and_bench_sets_share_no_family_and_are_named_sets():
    fit, bench = SETS["bodies-fit"](), SETS["bodies-bench"]()
    assert not {s.family for s in fit} & {s.family for s in bench}


def test_a_clip_that_starts_already_arched_has_no_neutral_moment_and_records_its_family():
    spec = ClipSpec(
        Exercise.COUCH_STRETCH, MistakeCode.BACK_ARCH, Side.LEFT, 0.0, seed=3, fps=5.0, size=(160, 90),
        short=True, family="curvy_woman", window_s=(13.0, 4.0),
    )  # fmt: skip
    truth = plan_clip(spec).truth
    arch = [f["lumbar_arch_deg"] for f in truth["frames"]]
    assert truth["frame_count"] == 20 and truth["frames"][0]["t"] == 0.0
    assert min(arch) >= 15.0  # the couch scenario's bad arch holds from the first press on
    assert truth["mistakes"] == ["back_arch"]
    assert truth["body"]["family"] == "curvy_woman" and truth["window_s"] == [13.0, 4.0]
    assert spec.name.startswith("curvy_woman_couch-stretch_back-arch_left_yaw0_t13")


def test_a_hold_cut_by_the_window_is_not_labelled_a_short_hold():
    spec = ClipSpec(
        Exercise.SPLIT_SQUAT, None, Side.RIGHT, 0.0, seed=5, fps=5.0, size=(90, 160), short=True,
        family="older_woman", window_s=(8.0, 5.0),
    )  # fmt: skip
    truth = plan_clip(spec).truth
    assert truth["holds"] and all(h["cut"] for h in truth["holds"])
    assert truth["holds"][0]["start_s"] == 0.0 and truth["holds"][0]["end_s"] == pytest.approx(5.0)
    assert truth["mistakes"] == []
