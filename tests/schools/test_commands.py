from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from schools.demo import ACCOUNTS, DEMO_PASSWORD
from schools.models import Organization, Person, RoleAssignment, Unit


def _counts():
    return (
        Organization.objects.count(),
        Unit.objects.count(),
        Person.objects.count(),
        RoleAssignment.objects.count(),
    )


def test_seed_demo_is_idempotent_and_accounts_log_in(db, capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    out = capsys.readouterr().out
    for username in ACCOUNTS:
        assert username in out
        # django-axes checks each login against its request (settings.AUTHENTICATION_BACKENDS).
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD), username


def test_seed_demo_holds_the_seed_organisations_and_demo_office(db):
    call_command("seed_demo")
    lien_nghia = Organization.objects.get(name="Trường Mầm non Liên Nghĩa")
    assert (lien_nghia.governing_body, lien_nghia.abbreviation, lien_nghia.place_name) == (
        "UBND HUYỆN VĂN GIANG",
        "MNLN",
        "Liên Nghĩa",
    )
    assert lien_nghia.parent.name == "Phòng Giáo dục và Đào tạo huyện Văn Giang"
    for name in [
        "Sở Giáo dục và Đào tạo Bình Dương",
        "Trường Mầm non Phong Thạnh Đông",
        "Phòng Giáo dục và Đào tạo huyện Bình Chánh",
        "Trường Tiểu học Cự Khê",
    ]:
        assert Organization.objects.filter(name=name).exists(), name
    office = Organization.objects.get(name="Phòng Giáo dục và Đào tạo huyện Bàu Bàng")
    schools = list(office.schools())
    assert len(schools) >= 12
    assert len({s.school_level for s in schools}) >= 3
    for school in schools:
        staff = Person.objects.filter(organization=school).count()
        assert 15 <= staff <= 42, (school, staff)
        assert Unit.objects.filter(organization=school, kind=Unit.Kind.UNION_GROUP).exists()
    # the post-2025 shape: a THPT directly under the Sở, a school under a commune
    assert Organization.objects.get(name="Trường THPT Bàu Bàng").parent.kind == "department"
    assert Organization.objects.get(name="Trường Mầm non Tân Thành").parent.kind == "commune"


def test_seed_scale_builds_a_province(db, capsys):
    call_command("seed_demo")
    call_command("seed_scale", offices=3, schools=30, staff=12)
    out = capsys.readouterr().out
    assert "Đã tạo 3 Phòng, 30 trường" in out and "360 cán bộ" in out and "giây" in out
    province = Organization.objects.get(name__contains="Quy Mô")
    assert province.schools().count() == 30
    school = province.schools().first()
    assert school.path.startswith(province.path) and school.depth == province.depth + 2
    assert Person.objects.filter(organization__path__startswith=province.path).count() == 360
