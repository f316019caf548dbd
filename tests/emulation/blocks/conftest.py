import pytest

from emulation.blocks import services
from schools.models import Role, SchoolYear
from tests.factories import OrganizationFactory, user_with_role


@pytest.fixture
def block(tree):
    """Block of office A: school A1 (leader), A2 and a third school A4."""
    school_a4 = OrganizationFactory(name="Trường A4", parent=tree.office_a)
    tree.users["principal_a4"] = user_with_role(Role.PRINCIPAL, school_a4, username="ht_a4")
    tree.school_a4 = school_a4
    return services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        "Khối 1",
        tree.school_a1,
        [tree.school_a1, tree.school_a2, school_a4],
    )
