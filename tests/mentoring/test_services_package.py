"""The mentoring services are a package of one concern a module, re-exported whole by
`mentoring.services` (its docstring says so)."""

import ast
import importlib
import pkgutil
from pathlib import Path

import mentoring.services as services


def _modules():
    return [
        importlib.import_module(f"mentoring.services.{info.name}")
        for info in pkgutil.iter_modules(services.__path__)
    ]


def _public_names_defined_in(module) -> set[str]:
    tree = ast.parse(Path(module.__file__).read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return {name for name in names if not name.startswith("_")}


def test_services_package_reexports_every_public_name_of_its_modules():
    missing = {
        f"{module.__name__}.{name}"
        for module in _modules()
        for name in _public_names_defined_in(module)
        if name not in services.__all__ or getattr(services, name) is not getattr(module, name)
    }

    assert len(_modules()) >= 8
    assert missing == set()


def test_services_modules_import_each_other_not_the_package():
    through_package = [
        module.__name__
        for module in _modules()
        for node in ast.walk(ast.parse(Path(module.__file__).read_text()))
        if isinstance(node, ast.ImportFrom) and node.module == "mentoring.services"
    ]

    assert through_package == []
