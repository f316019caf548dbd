"""`manage.py backup --out FILE` and `manage.py restore FILE`: the demo district (with its
awards, audit log and certificate PDF) goes round the archive into a flushed database
and an empty media folder, and comes back identical, row by row and byte by byte.
Restore refuses a database in use unless --force, and is atomic."""

import io
import json
import tarfile
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command

from audit.backup import dumped_models, with_natural_keys
from audit.models import LogEntry
from awards.models import CertificateBatch
from schools.models import Organization, Person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(media, demo_snapshot):
    """The demo district committed, as `load_demo()` makes it: put back from the run's
    snapshot of it (tests/snapshot.py), its files into the media folder."""
    return demo_snapshot.restore(media)


def every_row():
    """Every row of every model, all fields (references to content types, permissions and
    users by natural key, as ids may differ), by model and primary key."""
    rows = {}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy or model._meta.swapped:
            continue
        label = model._meta.label
        if model in (ContentType, Permission):
            rows[label] = sorted(obj.natural_key() for obj in model.objects.all())
        elif label != "sessions.Session":
            objects = with_natural_keys(model._base_manager.order_by("pk"))
            rows[label] = serializers.serialize("python", objects, use_natural_foreign_keys=True)
    return rows


def every_file(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in Path(root).rglob("*") if p.is_file()
    }


def out(capsys):
    return capsys.readouterr().out


def test_the_demo_district_goes_round_the_archive_unchanged(demo, media, tmp_path, capsys):
    rows, files = every_row(), every_file(media)
    pdfs = [p for p in files if p.endswith(".pdf")]
    assert CertificateBatch.objects.filter(status="done").exists() and pdfs
    assert LogEntry.objects.count() > 100
    archive = tmp_path / "backup.tar.gz"

    started = time.perf_counter()
    call_command("backup", "--out", str(archive))
    backup_seconds = time.perf_counter() - started
    assert "Đã sao lưu" in out(capsys)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"manifest.json", "data.json"} <= names
    assert {f"media/{p}" for p in files} <= names
    assert manifest["rows"]["schools.Person"] == Person.objects.count()
    assert {m["path"] for m in manifest["media"]} == set(files)

    call_command("flush", "--no-input")
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Organization.objects.exists() and not every_file(media)

    started = time.perf_counter()
    call_command("restore", str(archive))
    restore_seconds = time.perf_counter() - started
    assert "Đã khôi phục" in out(capsys)

    assert every_row() == rows
    assert every_file(media) == files
    total = sum(len(v) for k, v in rows.items())
    print(
        f"\nround trip: {total} rows in {len(rows)} tables, {len(files)} files "
        f"({sum(map(len, files.values()))} bytes); backup {backup_seconds:.2f} s, "
        f"restore {restore_seconds:.2f} s, archive {archive.stat().st_size} bytes"
    )
    # The restored site works on: new rows get new ids (sequences follow the data).
    school = Organization.objects.filter(kind="school").first()
    person = Person.objects.create(organization=school, full_name="Người mới", gender="male")
    assert person.pk > max(r["pk"] for r in rows["schools.Person"])


def test_restore_refuses_a_database_in_use_unless_forced(demo, media, tmp_path, capsys):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(archive))
    rows, files = every_row(), every_file(media)
    Person.objects.filter(full_name__startswith="Nguyễn").update(email="doi@example.vn")
    changed = every_row()
    with pytest.raises(CommandError, match="Cơ sở dữ liệu đang có dữ liệu .*--force"):
        call_command("restore", str(archive))
    assert every_row() == changed
    call_command("restore", str(archive), "--force")
    assert every_row() == rows and every_file(media) == files


def _rewrite(archive, target, edit):
    """A copy of `archive` whose members pass through edit(name, bytes) -> bytes."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as dest:
        for member in source.getmembers():
            body = source.extractfile(member).read()
            body = edit(member.name, body)
            member.size = len(body)
            dest.addfile(member, io.BytesIO(body))


def test_a_restore_that_fails_half_way_changes_nothing(demo, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(archive))
    Person.objects.update(email="truoc-khi-khoi-phuc@example.vn")
    before_rows, before_files = every_row(), every_file(media)

    def break_last_row(name, body):
        if name != "data.json":
            return body
        data = json.loads(body)
        last = next(i for i in range(len(data) - 1, -1, -1) if data[i]["model"] == "schools.person")
        data[last]["fields"]["organization"] = 999999  # no such organisation
        return json.dumps(data).encode()

    broken = tmp_path / "broken.tar.gz"
    _rewrite(archive, broken, break_last_row)
    with pytest.raises(CommandError):
        call_command("restore", str(broken), "--force")
    assert every_row() == before_rows and every_file(media) == before_files

    def corrupt_a_file(name, body):
        return body[:-1] + bytes([body[-1] ^ 1]) if name.endswith(".pdf") else body  # same size

    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(archive, tampered, corrupt_a_file)
    with pytest.raises(CommandError, match="không khớp"):
        call_command("restore", str(tampered), "--force")
    assert every_row() == before_rows and every_file(media) == before_files


def test_restore_refuses_what_is_not_a_backup(db, tmp_path, media):
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        tar.add(__file__, arcname="data.json")
    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        call_command("restore", str(other))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("restore", str(tmp_path / "none.tar.gz"))


def test_the_archive_holds_every_app(db):
    labels = {m._meta.app_label for m in dumped_models()}
    assert {"schools", "emulation", "registrations", "awards", "audit", "auth"} <= labels
    assert {"contenttypes", "sessions"}.isdisjoint(labels)
