"""Awards rows made directly, for tests that need a state rather than the path to it
(tests of services build their state through the services)."""

import pytest

from awards.models import AwardForm, Title


@pytest.fixture
def catalogue(db):
    """The catalogue and the dated law of the data migrations, back after a flush by an
    earlier test that ran outside a transaction."""
    from django.apps import apps

    from awards import catalogue as data
    from awards import law_data
    from awards.models import Rule

    data.load(Title, AwardForm, Rule)
    law_data.load(apps)
