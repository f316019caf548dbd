"""Who is who in the permission matrix: the users of the `tree` fixture, grouped by
what they may see of school A1 and office A."""

ALL = {
    "admin",
    "dept_a",
    "office_a",
    "principal_a1",
    "chair_a1",
    "leader_a1",
    "teacher_a1",
    "principal_a2",
    "office_b",
    "principal_b1",
    "teacher_b1",
}
SEES_A1 = {"admin", "dept_a", "office_a", "principal_a1", "chair_a1", "leader_a1", "teacher_a1"}
MANAGES_A1 = {"admin", "dept_a", "office_a", "principal_a1"}
STAFF_OF_A1 = {"principal_a1", "chair_a1", "leader_a1", "teacher_a1"}
SCHOOL_OVERSIGHT_A1 = {"admin", "dept_a", "office_a", "principal_a1", "chair_a1"}
OFFICE_A = {"admin", "dept_a", "office_a"}
