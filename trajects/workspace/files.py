"""What a plan's document may be: PDF, DOCX or ODT, recognised by its content (never by its name
or the type the browser sends), at most ``MAX_DOCUMENT_BYTES``.

``puremagic`` reads the first bytes. It tells a PDF apart, but DOCX and ODT are zip archives and
every zip starts alike, so a zip is opened to see what is inside: a DOCX has
``word/document.xml`` and declares a Word document (not a template or a macro document) in
``[Content_Types].xml``; an ODT names its type in the ``mimetype`` entry. Anything else is
refused with a sentence for the person who uploaded it; nothing is stored here.
"""

from __future__ import annotations

import zipfile
from typing import IO

import puremagic
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cms.documents import zip_entry

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}

HEAD_BYTES = 8192
# A PDF ends with %%EOF within its last kilobyte (what PDF readers look for).
PDF_TAIL_BYTES = 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _refuse() -> ValidationError:
    return ValidationError(
        _("Upload the plan as a PDF, Word (.docx) or OpenDocument (.odt) file."),
        code="document_type",
    )


def _head_and_tail(file: IO[bytes]) -> tuple[bytes, bytes]:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - PDF_TAIL_BYTES))
    tail = file.read(PDF_TAIL_BYTES)
    file.seek(0)
    return head, tail


def _zip_document_type(file: IO[bytes]) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            mimetype = zip_entry(archive, "mimetype")
            if mimetype is not None and mimetype.strip() == ODT_MIMETYPE:
                return "odt"
            content_types = zip_entry(archive, "[Content_Types].xml")
            if (
                content_types is not None
                and zip_entry(archive, "word/document.xml") is not None
                and DOCX_MAIN.encode() in content_types
            ):
                return "docx"
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        # Broken, encrypted or compressed in a way we cannot read: not a document we take.
        return None
    finally:
        file.seek(0)
    return None


def document_type(upload: UploadedFile) -> str:
    """ "pdf", "docx" or "odt" for an acceptable plan document; raises ``ValidationError`` with
    a sentence otherwise (too large, empty, or another kind of file)."""
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s: upload a file of at most %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_DOCUMENT_BYTES),
            },
            code="document_size",
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="document_empty")
    file = upload.file
    if file is None:
        raise _refuse()
    head, tail = _head_and_tail(file)
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        raise _refuse() from None
    kinds = {match.extension for match in matches if match.offset == 0}
    if ".pdf" in kinds and head.startswith(b"%PDF-") and b"%%EOF" in tail:
        return "pdf"
    if ".zip" in kinds:
        kind = _zip_document_type(file)
        if kind is not None:
            return kind
    raise _refuse()
