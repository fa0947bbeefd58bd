"""Wagtail documents are checked by their content, not their name (``WAGTAILDOCS_DOCUMENT_FORM_BASE``).

Wagtail itself checks only the extension (``WAGTAILDOCS_EXTENSIONS``) and the size
(``WAGTAILDOCS_MAX_UPLOAD_SIZE``). ``DocumentForm`` also reads the first bytes and refuses a file
whose content is not what its extension says: a web page or a program renamed ``.pdf``, a macro
document renamed ``.docx``, a binary renamed ``.txt``. Every upload in the admin goes through it
(the add and edit pages, the multiple upload, the chooser's upload tab).

Documents are served only by Wagtail's view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), which
checks a collection's privacy first; never from a media address (see docs/deployment.md).
"""

from __future__ import annotations

import os
import zipfile
from typing import IO

from django import forms
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

HEAD_BYTES = 8192
# Entries read from a zip are small; a larger one is not what a document's header looks like.
ZIP_ENTRY_LIMIT = 256 * 1024
ZIP_MAGIC = b"PK\x03\x04"

# Office Open XML: the part that must exist and the main content type it declares (macro-enabled
# and template variants declare other types and are refused).
OOXML = {
    "docx": (
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
ODF_MIMETYPES = {"odt": b"application/vnd.oasis.opendocument.text"}
TEXT_EXTENSIONS = {"txt", "csv", "vtt"}
# The first bytes of a web page or a script: never in a text document offered for download.
MARKUP_STARTS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")


def _head(file: IO[bytes]) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


def zip_entry(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """The entry ``name`` of ``archive``, or None when it is missing or larger than
    ``ZIP_ENTRY_LIMIT`` (also for the plans' check, trajects.workspace.files)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > ZIP_ENTRY_LIMIT:
        return None
    with archive.open(info) as entry:
        return entry.read(ZIP_ENTRY_LIMIT)


def _zip_matches(file: IO[bytes], extension: str) -> bool:
    """A readable zip; for an office extension, one that holds that kind of document."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            if extension in ODF_MIMETYPES:
                mimetype = zip_entry(archive, "mimetype")
                return mimetype is not None and mimetype.strip() == ODF_MIMETYPES[extension]
            if extension in OOXML:
                part, main = OOXML[extension]
                content_types = zip_entry(archive, "[Content_Types].xml")
                return (
                    content_types is not None
                    and main in content_types
                    and zip_entry(archive, part) is not None
                )
            return bool(archive.namelist())  # zip, key: a readable archive with something in it
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
        return False
    finally:
        file.seek(0)


def _is_text(head: bytes) -> bool:
    """Plain text in UTF-8 (a character cut off at the end of ``head`` aside), and no markup."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return False
    return not head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP_STARTS)


def content_matches(file: IO[bytes], extension: str) -> bool:
    """Whether the content of ``file`` is what ``extension`` (lower case, no dot) says."""
    head = _head(file)
    if not head:
        return False
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    if extension == "webm":
        return head.startswith(b"\x1a\x45\xdf\xa3")
    if extension in TEXT_EXTENSIONS:
        if extension == "vtt" and not head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
            return False
        return _is_text(head)
    if head.startswith(ZIP_MAGIC):  # docx, xlsx, pptx, odt, key (a Keynote bundle), zip
        return _zip_matches(file, extension)
    return False


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing a file whose content does not match its extension."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or "file" not in self.changed_data:
            return upload
        extension = os.path.splitext(upload.name)[1][1:].lower()
        file = getattr(upload, "file", None)
        if file is None or not content_matches(file, extension):
            raise forms.ValidationError(
                _(
                    "The file’s content is not a .%(extension)s file. Upload the document in "
                    "the format its name says, or save it again in that format."
                )
                % {"extension": extension or "?"},
                code="document_content",
            )
        return upload
