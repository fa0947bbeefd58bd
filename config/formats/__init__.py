"""The project's own date and time formats per language (``FORMAT_MODULE_PATH``).

One long format for the three languages (``4 december 2026``, ``4 décembre 2026``,
``4 December 2026``) and one numeric format (``04/12/2026``), instead of Django's defaults
(``4-12-2026`` in Dutch, ``Dec. 4, 2026`` and ``12/04/2026`` in American English).
"""
