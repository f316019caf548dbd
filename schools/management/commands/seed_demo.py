from django.core.management.base import BaseCommand

from schools.demo import ACCOUNT_LABELS, DEMO_PASSWORD, load_demo
from schools.models import Organization, Person


class Command(BaseCommand):
    help = "Tải dữ liệu mẫu (huyện mẫu, các đơn vị ban hành văn bản mẫu, tài khoản demo)."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(
            f"Dữ liệu mẫu: {Organization.objects.count()} đơn vị, {Person.objects.count()} cán bộ."
        )
        self.stdout.write(f"Tài khoản demo (mật khẩu: {DEMO_PASSWORD}):")
        for username, label in ACCOUNT_LABELS.items():
            self.stdout.write(f"  {username:<11} {label}")
