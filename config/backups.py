"""Backups: the database and the uploads in one folder, and putting them back (docs/deployment.md).

A backup is a folder (``var/backups/kring-<date>-<time>/`` unless named)::

    manifest.json        what is in it: the database engine, the file names, how many files
    database.sqlite3     SQLite: a copy made with sqlite3's online backup API
    database.pgdump      PostgreSQL: ``pg_dump --format=custom``
    media/               a copy of MEDIA_ROOT (images, documents)
    private/             a copy of PRIVATE_MEDIA_ROOT (the families' plans)

With the uploads in an S3 bucket (``S3_BUCKET``, config/storage.py) a backup holds the database
only: the manifest and the summary say where the files are, and the bucket's own versioning or
replication keeps them (docs/deployment.md, "Files on S3-compatible storage").

It holds personal data: the folder is made readable by its owner only, it is written under a
``.partial`` name and renamed when complete (an interrupted backup never looks like one), and
nothing here writes a name, an address or a row to the output or the log: only paths and counts.
PostgreSQL's tools get the password through ``PGPASSWORD`` in their environment, never on the
command line (where ``ps`` shows it to every user of the machine).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DATABASE_FILES = {SQLITE: "database.sqlite3", POSTGRESQL: "database.pgdump"}
# libpq's environment variables for the OPTIONS that dj-database-url takes from the URL's query.
PG_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
TOOL_TIMEOUT = 6 * 60 * 60  # seconds: a dump or restore that hangs longer has gone wrong


class BackupError(Exception):
    """A backup or restore that cannot be made; the message names no person and no row."""


@dataclass
class Summary:
    path: Path
    engine: str
    database_bytes: int = 0
    files: dict[str, int] = field(default_factory=dict)  # folder in the backup -> files
    # Where the uploads are when the backup does not hold them (an S3 bucket), else "".
    files_elsewhere: str = ""

    def describe(self) -> str:
        parts = [f"database ({self.engine}, {self.database_bytes} bytes)"]
        parts += [f"{name}/ {count} file(s)" for name, count in self.files.items()]
        if self.files_elsewhere:
            parts.append(f"uploads not included: they are in the {self.files_elsewhere}")
        return ", ".join(parts)


def files_elsewhere() -> str:
    """Where the uploads are when they are not in folders a backup copies (S3), else ""."""
    return f"S3 bucket {settings.KRING_S3.bucket}" if settings.KRING_S3 else ""


def media_roots() -> dict[str, Path]:
    """The upload folders a backup holds, by their folder name in the backup: none when the
    uploads are in an S3 bucket (MEDIA_ROOT and PRIVATE_MEDIA_ROOT then hold nothing)."""
    if settings.KRING_S3:
        return {}
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private": Path(settings.PRIVATE_MEDIA_ROOT),
    }


def default_destination() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"kring-{stamp}"


def engine_of(database: Mapping[str, Any]) -> str:
    engine = str(database.get("ENGINE", ""))
    if engine == "django.db.backends.sqlite3":
        return SQLITE
    if engine in {"django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"}:
        return POSTGRESQL
    raise BackupError(f"Backups know SQLite and PostgreSQL, not {engine or 'no engine'}.")


# --- PostgreSQL's tools -------------------------------------------------------------------------


def pg_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's variables for ``database`` (a DATABASES entry): the password stays off the
    command line, and so does everything else but the database's name."""
    environ = {
        key: value for key, value in os.environ.items() if not key.startswith("PG")
    }  # a PGDATABASE or PGPASSWORD of the shell must not pick another database or user
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            environ[variable] = str(database[key])
    if database.get("PASSWORD"):
        environ["PGPASSWORD"] = str(database["PASSWORD"])
    for option, variable in PG_OPTION_VARIABLES.items():
        value = (database.get("OPTIONS") or {}).get(option)
        if value:
            environ[variable] = str(value)
    return environ


def _run_tool(arguments: list[str], database: Mapping[str, Any]) -> None:
    tool = arguments[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not on the PATH (Debian: apt-get install postgresql-client).")
    try:
        result = subprocess.run(  # noqa: S603 -- fixed tool, arguments built here, no shell
            arguments,
            env=pg_environment(database),
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BackupError(f"{tool} did not finish within {TOOL_TIMEOUT} seconds.") from None
    if result.returncode != 0:
        raise BackupError(
            f"{tool} failed (exit {result.returncode}): {_tool_errors(result.stderr)}"
        )


def _tool_errors(stderr: str) -> str:
    """The tool's own error lines, without DETAIL lines: those can quote a row's values
    ("Key (email)=(...) already exists"), which must not reach a terminal log or a cron mail."""
    lines = [
        line
        for line in stderr.splitlines()
        if line.strip() and "DETAIL" not in line and "Key (" not in line
    ]
    return " / ".join(lines[-10:]) or "no message"


# --- The database -------------------------------------------------------------------------------


def _regexp(pattern: str | None, value: object) -> bool | None:
    if pattern is None or value is None:
        return None
    return re.search(pattern, str(value)) is not None


def sqlite_copy(*, name: str, target: Path) -> None:
    """Copies the SQLite database ``name`` (a file, or the test suite's shared in-memory one)
    to the new file ``target``, consistently while others keep writing."""
    if name.startswith("file:") and "mode=memory" in name:
        # Only the test suite's database: its own connection is inside the test's write
        # transaction, where the backup API waits forever. A second connection to the shared
        # cache, reading uncommitted pages, copies what the test sees with VACUUM INTO.
        origin = sqlite3.connect(name, uri=True, isolation_level=None)
        try:
            origin.execute("PRAGMA read_uncommitted = 1")
            # VACUUM INTO writes every row again, so CHECK constraints run: Django's lookups
            # use REGEXP, a function each Django connection registers for itself.
            origin.create_function("REGEXP", 2, _regexp, deterministic=True)
            origin.execute("VACUUM INTO ?", (str(target),))
        finally:
            origin.close()
        return
    if name == ":memory:" or not Path(name).is_file():
        raise BackupError(f"There is no SQLite database file at {name}.")
    # The online backup API: a consistent copy, page by page, while the web server and the
    # worker go on (WAL lets them write meanwhile).
    origin = sqlite3.connect(name)
    copy = sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        copy.close()
        origin.close()


def database_dump(*, target: Path, using: str = "default") -> str:
    """Writes database ``using`` to ``target``; returns the engine's name."""
    settings_dict = connections[using].settings_dict
    engine = engine_of(settings_dict)
    if engine == SQLITE:
        sqlite_copy(name=str(settings_dict["NAME"]), target=target)
    else:
        _run_tool(
            [
                "pg_dump",
                "--format=custom",
                "--no-password",
                f"--file={target}",
                f"--dbname={settings_dict['NAME']}",
            ],
            settings_dict,
        )
    return engine


def database_restore(*, source: Path, database: Mapping[str, Any]) -> None:
    """Replaces the contents of ``database`` (a DATABASES entry) with the dump ``source``."""
    engine = engine_of(database)
    if engine == SQLITE:
        name = str(database["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError("An in-memory SQLite database cannot be restored into.")
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(name)
        try:
            origin.backup(target)  # page by page, replacing everything the target held
        finally:
            target.close()
            origin.close()
    else:
        _run_tool(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                # All or nothing: a restore that fails halfway leaves the database as it was.
                "--single-transaction",
                "--no-password",
                f"--dbname={database['NAME']}",
                str(source),
            ],
            database,
        )


# --- The upload folders -------------------------------------------------------------------------


def _count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def _copy_folder(origin: Path, target: Path) -> int:
    if origin.is_dir():
        shutil.copytree(origin, target, symlinks=True)
    else:
        target.mkdir()
    return _count_files(target)


def _replace_contents(folder: Path, origin: Path) -> int:
    """Empties ``folder`` and copies ``origin``'s contents in. The folder itself stays (it may
    be a mount point, which cannot be renamed or removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    shutil.copytree(origin, folder, symlinks=True, dirs_exist_ok=True)
    return _count_files(folder)


# --- Backup and restore ---------------------------------------------------------------------------


def backup_create(
    *, destination: Path, using: str = "default", roots: Mapping[str, Path] | None = None
) -> Summary:
    """Writes a backup of database ``using`` and the upload folders into ``destination``."""
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} exists already: a backup never overwrites one.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)  # what an interrupted backup left behind
    partial.mkdir(mode=0o700)
    try:
        engine = engine_of(connections[using].settings_dict)
        database_file = partial / DATABASE_FILES[engine]
        database_dump(target=database_file, using=using)
        database_file.chmod(0o600)
        summary = Summary(path=destination, engine=engine)
        summary.database_bytes = database_file.stat().st_size
        for name, root in (roots if roots is not None else media_roots()).items():
            summary.files[name] = _copy_folder(Path(root), partial / name)
        if roots is None:
            summary.files_elsewhere = files_elsewhere()
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": database_file.name,
            "folders": summary.files,
        }
        if summary.files_elsewhere:
            manifest["files_elsewhere"] = summary.files_elsewhere
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        partial.rename(destination)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return summary


def backup_read(source: Path) -> dict[str, Any]:
    """The manifest of the backup in ``source``, after checking that all it names is there."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{source} is no Kring backup: no readable {MANIFEST}.") from None
    if manifest.get("format") != FORMAT or manifest.get("engine") not in DATABASE_FILES:
        raise BackupError(f"{source}/{MANIFEST} is of a format this Kring does not know.")
    if not (source / DATABASE_FILES[manifest["engine"]]).is_file():
        raise BackupError(f"{source} misses its database file.")
    for name in manifest.get("folders", {}):
        if not (source / name).is_dir():
            raise BackupError(f"{source} misses its folder {name}/.")
    return manifest


def backup_restore(
    *,
    source: Path,
    database: Mapping[str, Any] | None = None,
    roots: Mapping[str, Path] | None = None,
) -> Summary:
    """Replaces the database (default: ``DATABASES['default']``) and the upload folders with
    the backup in ``source``. Stop the web server, the worker and beat first."""
    source = Path(source)
    manifest = backup_read(source)
    if database is None:
        connections["default"].close()  # pg_restore drops tables; SQLite gets a new file state
        database = connections["default"].settings_dict
    engine = engine_of(database)
    if engine != manifest["engine"]:
        raise BackupError(
            f"The backup holds a {manifest['engine']} database and this one is {engine}: "
            "restore it into a database of the same kind."
        )
    elsewhere = files_elsewhere() if roots is None else ""
    roots = roots if roots is not None else media_roots()
    folders = manifest.get("folders", {})
    unknown = {name for name in set(folders) - set(roots) if folders[name]}
    if unknown and elsewhere:
        raise BackupError(
            f"The backup holds upload folders ({', '.join(sorted(unknown))}) and this Kring keeps "
            f"its uploads in the {elsewhere}: copy them into the bucket first "
            '(docs/deployment.md, "Files on S3-compatible storage"); nothing was restored.'
        )
    if unknown:
        raise BackupError(f"The backup holds folders this Kring does not know: {sorted(unknown)}.")
    database_file = source / DATABASE_FILES[engine]  # never a path the manifest names
    database_restore(source=database_file, database=database)
    summary = Summary(
        path=source,
        engine=engine,
        database_bytes=database_file.stat().st_size,
        files_elsewhere=elsewhere,
    )
    for name in folders:
        if name in roots:  # an empty folder of a Kring whose uploads are now in a bucket: skipped
            summary.files[name] = _replace_contents(Path(roots[name]), source / name)
    return summary
