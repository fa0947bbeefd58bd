"""Where uploads live: on disk (the default, ``make run``) or in one S3-compatible bucket.

``storages_from_env`` builds ``STORAGES`` from the environment; ``config/settings/base.py`` calls
it once. With ``S3_BUCKET`` empty nothing changes from a single machine's setup: uploads under
``MEDIA_ROOT``, the families' plans under ``PRIVATE_MEDIA_ROOT``. With ``S3_BUCKET`` set, every
web server and worker shares one bucket, in three prefixes (docs/deployment.md, "Files on
S3-compatible storage"):

- ``media/`` (alias ``default``): Wagtail's original images and its documents. Private: no
  anonymous read. Documents are streamed by Wagtail's view after it checked a private
  collection's restriction (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``); a URL of this storage,
  which nothing shows, is signed and short-lived.
- ``private/`` (alias ``private``): the families' plans. Private, and without any URL at all
  (``config.storage_backends.PrivateS3Storage.url`` refuses, like the disk storage's
  ``base_url=None``): only the workspace's view streams them after its access check.
- ``public/`` (alias ``renditions``, through ``WAGTAILIMAGES_RENDITION_STORAGE``): the image
  renditions that pages show. Readable by anyone (a bucket policy on this prefix alone), with
  plain, stable URLs: a cached page or a CDN's copy never holds an address that expires.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage, default_storage, storages

from config.env import Env

S3_BACKEND = "storages.backends.s3.S3Storage"
# A module of its own: boto3 is imported only when a storage in the bucket is used.
PRIVATE_S3_BACKEND = "config.storage_backends.PrivateS3Storage"
# The key prefixes in the bucket, one per storage.
MEDIA_PREFIX = "media"
PRIVATE_PREFIX = "private"
PUBLIC_PREFIX = "public"
# How long a signed address of the private media prefix holds (seconds). Nothing Kring shows
# uses one: documents go through Wagtail's view, images through the public renditions.
SIGNED_URL_SECONDS = 300
# A file read through the storage (a document being served, an original image being resized)
# is kept in memory up to this size, in a temporary file beyond (django-storages' default, 0,
# keeps any size in memory).
MAX_MEMORY_BYTES = 2 * 1024 * 1024
# Renditions are never overwritten (file_overwrite=False): a key's content never changes.
RENDITION_CACHE_CONTROL = "public, max-age=86400"


@dataclass(frozen=True)
class S3Config:
    """The bucket and how to reach it, from the ``S3_*`` variables."""

    bucket: str
    endpoint_url: str | None
    access_key_id: str | None
    secret_access_key: str | None
    region: str
    # Where a browser reads the bucket's objects (the bucket itself, or a CDN in front of it),
    # e.g. "https://media.example.org": the public renditions' addresses start with it.
    media_url: str

    @property
    def public_url(self) -> str:
        """The address of the public prefix, where the images on the pages come from (and the
        Content-Security-Policy's img-src source: that prefix only, not the whole bucket)."""
        return f"{self.media_url}/{PUBLIC_PREFIX}/"


def _absolute_url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be an address like https://host[:port][/path], "
            f"not {value!r}."
        )
    return value.rstrip("/")


def s3_config_from_env(env: Env) -> S3Config | None:
    """The S3 settings, or None when ``S3_BUCKET`` is empty (files on disk)."""
    bucket = env.str("S3_BUCKET", "")
    if not bucket:
        return None
    endpoint = env.str("S3_ENDPOINT_URL", "")
    if endpoint:
        endpoint = _absolute_url("S3_ENDPOINT_URL", endpoint)
    region = env.str("S3_REGION", "") or "us-east-1"
    access_key = env.str("S3_ACCESS_KEY_ID", "")
    secret_key = env.str("S3_SECRET_ACCESS_KEY", "")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (then boto3 finds "
            "credentials itself: an instance role, AWS_* variables)."
        )
    media_url = env.str("S3_MEDIA_URL", "")
    if media_url:
        media_url = _absolute_url("S3_MEDIA_URL", media_url)
    elif endpoint:
        # Path-style, which every S3-compatible server answers (MinIO, Ceph, moto, Garage).
        media_url = f"{endpoint}/{bucket}"
    else:
        media_url = f"https://{bucket}.s3.{region}.amazonaws.com"
    return S3Config(
        bucket=bucket,
        endpoint_url=endpoint or None,
        access_key_id=access_key or None,
        secret_access_key=secret_key or None,
        region=region,
        media_url=media_url,
    )


def _s3_options(config: S3Config, *, location: str) -> dict[str, Any]:
    return {
        "bucket_name": config.bucket,
        "endpoint_url": config.endpoint_url,
        "access_key": config.access_key_id,
        "secret_key": config.secret_access_key,
        "region_name": config.region,
        "signature_version": "s3v4",
        "location": location,
        # Two uploads of "plan.pdf" get two keys; nothing is ever replaced in place.
        "file_overwrite": False,
        # No per-object ACL: what is readable is decided by the bucket's policy on a prefix
        # (many providers refuse ACLs altogether).
        "default_acl": None,
        "max_memory_size": MAX_MEMORY_BYTES,
    }


def storages_from_env(
    env: Env, *, private_media_root: Path, staticfiles_backend: str
) -> dict[str, dict[str, Any]]:
    """``STORAGES`` for these environment values: the file system when ``S3_BUCKET`` is empty,
    the bucket's three prefixes (``default``, ``private``, ``renditions``) otherwise."""
    staticfiles = {"BACKEND": staticfiles_backend}
    config = s3_config_from_env(env)
    if config is None:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": private_media_root, "base_url": None},
            },
            "staticfiles": staticfiles,
        }
    media = urlsplit(config.media_url)
    return {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **_s3_options(config, location=MEDIA_PREFIX),
                "querystring_auth": True,
                "querystring_expire": SIGNED_URL_SECONDS,
            },
        },
        "private": {
            "BACKEND": PRIVATE_S3_BACKEND,
            "OPTIONS": {**_s3_options(config, location=PRIVATE_PREFIX), "querystring_auth": True},
        },
        "renditions": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **_s3_options(config, location=PUBLIC_PREFIX),
                # Plain addresses, made without a call to boto3: custom_domain is "host[/path]".
                "querystring_auth": False,
                "custom_domain": media.netloc + media.path,
                "url_protocol": f"{media.scheme}:",
                "object_parameters": {"CacheControl": RENDITION_CACHE_CONTROL},
            },
        },
        "staticfiles": staticfiles,
    }


def public_read_policy(bucket: str) -> dict[str, Any]:
    """The bucket policy that lets anyone read the public prefix and nothing else
    (docs/deployment.md): ``aws s3api put-bucket-policy --policy "$(...)"``."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "KringPublicRenditions",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/{PUBLIC_PREFIX}/*",
            }
        ],
    }


def rendition_storage() -> Storage:
    """Wagtail's storage for image renditions (``WAGTAILIMAGES_RENDITION_STORAGE``): the public
    prefix when the files are on S3, the default storage (``MEDIA_ROOT/images``) otherwise."""
    if "renditions" in settings.STORAGES:
        return storages["renditions"]
    return default_storage


def asset_origin(url: str) -> str | None:
    """The origin of an absolute ``STATIC_URL`` (a CDN), for the Content-Security-Policy; None
    for a path on this site."""
    parts = urlsplit(url)
    if not parts.scheme:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(
            f"The environment variable STATIC_URL must be a path (/static/) or an address "
            f"like https://cdn.example.org/static/, not {url!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def static_url_from_env(env: Env) -> str:
    url = env.str("STATIC_URL", "") or "/static/"
    asset_origin(url)  # refuses a malformed one
    return url if url.endswith("/") else url + "/"


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` points at this machine (127.0.0.0/8, ::1, localhost)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
