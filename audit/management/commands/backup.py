import time

from django.core.management.base import BaseCommand, CommandError

from audit.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ hệ thống vào một tệp .tar.gz: dữ liệu của mọi phân hệ (JSON) và "
        "các tệp đính kèm (MEDIA_ROOT). Khôi phục bằng “manage.py restore TỆP”."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="tệp sao lưu sẽ ghi, ví dụ backup.tar.gz")
        parser.add_argument("--database", default="default")

    def handle(self, *args, out, database, **options):
        started = time.perf_counter()
        try:
            manifest = backup(out, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Đã sao lưu {rows} dòng dữ liệu ({len(manifest['rows'])} bảng) và "
            f"{len(manifest['media'])} tệp vào {out} trong "
            f"{time.perf_counter() - started:.1f} giây."
        )
