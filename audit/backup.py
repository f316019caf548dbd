"""Backup and restore of the whole site: every app's rows and the media files, in one
archive (`manage.py backup --out FILE`, `manage.py restore FILE`).

The archive is a gzipped tar:

    manifest.json   format, time, database vendor, applied migrations, rows per model,
                    and every media file with its size and SHA-256
    data.json       Django's JSON serialization of every row (what dumpdata writes, but
                    with times to the microsecond), primary keys kept, references to
                    content types, permissions and users written as natural keys so they
                    survive a database whose ids differ
    media/...       the MEDIA_ROOT tree

Content types and permissions are not in the data: `migrate` creates them. Sessions are
not either (everyone signs in again). Everything else is: the audit log, the background
task rows, Django's admin history.

Restore goes into a migrated database that holds no data (only what migrations create:
content types, permissions, the awards catalogue); with `force` it replaces whatever is
there. The files are unpacked and checked first into a staging folder next to
MEDIA_ROOT, then every table is emptied and loaded in one transaction (any error leaves
the database as it was), and only after the commit are the files moved into place
(files already in MEDIA_ROOT that the archive does not hold are left alone)."""

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from auditlog.context import disable_auditlog
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from common.generations.cache import loading_as_saved

FORMAT = "thidua-backup/1"
NOT_DUMPED = ["contenttypes", "auth.permission", "sessions"]
KEPT_TABLES_MODELS = ["contenttypes.ContentType", "auth.Permission"]
# Rows a freshly migrated database already holds (data migrations, post_migrate).
MIGRATION_DATA = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "awards.title",
    "awards.awardform",
    "awards.rule",
}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in Vietnamese."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def dumped_models():
    """The models whose rows go into the archive."""
    skipped = {label.lower() for label in NOT_DUMPED}
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and model._meta.app_label not in skipped
        and model._meta.label_lower not in skipped
    ]


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds of times; a backup keeps them all."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def _dump(path, using):
    """dumpdata, with full-precision times: every row of every dumped model, models in
    an order where rows referred to by natural key come first."""
    chosen = set(dumped_models())
    by_app = {}
    for model in chosen:
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    ordered = serializers.sort_dependencies(by_app.items(), allow_cycles=True)

    def rows():
        for model in ordered:
            if model in chosen:
                manager = model._base_manager.using(using)
                rows = with_natural_keys(manager.order_by(model._meta.pk.name))
                yield from rows.iterator(chunk_size=2000)

    with open(path, "w", encoding="utf-8") as stream:
        serializers.serialize(
            "json", rows(), stream=stream, use_natural_foreign_keys=True, cls=ExactEncoder
        )


def with_natural_keys(queryset):
    """`queryset` with the rows its references by natural key name (users, content
    types, permissions) read along: the serializer writes each such reference by its
    natural key, a query a row otherwise."""
    opts = queryset.model._meta
    single = [
        f.name
        for f in opts.concrete_fields
        if f.many_to_one and hasattr(f.related_model, "natural_key")
    ]
    many = [f.name for f in opts.many_to_many if hasattr(f.remote_field.model, "natural_key")]
    return queryset.select_related(*single).prefetch_related(*many)


def applied_migrations(using=DEFAULT_DB_ALIAS):
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup(out, using=DEFAULT_DB_ALIAS):
    """Write the archive to `out`; returns the manifest."""
    out = Path(out)
    media_root = Path(settings.MEDIA_ROOT)
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="thidua-backup-") as tmp:
        data = Path(tmp) / "data.json"
        # One snapshot of every table: a read-only repeatable-read transaction.
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            _dump(data, using)
            counts = {m._meta.label: m._base_manager.using(using).count() for m in dumped_models()}
            migrations = applied_migrations(using)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "migrations": migrations,
            "rows": counts,
            "media": [
                {
                    "path": p.relative_to(media_root).as_posix(),
                    "size": p.stat().st_size,
                    "sha256": _sha256(p),
                }
                for p in files
            ],
        }
        partial = out.with_name(out.name + ".partial")
        out.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(partial, "w:gz") as archive:
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(body), int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(body))
            archive.add(data, arcname="data.json")
            for path, entry in zip(files, manifest["media"], strict=True):
                archive.add(path, arcname=f"media/{entry['path']}", recursive=False)
        os.replace(partial, out)
    return manifest


def rows_in_use(using=DEFAULT_DB_ALIAS):
    """{model label: rows} of the tables holding data that migrations did not create."""
    found = {}
    for model in apps.get_models():
        if model._meta.label_lower in MIGRATION_DATA or model._meta.swapped:
            continue
        if not model._meta.managed or model._meta.proxy:
            continue
        count = model._base_manager.using(using).count()
        if count:
            found[model._meta.label] = count
    return found


def _read_manifest(archive):
    try:
        member = archive.extractfile("manifest.json")
        manifest = json.load(member)
    except (KeyError, AttributeError, ValueError) as error:
        raise BackupError(
            _("Tệp không phải bản sao lưu của hệ thống (thiếu manifest.json).")
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("Định dạng bản sao lưu không được hỗ trợ: %(f)s.") % {"f": manifest.get("format")}
        )
    return manifest


def _stage_media(archive, manifest, staging):
    """Unpack the media files into `staging`, checking names, sizes and checksums."""
    expected = {entry["path"]: entry for entry in manifest["media"]}
    for member in archive.getmembers():
        if not member.name.startswith("media/"):
            continue
        relative = member.name[len("media/") :]
        if member.isdir():
            continue
        if not member.isfile() or relative not in expected:
            raise BackupError(_("Bản sao lưu chứa tệp lạ: %(name)s.") % {"name": member.name})
        target = (staging / relative).resolve()
        if not target.is_relative_to(staging.resolve()):
            raise BackupError(
                _("Bản sao lưu chứa đường dẫn không hợp lệ: %(n)s.") % {"n": member.name}
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, open(target, "wb") as dest:
            shutil.copyfileobj(source, dest, CHUNK)
    for path, entry in expected.items():
        staged = staging / path
        if not staged.is_file() or staged.stat().st_size != entry["size"]:
            raise BackupError(_("Thiếu hoặc hỏng tệp trong bản sao lưu: %(p)s.") % {"p": path})
        if _sha256(staged) != entry["sha256"]:
            raise BackupError(_("Tệp %(p)s không khớp mã kiểm tra.") % {"p": path})
    return sorted(expected)


def _empty_tables(using):
    """Delete every row except content types and permissions, inside the transaction."""
    connection = connections[using]
    kept = {apps.get_model(label)._meta.db_table for label in KEPT_TABLES_MODELS}
    tables = [
        t for t in connection.introspection.django_table_names(only_existing=True) if t not in kept
    ]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def restore(path, force=False, using=DEFAULT_DB_ALIAS):
    """Load an archive made by backup(); returns the manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("Không tìm thấy tệp %(p)s.") % {"p": path})
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "r:gz") as archive:
        manifest = _read_manifest(archive)
        missing = sorted(set(manifest["migrations"]) - set(applied_migrations(using)))
        if missing:
            raise BackupError(
                _(
                    "Cơ sở dữ liệu chưa có các thay đổi cấu trúc mà bản sao lưu cần (%(m)s). "
                    "Hãy cập nhật mã nguồn và chạy “manage.py migrate” trước."
                )
                % {"m": ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")}
            )
        in_use = rows_in_use(using)
        if in_use and not force:
            sample = ", ".join(f"{label}: {n}" for label, n in sorted(in_use.items())[:5])
            raise BackupError(
                _(
                    "Cơ sở dữ liệu đang có dữ liệu (%(sample)s). Khôi phục sẽ xoá hết dữ liệu "
                    "này; nếu chắc chắn, chạy lại với --force."
                )
                % {"sample": sample}
            )
        # Staged next to MEDIA_ROOT (the same disk): moving the files in is a rename.
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
        try:
            files = _stage_media(archive, manifest, staging / "media")
            with tempfile.TemporaryDirectory(prefix="thidua-restore-") as tmp:
                data = Path(tmp) / "data.json"
                with archive.extractfile("data.json") as source, open(data, "wb") as dest:
                    shutil.copyfileobj(source, dest, CHUNK)
                _load(data, manifest, using)
            _move_into_place(staging / "media", media_root, files)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _load(data, manifest, using):
    """Empty the tables and load the rows, all in one transaction. Loading writes no
    audit entries (they are restored as they were)."""
    with transaction.atomic(using=using), disable_auditlog(), loading_as_saved():
        _empty_tables(using)
        call_command("loaddata", str(data), database=using, verbosity=0)
        counts = {
            label: apps.get_model(label)._base_manager.using(using).count()
            for label in manifest["rows"]
        }
        wrong = {k: (v, counts[k]) for k, v in manifest["rows"].items() if counts[k] != v}
        if wrong:
            raise BackupError(
                _("Số dòng sau khi nạp không khớp bản sao lưu: %(w)s.") % {"w": wrong}
            )


def _move_into_place(staging, media_root, files):
    for relative in files:
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staging / relative, target)
