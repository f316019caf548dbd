"""The demo district: the organisations that issued the seed documents, one demo Phòng
with its schools, staff and the demo accounts. Loading twice changes nothing.

Higher apps add their demo content (plans, registrations...) by appending a function
`loader(demo)` to DEMO_LOADERS in their AppConfig.ready()."""

import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from . import services
from .demo_data import school_staff, school_units
from .models import Organization, Person, Role, SchoolYear, Unit

DEMO_PASSWORD = "demo12345"
DEMO_LOADERS = []

K = Organization.Kind
L = Organization.Level

# (name, kind, level, governing body, abbreviation, place, children)
TREE = (
    "Bộ Giáo dục và Đào tạo",
    K.MINISTRY,
    "",
    "",
    "BGDĐT",
    "Hà Nội",
    [
        (
            "Sở Giáo dục và Đào tạo Bình Dương",
            K.DEPARTMENT,
            "",
            "UBND TỈNH BÌNH DƯƠNG",
            "SGDĐT",
            "Bình Dương",
            [
                (
                    "Phòng Giáo dục và Đào tạo huyện Bàu Bàng",
                    K.OFFICE,
                    "",
                    "UBND HUYỆN BÀU BÀNG",
                    "PGDĐT",
                    "Bàu Bàng",
                    [
                        (
                            "Trường Tiểu học Lai Uyên",
                            K.SCHOOL,
                            L.PRIMARY,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "THLU",
                            "Lai Uyên",
                            [],
                        ),
                        (
                            "Trường THCS Lai Hưng",
                            K.SCHOOL,
                            L.LOWER_SECONDARY,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "THCSLH",
                            "Lai Hưng",
                            [],
                        ),
                        (
                            "Trường Mầm non Hoa Sen",
                            K.SCHOOL,
                            L.PRESCHOOL,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "MNHS",
                            "Lai Uyên",
                            [],
                        ),
                        (
                            "Trường Mầm non Sơn Ca",
                            K.SCHOOL,
                            L.PRESCHOOL,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "MNSC",
                            "Lai Hưng",
                            [],
                        ),
                        (
                            "Trường Mầm non Lai Uyên",
                            K.SCHOOL,
                            L.PRESCHOOL,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "MNLU",
                            "Lai Uyên",
                            [],
                        ),
                        (
                            "Trường Tiểu học Long Nguyên",
                            K.SCHOOL,
                            L.PRIMARY,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "THLN",
                            "Long Nguyên",
                            [],
                        ),
                        (
                            "Trường Tiểu học Trừ Văn Thố",
                            K.SCHOOL,
                            L.PRIMARY,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "THTVT",
                            "Trừ Văn Thố",
                            [],
                        ),
                        (
                            "Trường Tiểu học Cây Trường",
                            K.SCHOOL,
                            L.PRIMARY,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "THCT",
                            "Cây Trường II",
                            [],
                        ),
                        (
                            "Trường Tiểu học Lai Hưng",
                            K.SCHOOL,
                            L.PRIMARY,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "THLH",
                            "Lai Hưng",
                            [],
                        ),
                        (
                            "Trường THCS Long Nguyên",
                            K.SCHOOL,
                            L.LOWER_SECONDARY,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "THCSLN",
                            "Long Nguyên",
                            [],
                        ),
                        (
                            "Trường THCS Trừ Văn Thố",
                            K.SCHOOL,
                            L.LOWER_SECONDARY,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "THCSTVT",
                            "Trừ Văn Thố",
                            [],
                        ),
                        (
                            "Trường THCS Lai Uyên",
                            K.SCHOOL,
                            L.LOWER_SECONDARY,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "THCSLU",
                            "Lai Uyên",
                            [],
                        ),
                        (
                            "Trường TH và THCS Hưng Hòa",
                            K.SCHOOL,
                            L.MULTI_LEVEL,
                            "PHÒNG GDĐT HUYỆN BÀU BÀNG",
                            "THTHCSHH",
                            "Hưng Hòa",
                            [],
                        ),
                    ],
                ),
                # Since 07/2025: a THPT directly under the Sở, a commune office above schools.
                (
                    "Trường THPT Bàu Bàng",
                    K.SCHOOL,
                    L.UPPER_SECONDARY,
                    "SỞ GDĐT BÌNH DƯƠNG",
                    "THPTBB",
                    "Bàu Bàng",
                    [],
                ),
                (
                    "UBND xã Bắc Tân Uyên",
                    K.COMMUNE,
                    "",
                    "UBND XÃ BẮC TÂN UYÊN",
                    "UBND",
                    "Bắc Tân Uyên",
                    [
                        (
                            "Trường Mầm non Tân Thành",
                            K.SCHOOL,
                            L.PRESCHOOL,
                            "UBND XÃ BẮC TÂN UYÊN",
                            "MNTT",
                            "Tân Thành",
                            [],
                        ),
                    ],
                ),
            ],
        ),
        (
            "Sở Giáo dục và Đào tạo Bạc Liêu",
            K.DEPARTMENT,
            "",
            "UBND TỈNH BẠC LIÊU",
            "SGDĐT",
            "Bạc Liêu",
            [
                (
                    "Phòng Giáo dục và Đào tạo thị xã Giá Rai",
                    K.OFFICE,
                    "",
                    "UBND THỊ XÃ GIÁ RAI",
                    "PGDĐT",
                    "Giá Rai",
                    [
                        (
                            "Trường Mầm non Phong Thạnh Đông",
                            K.SCHOOL,
                            L.PRESCHOOL,
                            "PHÒNG GDĐT THỊ XÃ GIÁ RAI",
                            "MNPTĐ",
                            "Phong Thạnh Đông",
                            [],
                        ),
                    ],
                ),
            ],
        ),
        (
            "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
            K.DEPARTMENT,
            "",
            "UBND THÀNH PHỐ HỒ CHÍ MINH",
            "SGDĐT",
            "Thành phố Hồ Chí Minh",
            [
                (
                    "Phòng Giáo dục và Đào tạo huyện Bình Chánh",
                    K.OFFICE,
                    "",
                    "UBND HUYỆN BÌNH CHÁNH",
                    "PGDĐT",
                    "Bình Chánh",
                    [
                        (
                            "Trường Tiểu học Tân Túc",
                            K.SCHOOL,
                            L.PRIMARY,
                            "PHÒNG GDĐT HUYỆN BÌNH CHÁNH",
                            "THTT",
                            "Tân Túc",
                            [],
                        ),
                        (
                            "Trường Tiểu học An Hạ",
                            K.SCHOOL,
                            L.PRIMARY,
                            "PHÒNG GDĐT HUYỆN BÌNH CHÁNH",
                            "THAH",
                            "Phạm Văn Hai",
                            [],
                        ),
                        (
                            "Trường Tiểu học Vĩnh Lộc A",
                            K.SCHOOL,
                            L.PRIMARY,
                            "PHÒNG GDĐT HUYỆN BÌNH CHÁNH",
                            "THVLA",
                            "Vĩnh Lộc A",
                            [],
                        ),
                        (
                            "Trường Tiểu học Bình Chánh",
                            K.SCHOOL,
                            L.PRIMARY,
                            "PHÒNG GDĐT HUYỆN BÌNH CHÁNH",
                            "THBC",
                            "Bình Chánh",
                            [],
                        ),
                    ],
                ),
            ],
        ),
        (
            "Sở Giáo dục và Đào tạo Hà Nội",
            K.DEPARTMENT,
            "",
            "UBND THÀNH PHỐ HÀ NỘI",
            "SGDĐT",
            "Hà Nội",
            [
                (
                    "Phòng Giáo dục và Đào tạo huyện Thanh Oai",
                    K.OFFICE,
                    "",
                    "UBND HUYỆN THANH OAI",
                    "PGDĐT",
                    "Thanh Oai",
                    [
                        (
                            "Trường Tiểu học Cự Khê",
                            K.SCHOOL,
                            L.PRIMARY,
                            "PHÒNG GDĐT HUYỆN THANH OAI",
                            "THCK",
                            "Cự Khê",
                            [],
                        ),
                    ],
                ),
            ],
        ),
        (
            "Sở Giáo dục và Đào tạo Hưng Yên",
            K.DEPARTMENT,
            "",
            "UBND TỈNH HƯNG YÊN",
            "SGDĐT",
            "Hưng Yên",
            [
                (
                    "Phòng Giáo dục và Đào tạo huyện Văn Giang",
                    K.OFFICE,
                    "",
                    "UBND HUYỆN VĂN GIANG",
                    "PGDĐT",
                    "Văn Giang",
                    [
                        (
                            "Trường Mầm non Liên Nghĩa",
                            K.SCHOOL,
                            L.PRESCHOOL,
                            "UBND HUYỆN VĂN GIANG",
                            "MNLN",
                            "Liên Nghĩa",
                            [],
                        ),
                    ],
                ),
            ],
        ),
    ],
)

DEMO_SCHOOL = "Trường Tiểu học Lai Uyên"
BLOCK_LEADER_SCHOOL = "Trường THCS Lai Hưng"
DEMO_OFFICE = "Phòng Giáo dục và Đào tạo huyện Bàu Bàng"
DEMO_DEPARTMENT = "Sở Giáo dục và Đào tạo Bình Dương"

# People named in the seed documents, placed at their organisations.
SEED_PEOPLE = [
    ("Trường Mầm non Phong Thạnh Đông", "Trần Thị Phiên", Person.Position.PRINCIPAL, "female"),
    ("Trường Mầm non Phong Thạnh Đông", "Đặng Kim Ngân", Person.Position.TEACHER, "female"),
    ("Trường Tiểu học Cự Khê", "Ngô Viết Thành", Person.Position.PRINCIPAL, "male"),
    ("Trường Mầm non Liên Nghĩa", "Nguyễn Thị Bang", Person.Position.PRINCIPAL, "female"),
    (
        "Sở Giáo dục và Đào tạo Bình Dương",
        "Nguyễn Phương Dung",
        Person.Position.DEPUTY_DIRECTOR,
        "female",
    ),
]

SCHOOLS_WITH_NAMED_PRINCIPAL = {
    org for org, _name, position, _gender in SEED_PEOPLE if position == Person.Position.PRINCIPAL
} | {DEMO_SCHOOL, BLOCK_LEADER_SCHOOL}

# username -> (organisation, person name, position, role, unit name or None)
ACCOUNTS = {
    "admin": (
        "Bộ Giáo dục và Đào tạo",
        "Quản trị hệ thống",
        Person.Position.SPECIALIST,
        Role.ADMINISTRATOR,
        None,
    ),
    "so": (
        DEMO_DEPARTMENT,
        "Lê Thị Thu Hà",
        Person.Position.SPECIALIST,
        Role.DEPARTMENT_STAFF,
        None,
    ),
    "phong": (DEMO_OFFICE, "Phạm Văn Tùng", Person.Position.SPECIALIST, Role.OFFICE_STAFF, None),
    "hieutruong": (
        DEMO_SCHOOL,
        "Nguyễn Thị Hồng Nhung",
        Person.Position.PRINCIPAL,
        Role.PRINCIPAL,
        None,
    ),
    "ctcd": (DEMO_SCHOOL, "Trần Thị Mỹ Lệ", Person.Position.TEACHER, Role.UNION_CHAIR, None),
    "totruong": (
        DEMO_SCHOOL,
        "Võ Thị Bích Trâm",
        Person.Position.TEACHER,
        Role.UNION_GROUP_LEADER,
        "Tổ công đoàn số 1",
    ),
    "giaovien": (
        DEMO_SCHOOL,
        "Lê Văn Khải",
        Person.Position.TEACHER,
        Role.TEACHER,
        "Tổ công đoàn số 1",
    ),
    "khoitruong": (
        BLOCK_LEADER_SCHOOL,
        "Huỳnh Văn Phát",
        Person.Position.PRINCIPAL,
        Role.BLOCK_LEADER,
        None,
    ),
}
ACCOUNT_LABELS = {
    "admin": "Quản trị hệ thống",
    "so": "Chuyên viên Sở GDĐT Bình Dương",
    "phong": "Chuyên viên Phòng GDĐT huyện Bàu Bàng",
    "hieutruong": "Hiệu trưởng Trường Tiểu học Lai Uyên",
    "ctcd": "Chủ tịch công đoàn Trường Tiểu học Lai Uyên",
    "totruong": "Tổ trưởng Tổ công đoàn số 1, Trường Tiểu học Lai Uyên",
    "giaovien": "Giáo viên Tổ công đoàn số 1, Trường Tiểu học Lai Uyên",
    "khoitruong": "Hiệu trưởng Trường THCS Lai Hưng, khối trưởng",
}


@dataclass
class Demo:
    """What the loader made, handed to the loaders of higher apps."""

    organizations: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    school_year: object = None

    def org(self, name):
        return self.organizations[name]


def _load_tree(node, parent, demo):
    name, kind, level, governing, abbreviation, place, children = node
    org, _created = Organization.objects.get_or_create(
        name=name,
        parent=parent,
        defaults={
            "kind": kind,
            "school_level": level,
            "governing_body": governing,
            "abbreviation": abbreviation,
            "place_name": place,
        },
    )
    demo.organizations[name] = org
    for child in children:
        _load_tree(child, org, demo)


def _load_school_staff(school):
    if Unit.objects.filter(organization=school).exists():
        return
    rng = random.Random(school.name)
    units = Unit.objects.bulk_create(school_units(school))
    named_principal = school.name in SCHOOLS_WITH_NAMED_PRINCIPAL
    Person.objects.bulk_create(
        school_staff(rng, school, units, rng.randint(15, 40), not named_principal)
    )


def _first_unit(org, kind):
    return Unit.objects.filter(organization=org, kind=kind).order_by("name").first()


def _load_accounts(demo):
    User = get_user_model()
    for username, (org_name, full_name, position, role, unit_name) in ACCOUNTS.items():
        org = demo.org(org_name)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": full_name, "is_superuser": username == "admin"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        unit = Unit.objects.get(organization=org, name=unit_name) if unit_name else None
        Person.objects.get_or_create(
            user=user,
            defaults={
                "organization": org,
                "full_name": full_name,
                "gender": "male" if " Văn " in full_name else "female",
                "position": position,
                "union_group": unit or _first_unit(org, Unit.Kind.UNION_GROUP),
                "team": _first_unit(
                    org,
                    Unit.Kind.OFFICE
                    if position == Person.Position.PRINCIPAL
                    else Unit.Kind.PROFESSIONAL_TEAM,
                ),
                "email": f"{username}@demo.thidua.vn",
            },
        )
        services.assign_role(user, role, org, unit=unit, school_year=demo.school_year)
        if role in (Role.UNION_CHAIR, Role.UNION_GROUP_LEADER, Role.BLOCK_LEADER):
            base_role = Role.PRINCIPAL if role == Role.BLOCK_LEADER else Role.TEACHER
            services.assign_role(user, base_role, org, school_year=demo.school_year)
        demo.users[username] = user


def load_demo():
    demo = Demo(school_year=SchoolYear.current())
    with transaction.atomic():
        _load_tree(TREE, None, demo)
        for org in demo.organizations.values():
            if org.is_school:
                _load_school_staff(org)
        for org_name, full_name, position, gender in SEED_PEOPLE:
            Person.objects.get_or_create(
                organization=demo.org(org_name),
                full_name=full_name,
                defaults={"position": position, "gender": gender},
            )
        _load_accounts(demo)
        for loader in DEMO_LOADERS:
            loader(demo)
    return demo
