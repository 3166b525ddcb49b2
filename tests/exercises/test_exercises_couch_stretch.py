"""Couch-stretch helpers checked by hand."""

from __future__ import annotations

import pytest

from formcheck.exercises.couch_stretch import lower_quartile


def test_the_thigh_level_is_the_lower_quartile_with_linear_interpolation():
    # position 0.25 * (n - 1) in the sorted values, interpolated: by hand
    assert lower_quartile([5.0, 1.0, 3.0, 2.0, 4.0]) == pytest.approx(2.0)  # index 1
    assert lower_quartile([4.0, 1.0, 3.0, 2.0]) == pytest.approx(1.75)  # index 0.75
    assert lower_quartile([7.0]) == pytest.approx(7.0)
