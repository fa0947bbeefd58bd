"""Helpers that write StreamField data for the demo pages, in the raw form Wagtail stores.

Block ids are derived from the content, so that a second run writes the same data.
"""

from __future__ import annotations

import json
import uuid

_NAMESPACE = uuid.UUID("5b0f1c9e-6a43-4d7e-9a55-1f0a8f0d2c11")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(part) for part in parts)))


def _items(values: list[dict]) -> list[dict]:
    return [{"type": "item", "value": value, "id": _id("item", value)} for value in values]


def heading(text: str, level: str = "h2") -> tuple[str, dict]:
    return "heading", {"text": text, "level": level}


def h3(text: str) -> tuple[str, dict]:
    return heading(text, "h3")


def paragraph(html: str) -> tuple[str, str]:
    return "paragraph", html


def quote(text: str, attribution: str = "") -> tuple[str, dict]:
    return "quote", {"quote": text, "attribution": attribution}


def call_to_action(text: str, page_id: int, button_label: str) -> tuple[str, dict]:
    return "call_to_action", {
        "text": text,
        "page": page_id,
        "url": "",
        "button_label": button_label,
    }


def faq(heading_text: str, items: list[tuple[str, str]]) -> tuple[str, dict]:
    return "faq", {
        "heading": heading_text,
        "items": _items([{"question": q, "answer": a} for q, a in items]),
    }


def route(heading_text: str, steps: list[tuple[str, str]]) -> tuple[str, dict]:
    return "route", {
        "heading": heading_text,
        "steps": _items([{"title": title, "text": text} for title, text in steps]),
    }


def facts(heading_text: str, figures: list[tuple[str, str]]) -> tuple[str, dict]:
    return "facts", {
        "heading": heading_text,
        "facts": _items([{"figure": figure, "label": label} for figure, label in figures]),
    }


def stream(*blocks: tuple[str, object]) -> str:
    """A StreamField value as JSON: assign it to a page's StreamField."""
    return json.dumps(
        [
            {"type": block_type, "value": value, "id": _id(index, block_type, value)}
            for index, (block_type, value) in enumerate(blocks)
        ],
        ensure_ascii=False,
    )
