import pytest

from emulation.models import Plan
from tests.factories.emulation import make_plan


@pytest.fixture
def plans(tree):
    """A published plan of Sở A, a draft of school A1, a published plan of school B1."""
    return {
        "dept_a": make_plan(
            tree.dept_a,
            Plan.Status.PUBLISHED,
            number=12,
            symbol="KH-SGDĐT",
            issue_date="2024-01-05",
            title="Kế hoạch của Sở A",
        ),
        "a1_draft": make_plan(
            tree.school_a1, title="Bản nháp của trường A1", issue_date="2024-03-01"
        ),
        "b1": make_plan(
            tree.school_b1,
            Plan.Status.PUBLISHED,
            title="Kế hoạch của trường B1",
            issue_date="2024-02-01",
        ),
    }
