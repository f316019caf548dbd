from django.core.management.base import BaseCommand, CommandError

from emulation.archive import write_archive
from schools.models import SchoolYear


class Command(BaseCommand):
    help = "Xuất hồ sơ lưu trữ cuối năm: mọi văn bản của một năm học (PDF, XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="năm học, ví dụ 2023-2024")
        parser.add_argument("--out", required=True, help="thư mục ghi hồ sơ")

    def handle(self, *args, year, out, **options):
        school_year = SchoolYear.objects.filter(name=year.replace(" ", "")).first()
        if school_year is None:
            raise CommandError(f"Không có năm học {year}.")
        written = write_archive(school_year, out)
        total = sum(len(files) for files in written.values())
        self.stdout.write(f"Đã ghi {total} tệp vào {len(written)} thư mục trong {out}.")
        for folder, files in sorted(written.items()):
            self.stdout.write(f"  {folder}/: {', '.join(files)}")
