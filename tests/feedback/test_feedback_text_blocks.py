"""Texts blended as one cached block must give exactly the pixels of drawing them one by one."""

from __future__ import annotations

import numpy as np

from formcheck.feedback import style
from formcheck.feedback.gauges import BAND_ALPHA, BAR_COLOUR, _shaded_colour


def busy_background(seed: int = 3) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (240, 320, 3), dtype=np.uint8)


PANEL_LINES = (
    style.TextItem("Hold 2 of 2-3", (10, 30), 0.7, style.WHITE, 1),
    style.TextItem("Rest 12 s", (10, 60), 0.6, style.NEUTRAL, 1),
    style.TextItem("Ribs down - tuck your tailbone", (10, 95), 0.55, style.BAD, 1, outline=False),
)


def one_by_one(image: np.ndarray, items: tuple[style.TextItem, ...]) -> np.ndarray:
    for item in items:
        style.put_text(
            image, item.text, item.origin, item.font_scale, item.colour, item.thickness, item.outline
        )
    return image


def test_separate_lines_blended_as_one_block_match_drawing_them_one_by_one():
    assert style._text_block(PANEL_LINES) is not None  # the merged path, not the fallback
    expected = one_by_one(busy_background(), PANEL_LINES)
    merged = busy_background()
    style.put_texts(merged, PANEL_LINES)
    assert np.array_equal(merged, expected)
    assert not np.array_equal(merged, busy_background())  # something was drawn


def test_overlapping_texts_are_drawn_in_order_instead_of_merged():
    crossing = (
        style.TextItem("AAAA", (20, 40), 1.0, style.WHITE, 2),
        style.TextItem("BBBB", (30, 45), 1.0, style.BAD, 2),  # inked pixels overlap the first text
    )
    assert style._text_block(crossing) is None
    expected = one_by_one(busy_background(), crossing)
    merged = busy_background()
    style.put_texts(merged, crossing)
    assert np.array_equal(merged, expected)


def test_a_block_partly_outside_the_frame_is_clipped_like_single_texts():
    items = (
        style.TextItem("left edge", (-25, 20), 0.6, style.WHITE, 1),
        style.TextItem("bottom edge", (250, 245), 0.6, style.GOOD, 1),
    )
    expected = one_by_one(busy_background(), items)
    merged = busy_background()
    style.put_texts(merged, items)
    assert np.array_equal(merged, expected)


def test_the_gauge_band_colour_is_what_shading_the_bar_would_give():
    bar = np.full((6, 9, 3), BAR_COLOUR, np.uint8)
    style.shade_rect(bar, (0, 0), (9, 6), style.GOOD, BAND_ALPHA)
    assert (bar == np.array(_shaded_colour(BAR_COLOUR, style.GOOD, BAND_ALPHA), np.uint8)).all()


def test_fill_rect_clips_to_the_frame_like_shade_rect():
    image = np.zeros((10, 10, 3), np.uint8)
    style.fill_rect(image, (-5, 7), (3, 20), (1, 2, 3))
    assert (image[7:, :3] == (1, 2, 3)).all()
    assert image[:7].sum() == 0 and image[:, 3:].sum() == 0
