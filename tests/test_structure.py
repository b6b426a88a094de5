"""The code's shape: the apps are layered and every import points down the stack.

    core  <-  priorities  <-  programmes  <-  meetings  <-  boardportal

A module may import from its own layer or any below it, never above: `core` is the
shared base and knows none of the apps, the apps know nothing of the site built on
them. An arrow back up is how one rule ends up with two homes, so it fails here, with
the file and line, rather than in review."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = {"core": 0, "priorities": 1, "programmes": 2, "meetings": 3, "boardportal": 4}
BASE = Path(settings.BASE_DIR)
MAX_LINES = 450


def source_files() -> list[Path]:
    """Every Python file of the layered packages, migrations left out (they are frozen
    history, and name other apps' migrations by design)."""
    return sorted(
        path
        for package in LAYERS
        for path in (BASE / package).rglob("*.py")
        if "migrations" not in path.relative_to(BASE).parts
    )


def module_of(path: Path) -> list[str]:
    """The module a file is, as parts: boardportal/views/plan.py -> boardportal, views, plan."""
    parts = list(path.relative_to(BASE).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported_modules(source: str, module: list[str], *, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a module's source, wherever it is
    (top level, inside a function, under `if TYPE_CHECKING:`); relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # `from . import x` in a package's __init__ is relative to the package itself.
                package = module if is_package else module[:-1]
                anchor = package[: len(package) - (node.level - 1)]
                name = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                name = node.module
            found.append((node.lineno, name))
    return found


def arrows_up(path: Path) -> list[str]:
    """The imports in a file that point at a higher layer than its own."""
    module = module_of(path)
    own = LAYERS[module[0]]
    relative = path.relative_to(BASE)
    return [
        f"{relative}:{line} imports {name} ({name.split('.')[0]} is above {module[0]})"
        for line, name in imported_modules(
            path.read_text(), module, is_package=path.name == "__init__.py"
        )
        if LAYERS.get(name.split(".")[0], -1) > own
    ]


def test_there_is_code_in_every_layer():
    layers = {module_of(path)[0] for path in source_files()}
    assert layers == set(LAYERS)
    assert len(source_files()) > 40  # the walk finds the code, not an empty directory


def test_no_import_points_up_the_stack():
    problems = [problem for path in source_files() for problem in arrows_up(path)]
    assert problems == []


def test_core_imports_none_of_the_apps():
    apps = set(LAYERS) - {"core"}
    found = [
        f"{path.relative_to(BASE)}:{line} imports {name}"
        for path in source_files()
        if module_of(path)[0] == "core"
        for line, name in imported_modules(
            path.read_text(), module_of(path), is_package=path.name == "__init__.py"
        )
        if name.split(".")[0] in apps
    ]
    assert found == []


# The checks above only mean something if they would see an arrow up; these would be.
@pytest.mark.parametrize(
    ("file", "source", "expected"),
    [
        ("core/rag.py", "from programmes.models import Programme", ["programmes.models"]),
        ("priorities/models.py", "import meetings.models", ["meetings.models"]),
        ("programmes/status.py", "def f():\n    from meetings import services", ["meetings"]),
        ("meetings/models.py", "from boardportal.selectors import x", ["boardportal.selectors"]),
        (
            "core/admin.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from priorities.models import Board",
            ["priorities.models"],
        ),
        # Down the stack, within a layer, and outside the project: all fine.
        ("meetings/models.py", "from core.rag import Rag\nimport programmes.models", []),
        ("programmes/admin/forms.py", "from ..models import X\nfrom django import forms", []),
    ],
)
def test_the_check_sees_an_arrow_up(tmp_path, file, source, expected, monkeypatch):
    monkeypatch.setattr(f"{__name__}.BASE", tmp_path)
    path = tmp_path / file
    path.parent.mkdir(parents=True)
    path.write_text(source)
    assert [problem.split(" imports ")[1].split(" ")[0] for problem in arrows_up(path)] == expected


@pytest.mark.parametrize(
    ("file", "source", "expected"),
    [
        ("programmes/models.py", "from .querysets import X", "programmes.querysets"),
        ("programmes/admin/forms.py", "from ..models import X", "programmes.models"),
        ("programmes/admin/__init__.py", "from . import forms", "programmes.admin"),
        ("programmes/admin/__init__.py", "from .forms import X", "programmes.admin.forms"),
        ("boardportal/views/plan.py", "from ..selectors import x", "boardportal.selectors"),
    ],
)
def test_relative_imports_are_resolved(file, source, expected):
    path = BASE / file
    ((_, name),) = imported_modules(source, module_of(path), is_package=path.name == "__init__.py")
    assert name == expected


def test_no_source_file_is_over_450_lines():
    # A file that outgrows this holds more than one thing: split it by what it holds.
    long = {
        str(path.relative_to(BASE)): n
        for path in source_files()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
