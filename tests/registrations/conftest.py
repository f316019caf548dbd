"""Registrations on top of the tree fixture: a campaign of school A1 (and of B1) with a
published plan whose registration deadline is 30 days ahead, and makers of M1 and M2."""

import pytest

from tests.factories.registrations import (
    make_campaign,
)


@pytest.fixture
def campaign_a1(tree):
    return make_campaign(tree.school_a1)


@pytest.fixture
def campaign_b1(tree):
    return make_campaign(tree.school_b1)
