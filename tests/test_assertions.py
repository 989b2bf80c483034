"""Every test can fail: each test function states what it checks.

A test function passes this check when its body contains an ``assert`` statement, a
``pytest.raises``/``pytest.warns`` block, a ``django_assert_num_queries`` (or
``django_assert_max_num_queries``) block, or a call to a helper whose name starts with
``assert`` or ``expect`` (Playwright's ``expect``, ``assert_*``/``expect_*`` helpers).
A helper that asserts on behalf of tests is named that way so this check can see it.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CHECKING_CALLS = {"raises", "warns", "django_assert_num_queries", "django_assert_max_num_queries"}


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _checks_something(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = _called_name(node)
            if name in CHECKING_CALLS or name.startswith(("assert", "expect")):
                return True
    return False


def _test_functions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test"
        ):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and (
                    item.name.startswith("test")
                ):
                    yield f"{node.name}.{item.name}", item


def unchecked_tests(root: Path = TESTS) -> list[str]:
    found = []
    for path in sorted(root.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, function in _test_functions(tree):
            if not _checks_something(function):
                found.append(f"{path.relative_to(root.parent)}::{name}")
    return found


def test_every_test_function_asserts_something():
    assert unchecked_tests() == []


def test_the_check_flags_a_test_that_asserts_nothing(tmp_path):
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n"
        "def test_silent():\n    make_thing()\n"
        "def test_asserts():\n    assert make_thing()\n"
        "def test_raises():\n    with pytest.raises(ValueError):\n        make_thing()\n"
        "def test_queries(django_assert_num_queries):\n"
        "    with django_assert_num_queries(2):\n        make_thing()\n"
        "def test_helper():\n    assert_made(make_thing())\n"
        "class TestGroup:\n    def test_quiet(self):\n        make_thing()\n"
    )
    assert unchecked_tests(tmp_path) == [
        f"{tmp_path.name}/test_sample.py::test_silent",
        f"{tmp_path.name}/test_sample.py::TestGroup.test_quiet",
    ]
