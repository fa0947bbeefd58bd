"""Uploads in an S3-compatible bucket (config/storage.py; docs/deployment.md, "Files on
S3-compatible storage"): with S3_BUCKET empty the storages are the disk ones of today; with it
set, original images and documents go to the private ``media/`` prefix, the families' plans to
the private ``private/`` prefix (without any address), and only the image renditions the pages
show to the ``public/`` prefix, with plain addresses that never expire. Plans are streamed by the
workspace's view after its access check, Wagtail's documents by Wagtail's view after a private
collection's check.

The bucket is moto's in-process S3 (``mock_aws``): nothing leaves the test process."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from types import SimpleNamespace
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import (
    FileSystemStorage,
    StorageHandler,
    default_storage,
    storages,
)
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from moto import mock_aws
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3File
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import Rendition
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from config import backups
from config import storage as kring_storage
from config.env import Env
from config.storage_backends import PrivateS3Storage
from people.factories import postcode
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.models import Phase, Plan, Traject
from trajects.workspace import services as workspace

BUCKET = "kring-test"
S3_ENV = {
    "S3_BUCKET": BUCKET,
    "S3_REGION": "eu-west-1",
    "S3_ACCESS_KEY_ID": "testing",
    "S3_SECRET_ACCESS_KEY": "testing",  # moto accepts any key
}
PUBLIC_BASE = f"https://{BUCKET}.s3.eu-west-1.amazonaws.com/public/"
WHITENOISE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def storages_for(values: dict[str, str], root: Path = Path("/srv/private")) -> dict:
    return kring_storage.storages_from_env(
        Env(values), private_media_root=root, staticfiles_backend=WHITENOISE
    )


# --- Settings from the environment ---------------------------------------------------------------


def test_without_a_bucket_the_uploads_stay_on_disk_as_today(tmp_path):
    built = storages_for({"S3_BUCKET": ""}, tmp_path)

    assert set(built) == {"default", "private", "staticfiles"}
    handler = StorageHandler(built)
    assert type(handler["default"]) is FileSystemStorage
    assert type(handler["private"]) is FileSystemStorage
    assert handler["private"].location == str(tmp_path)
    assert built["staticfiles"] == {"BACKEND": WHITENOISE}
    assert kring_storage.s3_config_from_env(Env({})) is None


def test_without_a_bucket_wagtail_keeps_its_renditions_in_the_default_storage(monkeypatch):
    monkeypatch.setattr(kring_storage, "settings", SimpleNamespace(STORAGES=storages_for({})))

    assert kring_storage.rendition_storage() is default_storage


def test_with_a_bucket_three_prefixes_private_but_the_renditions():
    built = storages_for({**S3_ENV, "S3_ENDPOINT_URL": "http://127.0.0.1:5600/"})

    options = {alias: built[alias]["OPTIONS"] for alias in ("default", "private", "renditions")}
    assert built["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert built["private"]["BACKEND"] == "config.storage_backends.PrivateS3Storage"
    assert built["renditions"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert {alias: o["location"] for alias, o in options.items()} == {
        "default": "media",
        "private": "private",
        "renditions": "public",
    }
    for o in options.values():
        assert o["bucket_name"] == BUCKET
        assert o["endpoint_url"] == "http://127.0.0.1:5600"
        assert o["region_name"] == "eu-west-1"
        assert o["file_overwrite"] is False
        assert o["default_acl"] is None
        assert o["max_memory_size"] > 0  # a large file spills to disk, not all in memory
    assert options["default"]["querystring_auth"] is True
    assert options["default"]["querystring_expire"] <= 600
    assert options["private"]["querystring_auth"] is True
    assert options["renditions"]["querystring_auth"] is False
    assert options["renditions"]["url_protocol"] == "http:"
    assert options["renditions"]["custom_domain"] == f"127.0.0.1:5600/{BUCKET}"


def test_the_public_address_is_the_bucket_on_aws_or_a_cdn_when_named():
    aws = kring_storage.s3_config_from_env(Env({"S3_BUCKET": BUCKET}))
    cdn = kring_storage.s3_config_from_env(
        Env({"S3_BUCKET": BUCKET, "S3_MEDIA_URL": "https://media.example.org/"})
    )

    assert aws is not None and cdn is not None
    assert aws.region == "us-east-1"  # the contract's default
    assert aws.public_url == f"https://{BUCKET}.s3.us-east-1.amazonaws.com/public/"
    assert cdn.public_url == "https://media.example.org/public/"


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"S3_ACCESS_KEY_ID": "only-half"}, "S3_SECRET_ACCESS_KEY"),
        ({"S3_ENDPOINT_URL": "minio:9000"}, "S3_ENDPOINT_URL"),
        ({"S3_MEDIA_URL": "ftp://media.example.org"}, "S3_MEDIA_URL"),
    ],
)
def test_a_malformed_s3_variable_stops_start_up_naming_it(values, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        kring_storage.s3_config_from_env(Env({"S3_BUCKET": BUCKET, **values}))


def test_static_url_may_be_a_cdn_whose_origin_the_policy_allows():
    assert kring_storage.static_url_from_env(Env({})) == "/static/"
    assert (
        kring_storage.static_url_from_env(Env({"STATIC_URL": "https://cdn.example/static"}))
        == "https://cdn.example/static/"
    )
    assert kring_storage.asset_origin("https://cdn.example/static/") == "https://cdn.example"
    assert kring_storage.asset_origin("/static/") is None
    with pytest.raises(ImproperlyConfigured, match="STATIC_URL"):
        kring_storage.static_url_from_env(Env({"STATIC_URL": "javascript://x/"}))


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:5600", True),
        ("http://localhost:9000", True),
        ("http://[::1]:9000", True),
        ("http://minio.internal:9000", False),
        ("http://10.0.0.5:9000", False),
    ],
)
def test_production_allows_plain_http_only_to_this_machine(url, loopback):
    assert kring_storage.is_loopback_url(url) is loopback


# --- In a bucket ------------------------------------------------------------------------------------


@pytest.fixture
def bucket(monkeypatch):
    """The three storages in moto's bucket, put where the models and the services find them
    (the file fields resolved their storage when the models loaded)."""
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        handler = StorageHandler(storages_for(S3_ENV))
        for alias in ("default", "private", "renditions"):
            monkeypatch.setitem(storages._storages, alias, handler[alias])
        monkeypatch.setattr(Plan._meta.get_field("document"), "storage", handler["private"])
        monkeypatch.setattr(
            get_document_model()._meta.get_field("file"), "storage", handler["default"]
        )
        monkeypatch.setattr(
            get_image_model()._meta.get_field("file"), "storage", handler["default"]
        )
        monkeypatch.setattr(Rendition._meta.get_field("file"), "storage", handler["renditions"])
        yield SimpleNamespace(client=client, storages=handler)


def keys(client) -> set[str]:
    listed = client.list_objects_v2(Bucket=BUCKET)
    return {item["Key"] for item in listed.get("Contents", [])}


@pytest.fixture
def traject(staff, coordinator, antwerpen) -> Traject:
    registration = RegistrationFactory(
        postcode=postcode("2000"), created_at=timezone.now() - datetime.timedelta(days=5)
    )
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)
    Traject.objects.filter(pk=traject.pk).update(
        coordinator=coordinator, phase=Phase.PREPARATION, started_at=timezone.now()
    )
    return Traject.objects.get(pk=traject.pk)


def plan_uploaded(traject: Traject, coordinator, content: bytes = PDF) -> Plan:
    workspace.conference_plan(
        traject=traject,
        by=coordinator,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        place="Het buurthuis",
    )
    workspace.conference_held(traject=traject, by=coordinator)
    return workspace.plan_save(
        traject=traject,
        by=coordinator,
        document=SimpleUploadedFile("Plan van de familie.pdf", content, "application/pdf"),
        document_type="pdf",
        actions=[{"what": "Children to grandmother on Wednesdays", "who": "Grandmother"}],
    )


def document_url(traject: Traject) -> str:
    return f"/en/portaal/trajecten/{traject.reference}/plan/document/"


@pytest.mark.django_db
def test_a_plan_is_stored_under_the_private_prefix_and_has_no_address(bucket, traject, coordinator):
    plan = plan_uploaded(traject, coordinator)

    assert plan.document.name.startswith("plans/")
    assert keys(bucket.client) == {f"private/{plan.document.name}"}
    assert isinstance(plan.document.storage, PrivateS3Storage)
    with pytest.raises(ValueError, match="not accessible via a URL"):
        plan.document.url  # noqa: B018


@pytest.mark.django_db
def test_a_replaced_plan_leaves_only_the_new_document_in_the_bucket(
    bucket, traject, coordinator, django_capture_on_commit_callbacks
):
    first = plan_uploaded(traject, coordinator).document.name
    with django_capture_on_commit_callbacks(execute=True):
        second = workspace.plan_save(
            traject=traject,
            by=coordinator,
            document=SimpleUploadedFile("v2.pdf", PDF + b"%v2\n", "application/pdf"),
            document_type="pdf",
        ).document.name

    assert first != second
    assert keys(bucket.client) == {f"private/{second}"}


@pytest.mark.django_db
def test_the_plan_is_streamed_from_the_bucket_to_its_coordinator(
    bucket, traject, coordinator, client, login, monkeypatch
):
    content = PDF + b"%" + b"x" * 300_000 + b"\n"  # several blocks of the response
    plan_uploaded(traject, coordinator, content)

    def no_download(self):
        raise AssertionError("the whole object was downloaded before sending")

    monkeypatch.setattr(S3File, "_get_file", no_download)
    login(client, coordinator)
    response = client.get(document_url(traject))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="plan-{traject.reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    chunks = list(response.streaming_content)
    assert len(chunks) > 1
    assert b"".join(chunks) == content


@pytest.mark.django_db
def test_the_plan_in_the_bucket_answers_404_to_everyone_else(
    bucket, traject, coordinator, client, login, other_coordinator, other_staff, editor
):
    plan_uploaded(traject, coordinator)

    for somebody in (other_coordinator, other_staff, editor):
        login(client, somebody)
        response = client.get(document_url(traject))
        assert response.status_code == 404, somebody
        assert not getattr(response, "streaming", False)


@pytest.mark.django_db
def test_a_plan_gone_from_the_bucket_answers_404(bucket, traject, coordinator, client, login):
    plan = plan_uploaded(traject, coordinator)
    bucket.client.delete_object(Bucket=BUCKET, Key=f"private/{plan.document.name}")

    login(client, coordinator)

    assert client.get(document_url(traject)).status_code == 404


@pytest.fixture
def private_document(bucket):
    collection = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Verslag",
        collection=collection,
        file=SimpleUploadedFile("verslag.pdf", b"%PDF-1.7\n(canary-private-minutes)\n%%EOF\n"),
    )
    return document


@pytest.mark.django_db
def test_a_document_of_a_private_collection_is_in_the_private_media_prefix(
    bucket, private_document
):
    key = f"media/{private_document.file.name}"

    assert keys(bucket.client) == {key}
    assert not key.startswith("public/")
    # Pages link to Wagtail's view, which checks the collection first.
    assert private_document.url == f"/documents/{private_document.pk}/verslag.pdf"
    # The storage's own address, which no page shows, is signed and short-lived.
    query = parse_qs(urlsplit(private_document.file.url).query)
    assert "X-Amz-Signature" in query
    assert int(query["X-Amz-Expires"][0]) <= 600


@pytest.mark.django_db
def test_a_document_of_a_private_collection_is_not_served_from_the_bucket_without_the_check(
    bucket, private_document, client, login, editor
):
    anonymous = client.get(private_document.url)

    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert "amazonaws" not in anonymous["Location"]

    login(client, editor)
    response = client.get(private_document.url)

    assert response.status_code == 200  # streamed by Wagtail's view, never a redirect
    assert b"canary-private-minutes" in b"".join(response.streaming_content)


@pytest.mark.django_db
def test_an_image_rendition_has_a_plain_public_address_and_the_original_stays_private(bucket):
    image = get_image_model().objects.create(
        title="Kring", file=get_test_image_file(size=(640, 480))
    )

    rendition = image.get_rendition("fill-320x180")

    assert rendition.file.name.startswith("images/")
    assert rendition.url == f"{PUBLIC_BASE}{rendition.file.name}"  # no signature: never expires
    assert keys(bucket.client) == {
        f"media/{image.file.name}",
        f"public/{rendition.file.name}",
    }
    stored = bucket.client.head_object(Bucket=BUCKET, Key=f"public/{rendition.file.name}")
    assert stored["CacheControl"] == kring_storage.RENDITION_CACHE_CONTROL
    assert stored["ContentType"] == "image/png"
    assert "X-Amz-Signature" in image.file.url  # the original: signed, and shown nowhere


# --- Through an S3 server, as a browser sees the bucket ------------------------------------------


@pytest.fixture
def s3_server():
    """moto's S3 server on a free port, with the bucket policy of docs/deployment.md."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(
        Bucket=BUCKET, Policy=json.dumps(kring_storage.public_read_policy(BUCKET))
    )
    yield StorageHandler(storages_for({**S3_ENV, "S3_REGION": "", "S3_ENDPOINT_URL": endpoint}))
    server.stop()


def anonymous_get(url: str) -> tuple[int, bytes]:
    try:
        with urlopen(url, timeout=10) as answer:  # noqa: S310 -- the test's own server
            return answer.status, answer.read()
    except HTTPError as refusal:
        return refusal.code, b""


def test_with_the_documented_policy_only_renditions_are_readable_without_a_signature(s3_server):
    document = s3_server["default"].save("documents/verslag.pdf", ContentFile(b"%PDF secret"))
    plan = s3_server["private"].save("plans/abc.pdf", ContentFile(b"%PDF plan"))
    rendition = s3_server["renditions"].save("images/photo.width-800.png", ContentFile(b"png"))
    bucket_url = s3_server["renditions"].url(rendition).split("/public/")[0]

    assert anonymous_get(s3_server["renditions"].url(rendition)) == (200, b"png")
    assert anonymous_get(f"{bucket_url}/media/{document}")[0] == 403
    assert anonymous_get(f"{bucket_url}/private/{plan}")[0] == 403
    # Only a signed address (which no page shows) or Wagtail's checking view reads a document.
    assert anonymous_get(s3_server["default"].url(document)) == (200, b"%PDF secret")


# --- Backups ------------------------------------------------------------------------------------


def test_a_backup_says_the_uploads_are_in_the_bucket_and_copies_no_empty_folders(settings):
    settings.KRING_S3 = kring_storage.s3_config_from_env(Env(S3_ENV))

    assert backups.media_roots() == {}
    assert backups.files_elsewhere() == f"S3 bucket {BUCKET}"
    summary = backups.Summary(
        path=Path("/x"), engine="sqlite", database_bytes=10, files_elsewhere="S3 bucket kring"
    )
    assert summary.describe() == (
        "database (sqlite, 10 bytes), uploads not included: they are in the S3 bucket kring"
    )
