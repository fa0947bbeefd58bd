"""The shared blocks: what they accept and how they render (without JavaScript, without
anything fetched from elsewhere)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlock
from wagtail.documents.models import Document
from wagtail.rich_text import RichText

from cms.blocks import (
    BODY_BLOCKS,
    CallToActionBlock,
    FactsBlock,
    FaqBlock,
    HeadingBlock,
    QuoteBlock,
    RouteBlock,
    VideoBlock,
)


def test_body_blocks_offer_every_shared_block():
    assert [name for name, _block in BODY_BLOCKS] == [
        "heading",
        "paragraph",
        "image",
        "quote",
        "call_to_action",
        "faq",
        "video",
        "route",
        "facts",
    ]
    StreamBlock(BODY_BLOCKS)  # a domain app builds its StreamField from the same list


@pytest.mark.parametrize("level", ["h2", "h3"])
def test_heading_renders_at_its_level(level):
    block = HeadingBlock()
    html = block.render(block.to_python({"text": "De route", "level": level}))

    assert f"<{level} " in html and "De route" in html


def test_call_to_action_needs_a_page_or_an_address():
    block = CallToActionBlock()

    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "", "page": None, "url": "", "button_label": "Ga"}))

    value = block.clean(
        block.to_python({"page": None, "url": "https://example.org/", "button_label": "Ga"})
    )
    assert 'href="https://example.org/"' in block.render(value)


@pytest.mark.django_db
def test_call_to_action_cannot_have_both():
    from wagtail.models import Page

    block = CallToActionBlock()
    root = Page.get_first_root_node()
    raw = {"page": root.pk, "url": "https://example.org/", "button_label": "Ga"}

    with pytest.raises(ValidationError):
        block.clean(block.to_python(raw))


def test_faq_uses_native_details_and_summary():
    block = FaqBlock()
    value = block.to_python(
        {
            "heading": "Veelgestelde vragen",
            "items": [{"question": "Wat kost het?", "answer": "<p>Niets.</p>"}],
        }
    )

    html = block.render(value)

    assert "<details" in html and "<summary>Wat kost het?</summary>" in html
    assert "<p>Niets.</p>" in html


def test_route_is_an_ordered_list_of_its_steps():
    block = RouteBlock()
    value = block.to_python(
        {
            "heading": "De route",
            "steps": [
                {"title": "Aanmelding", "text": "<p>a</p>"},
                {"title": "Match", "text": "<p>b</p>"},
                {"title": "Voorbereiding", "text": "<p>c</p>"},
            ],
        }
    )

    html = block.render(value)

    assert "<ol" in html and html.count("<li") == 3
    assert html.index("Aanmelding") < html.index("Match") < html.index("Voorbereiding")
    assert "<h3" in html  # step titles sit below the block's own h2


def test_route_without_a_heading_has_no_step_headings():
    block = RouteBlock()
    value = block.to_python(
        {"heading": "", "steps": [{"title": "A", "text": "<p>a</p>"}, {"title": "B", "text": ""}]}
    )

    assert "<h3" not in block.render(value)


def test_facts_show_figure_and_label_together():
    block = FactsBlock()
    html = block.render(block.to_python({"facts": [{"figure": "900", "label": "trajecten"}]}))

    assert "900" in html and "trajecten" in html


def test_quote_names_who_said_it():
    block = QuoteBlock()
    html = block.render(
        block.to_python({"quote": "Laat ons een plan maken.", "attribution": "Maori"})
    )

    assert "<blockquote>" in html and "<figcaption>Maori</figcaption>" in html


@pytest.mark.django_db
def test_video_from_the_documents_plays_with_captions_and_a_transcript():
    from django.core.files.base import ContentFile

    video = Document.objects.create(title="Film", file=ContentFile(b"\x00", name="film.mp4"))
    captions = Document.objects.create(title="Tekst", file=ContentFile(b"WEBVTT", name="film.vtt"))
    block = VideoBlock()
    value = block.clean(
        block.to_python(
            {
                "title": "Een conferentie",
                "video": video.pk,
                "captions": captions.pk,
                "transcript": "<p>Wat er gezegd wordt.</p>",
                "external_url": "",
            }
        )
    )

    html = block.render(value)

    assert "<video controls" in html and video.url in html
    assert '<track kind="captions"' in html and captions.url in html
    assert "<details" in html and "Wat er gezegd wordt." in html
    assert "<iframe" not in html


def test_video_elsewhere_is_a_plain_link_and_nothing_is_embedded():
    block = VideoBlock()
    value = block.clean(
        block.to_python(
            {"title": "Op YouTube", "external_url": "https://www.youtube.com/watch?v=x"}
        )
    )

    html = block.render(value)

    assert 'href="https://www.youtube.com/watch?v=x"' in html
    assert "<iframe" not in html and "<video" not in html


def test_video_needs_a_file_or_a_link():
    block = VideoBlock()

    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "Niets"}))


@pytest.mark.django_db
def test_video_on_the_site_needs_captions_or_a_transcript():
    from django.core.files.base import ContentFile

    video = Document.objects.create(title="Film", file=ContentFile(b"\x00", name="film.mp4"))
    block = VideoBlock()

    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "Film", "video": video.pk}))


def test_rich_text_in_blocks_renders_as_html():
    block = FaqBlock()
    value = block.to_python({"items": [{"question": "Q", "answer": "<p><b>vet</b></p>"}]})

    assert isinstance(value["items"][0]["answer"], RichText)
    assert "<b>vet</b>" in block.render(value)


@pytest.mark.django_db
def test_image_renders_responsive_with_its_alternative_text_and_caption(image):
    from cms.blocks import ImageBlock

    block = ImageBlock()
    value = block.to_python(
        {"image": image.pk, "alt_text": "Een kring van stoelen", "caption": "De bijeenkomst"}
    )

    html = block.render(value)

    assert 'alt="Een kring van stoelen"' in html
    assert "srcset=" in html
    assert "<figcaption>De bijeenkomst</figcaption>" in html


@pytest.mark.django_db
def test_call_to_action_to_a_deleted_page_shows_no_button():
    block = CallToActionBlock()
    value = block.to_python({"text": "Lees meer", "page": 999999, "button_label": "Ga"})

    html = block.render(value)

    assert "Lees meer" in html and "<a" not in html
