"""Generated but realistic Vietnamese staff for the demo and scale data sets."""

import datetime

from .models import Organization, Person, Unit

SURNAMES = (
    ["Nguyễn"] * 30
    + ["Trần"] * 10
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"] * 2
)
MIDDLE = {
    Person.Gender.FEMALE: [
        "Thị",
        "Thị",
        "Thị",
        "Thị Thu",
        "Ngọc",
        "Thanh",
        "Thu",
        "Kim",
        "Hồng",
        "Thùy",
        "Mỹ",
        "Bích",
        "Thị Kim",
        "Phương",
    ],
    Person.Gender.MALE: [
        "Văn",
        "Văn",
        "Hữu",
        "Minh",
        "Quốc",
        "Đức",
        "Thanh",
        "Công",
        "Xuân",
        "Ngọc",
        "Hoàng",
        "Trọng",
    ],
}
GIVEN = {
    Person.Gender.FEMALE: [
        "Anh",
        "Hoa",
        "Lan",
        "Hương",
        "Mai",
        "Linh",
        "Trang",
        "Thảo",
        "Hằng",
        "Ngân",
        "Phương",
        "Yến",
        "Nhung",
        "Loan",
        "Hạnh",
        "Thủy",
        "Oanh",
        "Vân",
        "Uyên",
        "Ánh",
        "Diễm",
        "Hiền",
        "Châu",
        "Ngọc",
        "Dung",
        "Giang",
        "Huệ",
        "Liên",
        "Nga",
        "Quyên",
        "Tâm",
        "Thắm",
        "Xuân",
        "Ý",
        "Đào",
        "Ơn",
        "Ưng",
    ],
    Person.Gender.MALE: [
        "Hùng",
        "Dũng",
        "Tuấn",
        "Nam",
        "Long",
        "Minh",
        "Phúc",
        "Khoa",
        "Tâm",
        "Thành",
        "Sơn",
        "Hải",
        "Quang",
        "Bình",
        "Đạt",
        "Lộc",
        "Trung",
        "Việt",
        "Hiếu",
        "Ân",
        "Cường",
        "Đông",
        "Khánh",
        "Tùng",
    ],
}

TEAMS_BY_LEVEL = {
    Organization.Level.PRESCHOOL: [
        "Tổ Nhà trẻ",
        "Tổ Mẫu giáo bé",
        "Tổ Mẫu giáo nhỡ",
        "Tổ Mẫu giáo lớn",
    ],
    Organization.Level.PRIMARY: ["Tổ khối 1", "Tổ khối 2", "Tổ khối 3", "Tổ khối 4", "Tổ khối 5"],
    "secondary": [
        "Tổ Toán – Lý – CN – Tin",
        "Tổ Văn – GDCD – Nhạc",
        "Tổ Hóa – Sinh – TD",
        "Tổ Sử – Địa – Anh",
    ],
}
OFFICE_TEAM = "Tổ Văn phòng"
UNION_GROUPS = ["Tổ công đoàn số 1", "Tổ công đoàn số 2", "Tổ công đoàn số 3"]


def team_names(level):
    return TEAMS_BY_LEVEL.get(level, TEAMS_BY_LEVEL["secondary"]) + [OFFICE_TEAM]


def random_person(rng, level=None):
    female_share = 0.97 if level == Organization.Level.PRESCHOOL else 0.75
    gender = Person.Gender.FEMALE if rng.random() < female_share else Person.Gender.MALE
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
    born = datetime.date(rng.randint(1966, 2001), rng.randint(1, 12), rng.randint(1, 28))
    return name, gender, born


def school_units(school):
    """Unit objects (unsaved) for a school: professional teams, office, union groups."""
    units = [
        Unit(organization=school, kind=Unit.Kind.PROFESSIONAL_TEAM, name=name)
        for name in team_names(school.school_level)[:-1]
    ]
    units.append(Unit(organization=school, kind=Unit.Kind.OFFICE, name=OFFICE_TEAM))
    units += [
        Unit(organization=school, kind=Unit.Kind.UNION_GROUP, name=name) for name in UNION_GROUPS
    ]
    return units


def school_staff(rng, school, units, count, with_principal=True):
    """Person objects (unsaved, derived fields filled) for a school's staff.

    Without `with_principal`, the principal is left out (a named person holds it)."""
    teams = [u for u in units if u.kind == Unit.Kind.PROFESSIONAL_TEAM]
    office = next(u for u in units if u.kind == Unit.Kind.OFFICE)
    groups = [u for u in units if u.kind == Unit.Kind.UNION_GROUP]
    people = []
    for index in range(count):
        name, gender, born = random_person(rng, school.school_level)
        if index == 0:
            if not with_principal:
                continue
            position, team = Person.Position.PRINCIPAL, office
        elif index < 3:
            position, team = Person.Position.VICE_PRINCIPAL, office
        elif index < count - 3:
            position, team = Person.Position.TEACHER, teams[index % len(teams)]
        else:
            position, team = Person.Position.STAFF, office
        person = Person(
            organization=school,
            full_name=name,
            gender=gender,
            date_of_birth=born,
            position=position,
            team=team,
            union_group=groups[index % len(groups)],
        )
        person.fill_derived_fields()
        people.append(person)
    return people
