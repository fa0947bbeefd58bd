"""``manage.py backup`` and ``restore`` (config/backups.py): a backup restored into a fresh
database holds the same rows; the upload folders go there and back; restore asks first; the
password and the rows' values stay out of command lines and messages.

Which rows: pg_dump runs in a session of its own and sees only committed rows, while a test's
rows stay uncommitted (no ``transaction=True`` here: it breaks other tests' data). So the
comparison uses what the migrations committed when the test database was made: content types,
permissions, the role groups, the regions and postcodes, Wagtail's locales and root pages. On
SQLite the backup copies the test's own connection, so a person made in the test is compared too.
"""

from __future__ import annotations

import sqlite3
import subprocess
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Locale, Page

from config import backups
from people.factories import UserFactory
from people.models import Postcode, Region, User

pytestmark = pytest.mark.django_db

MIGRATED = [ContentType, Permission, Group, Region, Postcode, Locale, Page]


def write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def roots(tmp_path) -> dict[str, Path]:
    media, private = tmp_path / "live" / "media", tmp_path / "live" / "private"
    write(media / "original_images" / "foto.jpg", b"\xff\xd8 an image")
    write(media / "documents" / "folder.pdf", b"%PDF a leaflet")
    write(private / "plans" / "2026" / "plan.pdf", b"%PDF a family's plan")
    return {"media": media, "private": private}


@pytest.fixture
def fresh_database(tmp_path):
    """A DATABASES entry for a new, empty database of the test database's kind; dropped after."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {"ENGINE": settings_dict["ENGINE"], "NAME": str(tmp_path / "fresh.sqlite3")}
        return
    assert connection.vendor == "postgresql", connection.vendor
    import psycopg

    name = f"kring_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**pg_parameters(settings_dict, "postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**settings_dict, "NAME": name}
    finally:
        with psycopg.connect(**pg_parameters(settings_dict, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_parameters(settings_dict, dbname: str) -> dict[str, str]:
    parameters = {"dbname": dbname}
    for key, parameter in (("HOST", "host"), ("PORT", "port"), ("USER", "user")):
        if settings_dict.get(key):
            parameters[parameter] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        parameters["password"] = settings_dict["PASSWORD"]
    return parameters


def counts_in(database, tables: list[str]) -> dict[str, int]:
    """Row counts of ``tables`` in ``database``, read outside Django."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        db = sqlite3.connect(database["NAME"])
        try:
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        finally:
            db.close()
    import psycopg

    with psycopg.connect(**pg_parameters(database, database["NAME"])) as db:
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def test_a_backup_restored_into_a_fresh_database_holds_the_same_rows_and_files(
    tmp_path, roots, fresh_database
):
    models = list(MIGRATED)
    if connection.vendor == "sqlite":
        UserFactory(email="backup@kring.test")
        models.append(User)
    expected = {model._meta.db_table: model.objects.count() for model in models}
    assert all(expected.values()), expected  # every table has rows to compare
    before = {name: tree(root) for name, root in roots.items()}

    made = backups.backup_create(destination=tmp_path / "backup", roots=roots)

    assert made.files == {"media": 2, "private": 1}
    assert (tmp_path / "backup" / "manifest.json").is_file()
    assert not (tmp_path / "backup.partial").exists()
    assert (tmp_path / "backup").stat().st_mode & 0o077 == 0  # the owner's only
    restored_roots = {"media": tmp_path / "new" / "media", "private": tmp_path / "new" / "private"}
    write(restored_roots["private"] / "stale.txt", b"not in the backup")

    backups.backup_restore(
        source=tmp_path / "backup", database=fresh_database, roots=restored_roots
    )

    assert counts_in(fresh_database, list(expected)) == expected
    assert {name: tree(root) for name, root in restored_roots.items()} == before


def test_on_sqlite_the_backup_is_a_database_file_sqlite3_opens(tmp_path, roots):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup file")
    UserFactory(email="backup@kring.test")

    backups.backup_create(destination=tmp_path / "backup", roots=roots)

    copy = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "backup/database.sqlite3"}
    assert counts_in(copy, [User._meta.db_table, Region._meta.db_table]) == {
        User._meta.db_table: User.objects.count(),
        Region._meta.db_table: Region.objects.count(),
    }


def test_a_sqlite_file_is_copied_with_the_committed_rows_while_another_connection_writes(
    tmp_path,
):
    # The embedded database of make run: a file in WAL mode, the web server in mid-transaction.
    live = tmp_path / "kring.sqlite3"
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("CREATE TABLE t (x)")
    writer.execute("INSERT INTO t VALUES (1), (2)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (3)")
    try:
        backups.sqlite_copy(name=str(live), target=tmp_path / "copy.sqlite3")
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("SELECT COUNT(*) FROM t").fetchone() == (2,)
    copy.close()


def test_a_missing_sqlite_file_is_no_database_to_back_up(tmp_path):
    with pytest.raises(backups.BackupError, match="no SQLite database"):
        backups.sqlite_copy(name=str(tmp_path / "none.sqlite3"), target=tmp_path / "copy")

    assert not (tmp_path / "none.sqlite3").exists()


def test_a_backup_never_overwrites_one(tmp_path, roots):
    (tmp_path / "backup").mkdir()

    with pytest.raises(backups.BackupError, match="exists already"):
        backups.backup_create(destination=tmp_path / "backup", roots=roots)

    assert list((tmp_path / "backup").iterdir()) == []


def test_a_restore_of_another_kind_of_database_is_refused(tmp_path, roots):
    backups.backup_create(destination=tmp_path / "backup", roots=roots)
    other = (
        {"ENGINE": "django.db.backends.postgresql", "NAME": "kring"}
        if connection.vendor == "sqlite"
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")}
    )

    with pytest.raises(backups.BackupError, match="same kind"):
        backups.backup_restore(source=tmp_path / "backup", database=other, roots=roots)


def test_a_folder_without_a_manifest_is_no_backup(tmp_path):
    with pytest.raises(backups.BackupError, match="no Kring backup"):
        backups.backup_read(tmp_path)


# --- PostgreSQL's tools: the password in the environment, never in the arguments -----------------


def test_pg_dump_gets_the_password_through_its_environment(tmp_path, monkeypatch):
    calls = []

    def run(arguments, **kwargs):
        calls.append((arguments, kwargs["env"]))
        return subprocess.CompletedProcess(arguments, 0, "", "")

    monkeypatch.setattr(backups.subprocess, "run", run)
    monkeypatch.setattr(backups.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    monkeypatch.setenv("PGDATABASE", "someone_elses")
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "kring",
        "USER": "kring",
        "PASSWORD": "s3cret-pass",
        "HOST": "db.internal",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
    }

    backups.database_restore(source=tmp_path / "database.pgdump", database=database)

    [(arguments, environ)] = calls
    assert arguments[0] == "pg_restore"
    assert {"--clean", "--if-exists", "--no-owner", "--dbname=kring"} <= set(arguments)
    assert not any("s3cret" in argument for argument in arguments)
    assert environ["PGPASSWORD"] == "s3cret-pass"
    assert (environ["PGHOST"], environ["PGPORT"], environ["PGUSER"]) == (
        "db.internal",
        "5433",
        "kring",
    )
    assert environ["PGSSLMODE"] == "require"
    assert "PGDATABASE" not in environ


def test_a_failing_tool_s_message_leaves_out_the_row_it_quotes(monkeypatch, tmp_path):
    stderr = (
        "pg_restore: error: could not execute query: ERROR:  duplicate key value\n"
        "DETAIL:  Key (email)=(iemand@gemeente.be) already exists.\n"
    )
    monkeypatch.setattr(
        backups.subprocess,
        "run",
        lambda arguments, **kwargs: subprocess.CompletedProcess(arguments, 1, "", stderr),
    )
    monkeypatch.setattr(backups.shutil, "which", lambda tool: f"/usr/bin/{tool}")

    with pytest.raises(backups.BackupError) as failed:
        backups.database_restore(
            source=tmp_path / "x",
            database={"ENGINE": "django.db.backends.postgresql", "NAME": "kring"},
        )

    assert "duplicate key" in str(failed.value)
    assert "iemand" not in str(failed.value)


# --- The commands ---------------------------------------------------------------------------------


@pytest.fixture
def media_settings(settings, roots):
    settings.MEDIA_ROOT = roots["media"]
    settings.PRIVATE_MEDIA_ROOT = roots["private"]
    return settings


def test_the_backup_command_writes_a_folder_and_names_no_person(tmp_path, media_settings):
    UserFactory(email="iemand@gemeente.be", first_name="Iemand")
    out = StringIO()

    call_command("backup", str(tmp_path / "b"), stdout=out)

    assert "Backup written to" in out.getvalue()
    assert "iemand" not in out.getvalue().lower()
    assert backups.backup_read(tmp_path / "b")["folders"] == {"media": 2, "private": 1}


def test_the_backup_command_names_a_folder_under_var_backups(tmp_path, media_settings):
    media_settings.VAR_DIR = tmp_path / "var"

    call_command("backup", stdout=StringIO())

    [made] = (tmp_path / "var" / "backups").iterdir()
    assert made.name.startswith("kring-")
    backups.backup_read(made)


def test_restore_without_yes_and_without_a_terminal_restores_nothing(
    tmp_path, media_settings, monkeypatch
):
    call_command("backup", str(tmp_path / "b"), stdout=StringIO())
    restored = []
    monkeypatch.setattr(
        "config.management.commands.restore.backup_restore", lambda **kw: restored.append(kw)
    )
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "b"), stdout=StringIO())

    assert restored == []


def test_restore_asks_and_restores_nothing_unless_the_answer_is_restore(
    tmp_path, media_settings, monkeypatch
):
    call_command("backup", str(tmp_path / "b"), stdout=StringIO())
    restored = []
    monkeypatch.setattr(
        "config.management.commands.restore.backup_restore",
        lambda **kw: restored.append(kw) or backups.Summary(path=kw["source"], engine="x"),
    )
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")

    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(tmp_path / "b"), stdout=StringIO())
    assert restored == []

    monkeypatch.setattr("builtins.input", lambda prompt: "restore")
    call_command("restore", str(tmp_path / "b"), stdout=StringIO())
    assert restored == [{"source": tmp_path / "b"}]


def test_restore_with_yes_asks_nothing(tmp_path, media_settings, monkeypatch):
    call_command("backup", str(tmp_path / "b"), stdout=StringIO())
    restored = []
    monkeypatch.setattr(
        "config.management.commands.restore.backup_restore",
        lambda **kw: restored.append(kw) or backups.Summary(path=kw["source"], engine="x"),
    )
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("asked"))

    out = StringIO()
    call_command("restore", str(tmp_path / "b"), "--yes", stdout=out)

    assert restored == [{"source": tmp_path / "b"}]
    assert "Restored from" in out.getvalue()


def test_restore_of_a_folder_that_is_no_backup_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(tmp_path), "--yes", stdout=StringIO())
