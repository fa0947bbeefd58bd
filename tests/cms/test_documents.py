"""Wagtail documents: checked by content and size on upload (cms.documents), and served only by
Wagtail's view, which checks a private collection's restriction; never from a media address."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.models import Collection, CollectionViewRestriction

from cms.documents import content_matches

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SECRET = b"%PDF-1.7\n(canary-private-minutes)\n%%EOF\n"


def docx_bytes(main: str = "wordprocessingml.document.main+xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.{main}"/>'
            "</Types>",
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def document_form(name: str, content: bytes, user):
    form_class = get_document_form(get_document_model())
    return form_class(
        {"title": "Folder", "collection": Collection.get_first_root_node().pk},
        {"file": SimpleUploadedFile(name, content)},
        user=user,
    )


# --- Content and size -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("folder.pdf", PDF),
        ("plan.docx", docx_bytes()),
        ("list.csv", "naam;gemeente\nAnaïs;Liège\n".encode()),
        ("captions.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n"),
        ("film.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32),
    ],
)
def test_a_document_whose_content_matches_its_name_is_accepted(editor, name, content):
    form = document_form(name, content, editor)

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("folder.pdf", b"<html><script>alert(1)</script></html>"),
        ("folder.pdf", b"MZ\x90\x00 a program"),
        ("plan.docx", docx_bytes("wordprocessingml.document.macroEnabled.main+xml")),
        ("plan.docx", PDF),
        ("notes.txt", b"<!DOCTYPE html><html><body>hi</body></html>"),
        ("notes.txt", b"\x00\x01\x02binary"),
        ("captions.vtt", b"not captions"),
        ("film.mp4", PDF),
    ],
)
def test_a_document_whose_content_is_not_what_its_name_says_is_refused(editor, name, content):
    form = document_form(name, content, editor)

    assert not form.is_valid()
    assert form.errors.as_data()["file"][0].code == "document_content"


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_a_document_over_the_size_limit_is_refused(editor):
    form = document_form("folder.pdf", PDF + b"0" * 2048, editor)

    assert not form.is_valid()
    assert form.errors.as_data()["file"][0].code == "file_too_large"


def test_the_admins_upload_page_refuses_a_disguised_file_with_a_message(client, login, editor):
    login(client, editor)

    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Folder",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("folder.pdf", b"<html>not a pdf</html>"),
        },
    )

    assert response.status_code == 200
    # The admin speaks the editor's language (Dutch here): the message next to the field.
    errors = response.context["form"].errors.as_data()["file"]
    assert "document_content" in [error.code for error in errors]
    assert "geen .pdf-bestand" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_the_content_check_reads_only_the_start_and_leaves_the_file_at_its_start():
    file = io.BytesIO(PDF)
    assert content_matches(file, "pdf")
    assert file.tell() == 0


# --- Serving ----------------------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads on disk, as in production (the test settings keep them in memory)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


@pytest.fixture
def private_document(media_root):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Intern")
    document = get_document_model().objects.create(
        title="Verslag", collection=private, file=SimpleUploadedFile("verslag.pdf", SECRET)
    )
    return private, document


@pytest.mark.parametrize(
    "restriction_type", [CollectionViewRestriction.LOGIN, CollectionViewRestriction.PASSWORD]
)
def test_a_document_in_a_private_collection_is_not_served_to_an_anonymous_visitor(
    client, private_document, restriction_type
):
    collection, document = private_document
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=restriction_type, password="geheim-wachtwoord"
    )

    response = client.get(document.url)

    assert document.url.startswith("/documents/")
    assert b"canary-private-minutes" not in b"".join(
        getattr(response, "streaming_content", [response.content])
    )
    assert response.status_code in (200, 302)  # the password form, or the way to log in


def test_a_document_in_a_private_collection_is_served_once_the_restriction_passes(
    client, login, editor, private_document
):
    collection, document = private_document
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    login(client, editor)

    response = client.get(document.url)

    assert response.status_code == 200
    assert b"canary-private-minutes" in b"".join(response.streaming_content)


def test_documents_link_to_wagtails_view_never_to_a_media_address(private_document):
    _collection, document = private_document

    assert document.url == f"/documents/{document.pk}/{document.filename}"


def test_in_debug_the_media_folder_serves_images_but_not_documents(
    client, settings, media_root, private_document
):
    """``make run`` serves MEDIA_ROOT itself; a document's file there would skip the check."""
    _collection, document = private_document
    assert (media_root / document.file.name).read_bytes() == SECRET
    (media_root / "images").mkdir()
    (media_root / "images" / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    settings.DEBUG = True
    spec = importlib.util.spec_from_file_location("debug_urls", "config/urls.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules["debug_urls"] = module
    settings.ROOT_URLCONF = "debug_urls"
    try:
        image = client.get("/media/images/foto.png")
        by_media = client.get(f"/media/{document.file.name}")
    finally:
        del sys.modules["debug_urls"]

    assert image.status_code == 200
    assert by_media.status_code == 404
    assert b"canary-private-minutes" not in by_media.content
