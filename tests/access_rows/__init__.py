"""Rows of the access matrix (tests/test_access_matrix.py), split by subject.

Each module defines ROWS: {url name: (kwargs from the world, expected status per role)}.
A kwargs function receives the `world` fixture (conftest.py) and may create what the URL
needs. The helpers below spell the usual expectations.
"""

ROLES = [
    "anonymous",
    "district_admin",
    "school_admin",
    "le_supervisor",
    "sro",
    "program_viewer",
    "other_district_admin",
    "other_supervisor",
    "staff",
]
MEMBERS = ROLES[1:]


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Every role gets `default` except the ones named."""
    return {role: overrides.get(role, default) for role in ROLES}


def signed_in(status: int, **overrides: int) -> dict[str, int]:
    """Anonymous users are sent to sign in (302); every member gets `status`."""
    return expect(status, anonymous=302, **overrides)


# Who may see North's objects (their detail and history pages).
SEES_NORTH = signed_in(200, other_district_admin=404, other_supervisor=404)
# The supervisor keeps the agency's officer records; others who see them get 403.
KEEPS_NORTH_OFFICERS = signed_in(
    403, le_supervisor=200, staff=200, other_district_admin=404, other_supervisor=404
)
SEES_NORTH_REPORTS = signed_in(404, district_admin=200, program_viewer=200, staff=200)


def form(kwargs_for, expected: dict[str, int]) -> tuple:
    """A form page: an empty POST gets what a GET gets (the form again, with its errors, for
    those who may use it)."""
    return (kwargs_for, expected, expected)


def action(kwargs_for, posted: dict[str, int]) -> tuple:
    """A POST-only action: a GET is 405 for members (anonymous people are sent to sign in)."""
    return (kwargs_for, signed_in(405), posted)
