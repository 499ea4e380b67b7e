"""Imports point one way: down the layers below, which CONTRIBUTING.md draws.

The apps `front` and `api` are interface through and through. A module may import from its own app and from the apps in lower layers, never from a higher one
or from another app of its own layer. An app's interface modules (its views, urls, forms, admin,
template tags and management commands) are the top layer wherever they sit: they may call any
app's domain code, and no domain module imports them. Migrations import no app code but the
field types they name; production code never imports the test helpers in vplan/testing.

The test reads the source, so an upward import fails here the day it is written, including one
hidden inside a function.
"""

import ast
from pathlib import Path

import vplan

LAYERS = [
    {"mail_url", "client_ip", "request_log"},  # settings.py reads mail_url
    {
        "swedish",
        "audit",
        "settings",
        "csp",
        "htmx",
        "neutralise",
        "upload_limits",
        "jobs",
        "paging",
        "kept",
    },
    {"organisation"},
    {"plans", "signin"},
    {"followups"},
    {"objectplans"},
    {"exchange"},
    {"reports", "overviews", "lineage", "search"},
    {"imports", "demo"},
    {"front", "api"},
    {"urls", "cli", "wsgi"},
]
TEST_ONLY = {"testing", "factories"}
INTERFACE_APPS = {"api", "front"}
INTERFACE_FILES = {"views.py", "urls.py", "forms.py", "admin.py", "api.py"}
INTERFACE_FOLDERS = {"management", "templatetags"}
FIELDS_MODULES = {"vplan.plans.fields"}

PACKAGE = Path(vplan.__file__).parent
LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}


def app_of(module: str) -> str:
    return module.split(".")[1]


def is_interface(path: Path) -> bool:
    relative = path.relative_to(PACKAGE)
    if relative.parts[0] in INTERFACE_APPS:
        return True
    if INTERFACE_FOLDERS & set(relative.parts):
        return True
    return path.name in INTERFACE_FILES or path.stem.endswith(("_views", "_forms"))


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def vplan_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) for every import of a vplan module in the source, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "vplan":
                found += [(node.lineno, f"vplan.{alias.name}") for alias in node.names]
            elif node.module.startswith("vplan."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("vplan.")]
    return found


def production_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "static" in parts or Path(parts[0]).stem in TEST_ONLY:
            continue
        yield path


def upward_imports() -> list[str]:
    files = list(production_files())
    interface_modules = {module_name(path) for path in files if is_interface(path)}
    problems = []
    for path in files:
        problems += problems_in(path, path.read_text(), interface_modules)
    return problems


def problems_in(path: Path, source: str, interface_modules: set[str]) -> list[str]:
    module = module_name(path)
    own_app = app_of(module) if "." in module else module
    problems = []
    for line, target in vplan_imports(source):
        where = f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}"
        target_app = app_of(target)
        if "migrations" in path.parts:
            if target not in FIELDS_MODULES:
                problems.append(f"{where}: migrations import no app code")
        elif target_app in TEST_ONLY:
            problems.append(f"{where}: production code never imports the test helpers")
        elif own_app not in LAYER_OF or target_app not in LAYER_OF:
            unknown = own_app if own_app not in LAYER_OF else target_app
            problems.append(f"{where}: '{unknown}' has no layer in LAYERS")
        elif target_app == own_app:
            continue
        elif is_interface(path):
            if target in interface_modules and LAYER_OF[target_app] > LAYER_OF[own_app]:
                problems.append(f"{where}: an interface module of a higher app")
        elif target in interface_modules:
            problems.append(f"{where}: domain code imports an interface module")
        elif LAYER_OF[target_app] >= LAYER_OF[own_app]:
            problems.append(
                f"{where}: '{own_app}' (layer {LAYER_OF[own_app]}) may not import "
                f"'{target_app}' (layer {LAYER_OF[target_app]})"
            )
    return problems


def test_imports_point_down_the_layers():
    problems = upward_imports()
    assert not problems, "Imports that point up or across the layers:\n" + "\n".join(problems)


def test_every_app_has_a_layer():
    apps = {
        path.name
        for path in PACKAGE.iterdir()
        if (path / "__init__.py").exists() and path.name not in TEST_ONLY | {"tests"}
    }
    modules = {path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    unplaced = (apps | modules) - set(LAYER_OF) - TEST_ONLY
    assert not unplaced, f"give these a layer in LAYERS: {sorted(unplaced)}"


def test_an_upward_import_inside_a_function_is_caught():
    source = "def f():\n    from vplan.followups.models import StatusReport\n"
    problems = problems_in(PACKAGE / "plans" / "models.py", source, set())
    assert len(problems) == 1
    assert "vplan/plans/models.py:2 imports vplan.followups.models" in problems[0]


def test_an_import_across_one_layer_is_caught():
    source = "from vplan.lineage.rollover import carry_over\n"
    assert problems_in(PACKAGE / "overviews" / "figures.py", source, set())


def test_views_may_call_any_domain_code_but_domain_code_never_calls_views():
    assert not problems_in(PACKAGE / "plans" / "views.py", "import vplan.reports.document\n", set())
    views = {"vplan.plans.views"}
    assert problems_in(PACKAGE / "reports" / "document.py", "import vplan.plans.views\n", views)


def test_production_code_never_imports_the_test_helpers():
    source = "from vplan.testing.factories import make_plan\n"
    assert problems_in(PACKAGE / "demo" / "demo_data.py", source, set())
