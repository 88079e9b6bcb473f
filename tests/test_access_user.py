"""access.user: roles, the row-level scope a user puts on Filters, and what each role may do."""
from __future__ import annotations

from access.user import DEMO_USER, User
from warehouse.filters import Filters

LEADER = User(username="ju", role="leader")
ANALYST = User(username="fx", role="analyst")
SCHOOL = User(username="xz", role="school", schools=frozenset({"S1", "S2"}))


def test_a_school_user_is_scoped_to_its_schools():
    assert SCHOOL.scope(Filters(year=2024)).allowed_schools == frozenset({"S1", "S2"})
    assert SCHOOL.scope(Filters(year=2024)).year == 2024


def test_the_scope_only_narrows():
    narrowed = SCHOOL.scope(Filters(allowed_schools=frozenset({"S2", "S9"})))
    assert narrowed.allowed_schools == frozenset({"S2"})
    assert SCHOOL.scope(Filters(allowed_schools=frozenset())).allowed_schools == frozenset()
    assert LEADER.scope(Filters(allowed_schools=frozenset({"S9"}))).allowed_schools == frozenset({"S9"})


def test_leaders_and_analysts_see_every_school():
    assert LEADER.scope(Filters()).allowed_schools is None
    assert ANALYST.scope(Filters()).allowed_schools is None


def test_a_school_user_with_no_school_sees_nothing():
    assert User(username="x", role="school").scope(Filters()).allowed_schools == frozenset()


def test_permissions_by_role():
    rows = [(u.role, u.can_import, u.can_download_teacher_rows, u.can_view_data_quality)
            for u in (LEADER, ANALYST, SCHOOL)]
    assert rows == [("leader", False, False, True), ("analyst", True, True, True),
                    ("school", False, False, False)]


def test_demo_mode_is_a_leader_with_full_rights():
    assert DEMO_USER.demo and DEMO_USER.role == "leader" and DEMO_USER.allowed_schools is None
    assert DEMO_USER.can_import and DEMO_USER.can_download_teacher_rows
