"""The StreamField blocks that every page body is built from.

Domain apps build their pages' bodies from the same list: ``StreamField(BODY_BLOCKS)``. Each
block renders with its own template in ``site/templates/cms/blocks/``.

Nothing here fetches from elsewhere at run time: the video block plays a file from Wagtail's
documents and shows an external address as a plain link, never an oEmbed player.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich text keeps to what reads well on a phone and stays accessible: no h1 (the page title is
# the only h1), no h4+ (the heading block gives h2 and h3), no embeds.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]
SHORT_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section heading (h2)")), ("h3", _("Sub-heading (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading_block.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "cms/blocks/paragraph_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_(
            "What the image shows, for people who cannot see it. Say what matters here, "
            "not 'image of'."
        ),
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("who said it"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("text"), required=False)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(
        label=_("or an address"), required=False, help_text=_("Only when no page is chosen.")
    )
    button_label = blocks.CharBlock(label=_("button label"), max_length=80)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or give an address (one of the two).")
            raise StructBlockValidationError(block_errors={"page": ValidationError(message)})
        return value

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "cms/blocks/call_to_action_block.html"


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("answer"), features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")


class FaqBlock(blocks.StructBlock):
    """Questions that open one by one: native ``<details>``, works without JavaScript."""

    heading = blocks.CharBlock(label=_("heading"), max_length=200, required=False)
    items = blocks.ListBlock(FaqItemBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Frequently asked questions")
        template = "cms/blocks/faq_block.html"


class VideoBlock(blocks.StructBlock):
    """A video served from the site itself, with a transcript; an outside address is a link."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    video = DocumentChooserBlock(
        label=_("video file"),
        required=False,
        help_text=_("An MP4 or WebM file uploaded to the documents."),
    )
    captions = DocumentChooserBlock(
        label=_("captions"),
        required=False,
        help_text=_("Subtitles as a WebVTT (.vtt) file, in the language of the page."),
    )
    transcript = blocks.RichTextBlock(
        label=_("transcript"),
        features=SHORT_RICH_TEXT_FEATURES,
        required=False,
        help_text=_("Everything that is said and shown, for people who cannot watch or hear it."),
    )
    external_url = blocks.URLBlock(
        label=_("or a link to the video elsewhere"),
        required=False,
        help_text=_("Shown as a plain link: nothing is loaded from the other site."),
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("video") and not value.get("external_url"):
            message = _("Choose a video file or give a link to the video.")
            raise StructBlockValidationError(block_errors={"video": ValidationError(message)})
        if value.get("video") and not value.get("transcript") and not value.get("captions"):
            message = _("A video on the site needs captions or a transcript.")
            raise StructBlockValidationError(block_errors={"transcript": ValidationError(message)})
        return value

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video_block.html"


class RouteStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "arrow-right"
        label = _("Step")


class RouteBlock(blocks.StructBlock):
    """The steps of a traject as a numbered timeline (an ordered list)."""

    heading = blocks.CharBlock(label=_("heading"), max_length=200, required=False)
    steps = blocks.ListBlock(RouteStepBlock(), label=_("steps"), min_num=2)

    class Meta:
        icon = "list-ol"
        label = _("Route")
        template = "cms/blocks/route_block.html"


class FactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("figure"), max_length=20, help_text=_("E.g. 900"))
    label = blocks.CharBlock(label=_("label"), max_length=120, help_text=_("E.g. trajects"))

    class Meta:
        icon = "pick"
        label = _("Figure")


class FactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200, required=False)
    facts = blocks.ListBlock(FactBlock(), label=_("figures"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Facts and figures")
        template = "cms/blocks/facts_block.html"


BODY_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", ParagraphBlock()),
    ("image", ImageBlock()),
    ("quote", QuoteBlock()),
    ("call_to_action", CallToActionBlock()),
    ("faq", FaqBlock()),
    ("video", VideoBlock()),
    ("route", RouteBlock()),
    ("facts", FactsBlock()),
]
