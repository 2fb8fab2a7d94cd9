"""The apps import down the layers: customers and production never import orders."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOWER_APPS = ["customers", "production", "stock", "suppliers"]
HIGHER_APPS = ("orders", "insights", "team")
LAYER_TWO = ("stock", "suppliers")


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def upward_imports(app, higher=HIGHER_APPS):
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for module in imported_modules(path):
            if module.split(".")[0] in higher:
                found.append(f"{path.relative_to(ROOT)} imports {module}")
    return found


@pytest.mark.parametrize("app", LOWER_APPS)
def test_lower_apps_never_import_orders(app):
    assert upward_imports(app) == []


@pytest.mark.parametrize("app", ["customers", "production"])
def test_the_first_layer_never_imports_stock_or_suppliers(app):
    assert upward_imports(app, higher=LAYER_TWO) == []


def test_orders_never_imports_the_apps_above_it():
    assert upward_imports("orders", higher=("insights", "team")) == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    app = tmp_path / "production"
    app.mkdir()
    (app / "views.py").write_text("from orders.models import Order\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert upward_imports("production") == ["production/views.py imports orders.models"]


def test_common_imports_no_app():
    apps = ("customers", "production", *LAYER_TWO, *HIGHER_APPS)
    found = [f"{path.relative_to(ROOT)} imports {module}" for path in sorted((ROOT / "common").rglob("*.py"))
             for module in imported_modules(path) if module.split(".")[0] in apps]
    assert found == []


def test_orders_never_imports_the_apps_above_it():
    found = [f"{path.relative_to(ROOT)} imports {module}" for path in sorted((ROOT / "orders").rglob("*.py"))
             for module in imported_modules(path) if module.split(".")[0] in ("insights", "team")]
    assert found == []
