"""Object URLs of awards/views/block_nominations.py (the block leader's proposal)."""

from django.utils import timezone

from emulation.blocks import services as block_services
from schools.models import SchoolYear


def ranked_block_of_a1(tree):
    """A block led by school A1 whose ranking is closed and approved, school A1 leading (one school:
    the mirrored tree of the permission matrix has no second school)."""
    block = block_services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        "Khối A",
        tree.school_a1,
        [tree.school_a1],
    )
    block.ranking_closed_at = block.ranking_approved_at = timezone.now()
    block.leading_school = tree.school_a1
    block.save()
    return block


OBJECT_URLS = {
    "block_nomination_create": (ranked_block_of_a1, {"admin", "principal_a1"}, "get", {}),
}
