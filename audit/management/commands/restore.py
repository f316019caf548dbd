import tarfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import Error as DatabaseError

from audit.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của “manage.py backup” vào cơ sở dữ liệu đã chạy "
        "migrate và chưa có dữ liệu; --force để thay thế dữ liệu đang có. Cơ sở dữ liệu "
        "được nạp trong một giao dịch: lỗi giữa chừng thì không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu (.tar.gz)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="xoá dữ liệu đang có trong cơ sở dữ liệu rồi khôi phục",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, force, database, **options):
        started = time.perf_counter()
        try:
            manifest = restore(file, force=force, using=database)
        except (BackupError, OSError, tarfile.TarError) as error:
            raise CommandError(str(error)) from error
        except (DatabaseError, DeserializationError) as error:
            raise CommandError(
                f"Không khôi phục được; cơ sở dữ liệu và tệp đính kèm giữ nguyên như trước. "
                f"Lỗi: {error}"
            ) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Đã khôi phục {rows} dòng dữ liệu và {len(manifest['media'])} tệp từ {file} "
            f"(sao lưu lúc {manifest['created_at']}) trong "
            f"{time.perf_counter() - started:.1f} giây."
        )
