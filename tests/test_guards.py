"""Guards that read the source: what ruff's banned-api cannot see.

1. Views, selectors, forms, filters, middleware and context processors scope every tenant noun
   through the door (programs/access.py): none of them reaches a door noun's manager
   (`Officer.objects...`) itself. The exceptions are few and say why on the line, with a
   `# door: <reason>` comment (e.g. a computation over ids that already came from the door).
2. Nothing enqueues a Celery task but the transactional outbox (sro_admin/outbox.py): the
   effect is written with the change and delivered after the commit, so no worker looks for
   a row that is not committed yet and none is lost when the broker is down (ADRs 0005, 0016).

Each guard is tested against a small module that breaks it, so a guard that cannot fail
fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("programs", "mous", "reports", "sro_admin", "incidents", "evaluations")

# The nouns the door hands out (programs/access.py), and who holds which role.
DOOR_NOUNS = {
    "District",
    "School",
    "Agency",
    "AgencyDistrict",
    "Officer",
    "Assignment",
    "Program",
    "Posting",
    "Selection",
    "TrainingRecord",
    "Course",
    "Membership",
}
# The MOU app's own visibility is built from the door's querysets in these functions only.
MOU_NOUNS = {"Mou", "MouVersion"}
MOU_VISIBILITY = {("mous/selectors.py", "mou_list_for"), ("mous/selectors.py", "_drafts_visible")}
# Where the door's nouns may be read without it: the door itself; the public transparency
# pages, which show only what a district has published, to everyone.
EXEMPT_MODULES = {"programs/access.py", "mous/public_selectors.py"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
READ_SIDE = (
    "views.py",
    "views/",
    "public_views.py",
    "selectors.py",
    "selectors/",
    "public_selectors.py",
    "forms.py",
    "forms/",
    "filters.py",
    "filters/",
    "middleware.py",
    "context_processors.py",
    "templatetags/",
    "needs.py",
)


def _python_files(apps=APPS):
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or "/tests/" in relative:
                continue
            yield relative, path.read_text()


def _is_read_side(relative: str) -> bool:
    inner = relative.split("/", 1)[1]
    return any(inner == p or (p.endswith("/") and inner.startswith(p)) for p in READ_SIDE)


class _Parents(ast.NodeVisitor):
    def __init__(self):
        self.parents: dict[ast.AST, ast.AST] = {}

    def generic_visit(self, node):
        for child in ast.iter_child_nodes(node):
            self.parents[child] = node
        super().generic_visit(node)


def _ancestors(node, parents):
    while node in parents:
        node = parents[node]
        yield node


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):
            return func.attr
        if isinstance(func, ast.Name):
            return func.id
    return ""


def _comment_above(lines: list[str], lineno: int) -> str:
    """The block of comment lines right above line `lineno` (1-based)."""
    block = []
    for line in reversed(lines[: lineno - 1]):
        if not line.strip().startswith("#"):
            break
        block.append(line.strip())
    return " ".join(reversed(block))


def manager_use_outside_the_door(relative: str, source: str) -> list[str]:
    """`<DoorNoun>.objects` on the read side, without a `# door:` reason on its line."""
    if relative in EXEMPT_MODULES or not _is_read_side(relative):
        return []
    tree = ast.parse(source)
    finder = _Parents()
    finder.visit(tree)
    lines = source.splitlines()
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGERS
            and isinstance(node.value, ast.Name)
            and node.value.id in DOOR_NOUNS | MOU_NOUNS
        ):
            continue
        parents = list(_ancestors(node, finder.parents))
        # `Model.objects.none()`: an empty queryset that a form fills from the door.
        parent = finder.parents.get(node)
        if isinstance(parent, ast.Attribute) and parent.attr == "none":
            continue
        # A Prefetch's queryset only orders rows of a parent that was already scoped.
        if any(_call_name(p) == "Prefetch" for p in parents):
            continue
        if node.value.id in MOU_NOUNS:
            function = next(
                (p.name for p in parents if isinstance(p, ast.FunctionDef | ast.AsyncFunctionDef)),
                "",
            )
            if (relative, function) in MOU_VISIBILITY:
                continue
        line = lines[node.lineno - 1]
        if "# door:" in line or "# door:" in _comment_above(lines, node.lineno):
            continue
        found.append(f"{relative}:{node.lineno}: {line.strip()}")
    return found


ENQUEUE_CALLS = ("delay", "apply_async", "send_task")
# The one module that hands work to the broker: after the commit, or from the relay (ADR 0016).
OUTBOX = "sro_admin/outbox.py"


def enqueue_outside_the_outbox(relative: str, source: str) -> list[str]:
    """`.delay(...)` / `.apply_async(...)` / `.send_task(...)` anywhere but the outbox, even
    inside `transaction.on_commit(...)`: an effect sent there is lost when the broker is down."""
    if relative == OUTBOX:
        return []
    lines = sorted(
        node.lineno for node in ast.walk(ast.parse(source)) if _call_name(node) in ENQUEUE_CALLS
    )
    return [f"{relative}:{line}" for line in lines]


def test_views_and_selectors_scope_door_nouns_through_the_door():
    found = [hit for rel, src in _python_files() for hit in manager_use_outside_the_door(rel, src)]
    assert found == [], "Scope these through programs/access.py (or say why with # door:)"


def test_tasks_are_enqueued_only_through_the_outbox():
    found = [hit for rel, src in _python_files() for hit in enqueue_outside_the_outbox(rel, src)]
    assert found == [], "Enqueue with sro_admin.outbox.send(task=...), in the transaction"


BREAKS_THE_DOOR = """
from programs.models import Officer, Course, Engagement
from django.db.models import Prefetch

def officer_list(request):
    return Officer.objects.filter(agency_id=request.GET["agency"])

def fine(request, officer):
    empty = Course.objects.none()
    rows = Engagement.objects.all()  # not a door noun: scoped by its program
    p = Prefetch("records", queryset=Course.objects.order_by("name"))
    ids = Officer.objects.filter(pk__in=[1]).values("pk")  # door: ids from access.officers()
    return empty, rows, p, ids
"""


@pytest.mark.parametrize(
    ("relative", "hits"),
    [
        ("programs/views/officers.py", 1),
        ("mous/selectors.py", 1),
        ("programs/services/officers.py", 0),  # services check through the door themselves
        ("programs/access.py", 0),
    ],
)
def test_the_door_guard_finds_a_manager_used_directly(relative, hits):
    assert len(manager_use_outside_the_door(relative, BREAKS_THE_DOOR)) == hits


def test_the_enqueue_guard_finds_a_bare_delay():
    source = """
from django.db import transaction
def on_commit_is_not_enough(run):
    transaction.on_commit(lambda: task.delay(run.pk))
def not_ok(run):
    task.delay(run.pk)
    other.apply_async(args=[run.pk])
def _enqueue(run_id):
    app.send_task("reports.tasks.report_run_execute", args=[run_id])
def ok(run):
    outbox.send(task="reports.tasks.report_run_execute", args=[run.pk])
"""
    assert enqueue_outside_the_outbox("reports/services.py", source) == [
        "reports/services.py:4",
        "reports/services.py:6",
        "reports/services.py:7",
        "reports/services.py:9",
    ]
    assert enqueue_outside_the_outbox("sro_admin/outbox.py", source) == []
