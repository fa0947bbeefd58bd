"""Date and time formats for the language ``nl``: the same in every language."""

from config.formats.common import *  # noqa: F403
