"""The search package stays a stack of small pieces, in the order its map says.

``bot/search/__init__.py`` lists the modules in the order a query goes through them;
a module may import only the ones listed above it, so there are no cycles and the
seams (analysis, index, ranking, relevance) stay replaceable one at a time.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bot.search

PACKAGE = Path(bot.search.__file__).parent
MAX_LINES = 400
MAX_METHODS = 25


def _mapped_order() -> list[str]:
    return re.findall(r"^\* ``(\w+)``", bot.search.__doc__ or "", flags=re.MULTILINE)


def _modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"}


def _search_imports(tree: ast.Module) -> set[str]:
    """The package's modules that ``tree`` imports (``""`` for the package itself)."""
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name == "bot.search":
                found.add("")
            elif name.startswith("bot.search."):
                found.add(name.split(".")[2])
    return found


def test_the_map_lists_every_module_once() -> None:
    order = _mapped_order()
    assert sorted(order) == sorted(_modules())


def test_modules_import_only_the_ones_above_them() -> None:
    order = _mapped_order()
    for name, tree in _modules().items():
        above = set(order[: order.index(name)])
        imports = _search_imports(tree)
        assert "" not in imports, f"{name} imports the package, not a module"
        assert imports <= above, (name, imports - above)


def test_modules_and_classes_stay_small() -> None:
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert text.count("\n") <= MAX_LINES, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                methods = [n for n in node.body
                           if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
                assert len(methods) <= MAX_METHODS, (path.name, node.name)
