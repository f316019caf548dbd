"""Certificates: a recorded decision with 1,000 awardees (people of 20 schools, Giấy khen
or a title); the whole certificate task (queries, templates, QR codes, WeasyPrint in
chunks, the joined PDF saved to the batch) is timed. Target: 1,000 pages in at most
60 s."""

import io
import os
import time

from bench.harness import row, setup_django

AWARDEES = int(os.environ.get("BENCH_CERTIFICATES", "1000"))
TARGET_SECONDS = 60


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLE = ["Thị", "Văn", "Hữu", "Ngọc", "Minh", "Thanh", "Quốc", "Thu"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Đào", "Giang", "Hà", "Hạnh", "Khoa", "Lan", "Linh"]


def make_decision(count):
    """A recorded decision of a Sở with `count` awardees, made with bulk inserts."""
    from django.utils import timezone

    from awards.models import Awardee, AwardForm, Decision, Nomination, Round, Title
    from emulation.models import Campaign
    from schools.models import Organization, Person, SchoolYear

    K = Organization.Kind
    department = Organization.objects.create(
        name="Sở Giáo dục và Đào tạo Bình Dương",
        kind=K.DEPARTMENT,
        governing_body="UBND TỈNH BÌNH DƯƠNG",
        abbreviation="SGDĐT",
        place_name="Bình Dương",
    )
    schools = [
        Organization.objects.create(
            name=f"Trường Tiểu học Số {n}",
            kind=K.SCHOOL,
            school_level=Organization.Level.PRIMARY,
            parent=department,
        )
        for n in range(1, 21)
    ]
    campaign = Campaign.objects.create(
        organization=department,
        school_year=SchoolYear.current(),
        name="Xây dựng và nhân rộng điển hình tiên tiến",
    )
    round = Round.objects.create(
        campaign=campaign, name="Năm học 2025 - 2026", deadline=timezone.localdate()
    )
    people = []
    for n in range(count):
        name = f"{FAMILY[n % 10]} {MIDDLE[n // 10 % 8]} {GIVEN[n // 80 % 11]} {n}"
        person = Person(
            organization=schools[n % 20],
            full_name=name,
            gender=Person.Gender.FEMALE if n % 3 else Person.Gender.MALE,
            position=Person.Position.TEACHER,
        )
        person.fill_derived_fields()
        people.append(person)
    Person.objects.bulk_create(people)
    people = list(Person.objects.filter(organization__in=schools).order_by("pk"))
    form = AwardForm.objects.get(code="giay-khen-giam-doc-so")
    title = Title.objects.get(code="cstdcs")
    nominations = Nomination.objects.bulk_create(
        Nomination(
            round=round,
            organization=p.organization,
            holder=department,
            person=p,
            title=title if i % 5 == 0 else None,
            award_form=None if i % 5 == 0 else form,
            achievements="Hoàn thành xuất sắc nhiệm vụ năm học.",
            status=Nomination.Status.AWARDED,
        )
        for i, p in enumerate(people)
    )
    decision = Decision.objects.create(
        organization=department,
        round=round,
        number=125,
        symbol="QĐ-SGDĐT",
        decision_date=timezone.localdate(),
        signer_authority="KT.",
        signer_position="Phó Giám đốc",
        signer_name="Nguyễn Văn Ký",
        status=Decision.Status.RECORDED,
    )
    Awardee.objects.bulk_create(
        Awardee(
            decision=decision,
            nomination=nomination,
            order=i,
            name=person.full_name,
            position=person.get_position_display(),
            unit_label=person.organization.name,
            title=nomination.title,
            award_form=nomination.award_form,
            award_label=nomination.award_label,
        )
        for i, (nomination, person) in enumerate(zip(nominations, people, strict=True))
    )
    return decision


def main():
    setup_django()
    from pypdf import PdfReader

    from awards.models import CertificateBatch
    from awards.tasks import make_certificates

    decision = make_decision(AWARDEES)
    batch = CertificateBatch.objects.create(decision=decision, total=AWARDEES)
    started, cpu = time.perf_counter(), time.process_time()
    make_certificates.call(batch.pk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    batch.refresh_from_db()
    assert batch.status == CertificateBatch.Status.DONE, batch.error
    with batch.file.open("rb") as handle:
        content = handle.read()
    pages = len(PdfReader(io.BytesIO(content)).pages)
    assert pages == AWARDEES, pages
    target = TARGET_SECONDS * AWARDEES / 1000
    return [
        row(
            f"certificates, {AWARDEES:,} awardees in one background task",
            f"{seconds:.1f} s ({seconds * 1000 / pages:.0f} ms/page, CPU {cpu:.1f} s, "
            f"{len(content) / 1e6:.1f} MB PDF)",
            f"≤ {target:.0f} s",
            seconds <= target,
        )
    ]
