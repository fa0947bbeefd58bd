"""The migration that turned the home page's rich text body into a StreamField keeps the text
both ways."""

from __future__ import annotations

import importlib

migration = importlib.import_module("cms.migrations.0002_home_body_blocks_and_page_types")


def test_rich_text_becomes_one_paragraph_block_and_back():
    html = "<p>Maak zelf samen een plan, het kan!</p>"

    stream = migration._stream(html)

    assert [block["type"] for block in stream] == ["paragraph"]
    assert stream[0]["value"] == html
    assert migration._html(stream) == html


def test_an_empty_body_becomes_an_empty_stream():
    assert migration._stream("") == []
    assert migration._html([]) == ""
