"""The bucket's private prefix as a storage (``config/storage.py``): imported only when
``S3_BUCKET`` is set, so a machine with its files on disk never loads boto3."""

from __future__ import annotations

from typing import Any

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """The families' plans: files without an address, like the disk storage with
    ``base_url=None``; only a view that checked access reads them (``open``)."""

    def url(self, name: str, *args: Any, **kwargs: Any) -> str:
        raise ValueError("This file is not accessible via a URL.")
