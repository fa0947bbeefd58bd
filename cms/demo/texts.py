"""The demo pages' texts, one YAML file per language (``data/<language>.yaml``), and the
StreamField data built from them (``stream``: block ids derived from the content, so a second
run writes the same data).

A body is a list of blocks: ``type`` and the block's fields. A call to action names the page it
links to by its key (``what_is``, ``regions``, ``registration``, ...); ``optional: true`` leaves
it out while that page does not exist, ``otherwise`` links elsewhere instead.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from cms.demo import stream as blocks

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("nl", "fr", "en")
SOURCE = "nl"


class DemoDataError(ValueError):
    """A demo data file is missing, is not valid YAML, or lacks what the loader needs."""


@dataclass(frozen=True)
class Texts:
    """The demo pages of one language, read from ``path``."""

    path: Path
    home: dict  # title, intro
    pages: dict[str, dict]  # the home page's children by key: title, slug, intro
    news: dict[str, dict]  # by key, in order: title, slug, intro (and date, in the source)
    region_titles: dict[str, str]  # by region code; missing: the region's own name
    region_intro: str  # with {title}
    bodies: dict[str, list]  # by page key ("region" for every region page, "news:<key>")
    front_door_slugs: dict[str, str]

    def intro_of_region(self, title: str) -> str:
        return self.region_intro.replace("{title}", title)

    def body(self, key: str, refs: dict[str, int]) -> str:
        """The StreamField value (JSON) of the page ``key``, linking to the pages in ``refs``."""
        if key.startswith("region:"):
            key = "region"
        try:
            specs = self.bodies[key]
        except KeyError:
            raise DemoDataError(f"{self.path}: no body for {key!r}") from None
        built = [
            block
            for n, spec in enumerate(specs, start=1)
            if (block := self._block(spec, refs, f"body {key!r}, block {n}")) is not None
        ]
        return blocks.stream(*built)

    def _block(self, spec: dict, refs: dict[str, int], where: str) -> tuple[str, object] | None:
        try:
            kind = spec["type"]
            if kind == "heading":
                return blocks.heading(spec["text"], spec.get("level", "h2"))
            if kind == "paragraph":
                return blocks.paragraph(spec["html"])
            if kind == "quote":
                return blocks.quote(spec["quote"], spec.get("attribution", ""))
            if kind == "faq":
                items = [(item["question"], item["answer"]) for item in spec["items"]]
                return blocks.faq(spec["heading"], items)
            if kind == "route":
                steps = [(step["title"], step["text"]) for step in spec["steps"]]
                return blocks.route(spec["heading"], steps)
            if kind == "facts":
                figures = [(fact["figure"], fact["label"]) for fact in spec["facts"]]
                return blocks.facts(spec["heading"], figures)
            if kind == "call_to_action":
                link = spec
                if spec["page"] not in refs:
                    if spec.get("optional"):
                        return None
                    link = spec.get("otherwise") or spec
                if link["page"] not in refs:
                    raise DemoDataError(f"{self.path}: {where} links to {link['page']!r}, unknown")
                return blocks.call_to_action(spec["text"], refs[link["page"]], link["button_label"])
        except (KeyError, TypeError) as error:
            raise DemoDataError(f"{self.path}: {where} lacks {error}") from error
        raise DemoDataError(f"{self.path}: {where} has an unknown type {kind!r}")


def read(path: Path) -> Texts:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DemoDataError(f"{path}: cannot be read ({error.strerror or error})") from error
    except yaml.YAMLError as error:
        raise DemoDataError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise DemoDataError(f"{path}: should be a mapping")
    try:
        return Texts(
            path=path,
            home=dict(data["home"]),
            pages={key: dict(page) for key, page in data["pages"].items()},
            news={
                str(item["key"]): {k: v for k, v in item.items() if k != "key"}
                for item in data["news"]
            },
            region_titles=dict(data.get("region_titles") or {}),
            region_intro=data["region_intro"],
            bodies=dict(data["bodies"]),
            front_door_slugs=dict(data.get("front_door_slugs") or {}),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise DemoDataError(f"{path}: lacks or misshapes {error}") from error


@functools.cache
def texts(language: str) -> Texts:
    """The demo pages' texts in ``language``, read once."""
    return read(DATA_DIR / f"{language}.yaml")
