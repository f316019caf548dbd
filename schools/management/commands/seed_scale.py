"""A province for performance work: one Sở, 10 Phòng, 700 schools, 28,000 staff, made
with bulk inserts. Prints how long it took."""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from schools.demo_data import school_staff, school_units
from schools.models import Organization, Person, Unit

PROVINCE = "Sở Giáo dục và Đào tạo tỉnh Quy Mô"
LEVELS = [
    Organization.Level.PRESCHOOL,
    Organization.Level.PRIMARY,
    Organization.Level.PRIMARY,
    Organization.Level.LOWER_SECONDARY,
]
LEVEL_PREFIX = {
    Organization.Level.PRESCHOOL: "Trường Mầm non",
    Organization.Level.PRIMARY: "Trường Tiểu học",
    Organization.Level.LOWER_SECONDARY: "Trường THCS",
}


def _set_paths(orgs):
    """Bulk-created rows skip save(): fill their materialised paths (parents first)."""
    for org in orgs:
        org.path = org.compute_path()
        org.depth = org.parent.depth + 1
    Organization.objects.bulk_update(orgs, ["path", "depth"], batch_size=1000)


class Command(BaseCommand):
    help = "Tạo dữ liệu quy mô tỉnh (700 trường, 28.000 cán bộ) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--offices", type=int, default=10)
        parser.add_argument("--schools", type=int, default=700)
        parser.add_argument("--staff", type=int, default=40, help="cán bộ mỗi trường")

    def handle(self, *args, offices, schools, staff, **options):
        if Organization.objects.filter(name=PROVINCE).exists():
            raise CommandError(f"Đã có dữ liệu quy mô ({PROVINCE}); không tạo lại.")
        started = time.perf_counter()
        rng = random.Random(2026)
        with transaction.atomic():
            ministry = Organization.objects.filter(parent=None).first()
            province = Organization.objects.create(
                name=PROVINCE,
                kind=Organization.Kind.DEPARTMENT,
                parent=ministry,
                governing_body="UBND TỈNH QUY MÔ",
                abbreviation="SGDĐT",
                place_name="Quy Mô",
            )
            office_objs = Organization.objects.bulk_create(
                Organization(
                    name=f"Phòng Giáo dục và Đào tạo huyện Số {i + 1}",
                    kind=Organization.Kind.OFFICE,
                    parent=province,
                    governing_body=f"UBND HUYỆN SỐ {i + 1}",
                    abbreviation="PGDĐT",
                    place_name=f"Huyện Số {i + 1}",
                )
                for i in range(offices)
            )
            _set_paths(office_objs)
            school_objs = []
            for i in range(schools):
                office = office_objs[i % offices]
                level = LEVELS[i % len(LEVELS)]
                school_objs.append(
                    Organization(
                        name=f"{LEVEL_PREFIX[level]} Số {i + 1}",
                        kind=Organization.Kind.SCHOOL,
                        school_level=level,
                        parent=office,
                        governing_body=office.governing_body.replace("UBND", "PHÒNG GDĐT"),
                        abbreviation=f"TS{i + 1}",
                        place_name=office.place_name,
                    )
                )
            school_objs = Organization.objects.bulk_create(school_objs, batch_size=1000)
            _set_paths(school_objs)
            units = Unit.objects.bulk_create(
                [u for school in school_objs for u in school_units(school)], batch_size=2000
            )
            units_by_school = {}
            for unit in units:
                units_by_school.setdefault(unit.organization_id, []).append(unit)
            people = []
            for school in school_objs:
                people += school_staff(rng, school, units_by_school[school.pk], staff)
                if len(people) >= 5000:
                    Person.objects.bulk_create(people, batch_size=2000)
                    people = []
            Person.objects.bulk_create(people, batch_size=2000)
        elapsed = time.perf_counter() - started
        total = Person.objects.filter(organization__path__startswith=province.path).count()
        self.stdout.write(
            f"Đã tạo {offices} Phòng, {schools} trường, {len(units)} tổ, {total} cán bộ "
            f"trong {elapsed:.1f} giây."
        )
