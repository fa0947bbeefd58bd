"""Date and time formats for the language ``fr``: the same in every language."""

from config.formats.common import *  # noqa: F403
