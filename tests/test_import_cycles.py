"""No import circles among the product's modules, nor among its apps (issue 17, item 4).

The graph is read from the source with `ast`: every `import` and `from … import`, at
module level and inside functions alike (a late import inside a function is still a
dependency; hiding one there does not break a circle), except under
`if TYPE_CHECKING:`. `from package import name` points at the submodule when `name`
is one, else at the package. A circle is broken by moving the shared piece below both
modules, never by importing late."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_PRODUCT = {"tests", "bench", "staticfiles"}


def _product_modules():
    modules = {}
    for package in sorted(ROOT.iterdir()):
        if package.name in NOT_PRODUCT or not (package / "__init__.py").exists():
            continue
        for path in package.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _absolute(module, is_package, level, target):
    if not level:
        return target
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def _imported(node, module, is_package):
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = _absolute(module, is_package, node.level, node.module)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _type_checking(node):
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(tree):
    """Every import statement of a module, wherever it is, but under TYPE_CHECKING."""
    pending = [tree]
    while pending:
        node = pending.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child
            elif not _type_checking(child):
                pending.append(child)


def import_graph():
    """{module: set of product modules it imports}."""
    modules = _product_modules()
    graph = {}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        targets = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            names = _imported(node, module, is_package)
            if isinstance(node, ast.ImportFrom):  # a submodule if it is one, else the base
                base, *members = names
                names = [m if m in modules else base for m in members]
            for name in names:
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    targets.add(name)
        graph[module] = targets
    return graph


def circles(graph):
    """The strongly connected components of more than one node (Tarjan, iterative)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _explained(graph, found):
    lines = []
    for component in found:
        members = set(component)
        lines.append(" ↔ ".join(component))
        for module in component:
            lines += [f"    {module} → {t}" for t in sorted(graph[module] & members)]
    return "\n".join(lines)


def test_no_module_imports_itself_through_others():
    graph = import_graph()
    assert len(graph) > 100  # the walk found the product
    found = circles(graph)
    assert not found, "import circles:\n" + _explained(graph, found)


def test_apps_depend_one_way():
    """schools ← emulation ← registrations ← awards, audit above all: no app imports,
    even late, an app that imports it."""
    apps = {}
    for module, targets in import_graph().items():
        app = module.split(".")[0]
        apps.setdefault(app, set()).update(t.split(".")[0] for t in targets)
    for app, targets in apps.items():
        targets.discard(app)
    found = circles(apps)
    assert not found, "apps importing each other:\n" + _explained(apps, found)


def test_the_check_sees_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(graph) == [["a", "b", "c"]]


def test_common_imports_no_app():
    """common/ is below every app: what it holds is not about schools."""
    apps = {"schools", "emulation", "registrations", "awards", "audit", "config"}
    found = {
        module: sorted(t for t in targets if t.split(".")[0] in apps)
        for module, targets in import_graph().items()
        if module.split(".")[0] == "common"
    }
    assert any(module.startswith("common.") for module in found)  # the walk saw it
    assert not {m: t for m, t in found.items() if t}, found
