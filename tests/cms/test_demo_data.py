"""cms's demo data files: every language reads and has the same pages and blocks, a broken file
names itself, and seeding twice changes nothing."""

from __future__ import annotations

import json

import pytest
import yaml
from wagtail.models import Page, Revision

from cms.demo import seed_front_door, seed_pages
from cms.demo.texts import DATA_DIR, LANGUAGES, DemoDataError, read, texts

REFS = {
    key: n
    for n, key in enumerate(
        ["what_is", "origin", "regions", "news", "privacy", "accessibility", "registration"],
        start=10,
    )
}


def _shape(language: str) -> dict:
    """Per page: its block types and where its calls to action link to."""
    t = texts(language)
    keys = ["home", *t.bodies]
    return {
        key: [
            (
                block["type"],
                block["value"].get("page") if block["type"] == "call_to_action" else None,
            )
            for block in json.loads(t.body(key, REFS))
        ]
        for key in keys
    }


def test_every_language_reads_and_has_the_same_pages_news_and_blocks():
    source = texts("nl")
    for code in LANGUAGES:
        language = texts(code)
        assert set(language.pages) == set(source.pages), code
        assert list(language.news) == list(source.news), code
        assert set(language.bodies) == set(source.bodies), code
        assert _shape(code) == _shape("nl"), code
        assert "{title}" in language.region_intro


def test_a_call_to_action_falls_back_or_is_left_out_while_its_page_is_missing():
    nl = texts("nl")
    without = {key: n for key, n in REFS.items() if key != "registration"}

    home = json.loads(nl.body("home", without))
    region = json.loads(nl.body("region:antwerpen", REFS))  # no volunteer page yet

    assert home[1]["value"]["page"] == REFS["regions"]
    assert [block["type"] for block in region] == ["paragraph"]


def test_a_file_that_is_not_yaml_gives_an_error_naming_the_file(tmp_path):
    path = tmp_path / "fr.yaml"
    path.write_text("home: {title: [\n", encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"fr\.yaml: not valid YAML"):
        read(path)


def test_a_block_without_its_text_gives_an_error_naming_the_file_and_the_block(tmp_path):
    data = yaml.safe_load((DATA_DIR / "en.yaml").read_text(encoding="utf-8"))
    del data["bodies"]["origin"][1]["html"]
    path = tmp_path / "en.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"en\.yaml: body 'origin', block 2 lacks 'html'"):
        read(path).body("origin", REFS)


def test_a_file_without_its_pages_gives_an_error_naming_the_file(tmp_path):
    path = tmp_path / "nl.yaml"
    path.write_text("home: {title: Kring, intro: ''}\n", encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"nl\.yaml: lacks or misshapes 'pages'"):
        read(path)


@pytest.mark.django_db
def test_seeding_twice_changes_nothing():
    seed_pages()
    seed_front_door()
    before = (
        sorted(Page.objects.values_list("locale__language_code", "url_path", "title")),
        Revision.objects.count(),
    )

    seed_pages()
    seed_front_door()

    after = (
        sorted(Page.objects.values_list("locale__language_code", "url_path", "title")),
        Revision.objects.count(),
    )
    assert after == before
    # the root; in each language the home page, 6 pages, 6 regions and 3 news items
    assert len(before[0]) == 1 + 3 * (1 + 6 + 6 + 3)
