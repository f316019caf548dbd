"""Sets of roles the apps ask about, defined once."""

from .models import Role

# Staff of a Phòng (or a commune's office) and of the Sở.
OFFICE_ROLES = frozenset({Role.OFFICE_STAFF, Role.DEPARTMENT_STAFF})
# Who heads a school.
SCHOOL_HEADS = frozenset({Role.PRINCIPAL, Role.VICE_PRINCIPAL})
