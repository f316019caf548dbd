"""Awards rows made directly, for tests that need a state rather than the path to it
(tests of services build their state through the services)."""

import pytest

from awards.models import AwardForm, Title


@pytest.fixture
def catalogue(db):
    """The catalogue and the dated law of the data migrations, for tests that use them:
    there as migrated (a test database starts as migrated and its tables go back to
    that after a test that commits, tests/conftest.py), so only checked, not loaded
    again (133 queries a test)."""
    from awards.models import Authority, AwardMoney, BaseSalary, Rule

    for model in (Title, AwardForm, Rule, BaseSalary, AwardMoney, Authority):
        assert model.objects.exists(), f"{model.__name__}: none, as migrated"
