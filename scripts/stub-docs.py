#!/usr/bin/env python3
"""Writes the docstrings of bindings/python/python/newsgaz/_newsgaz.pyi from the built
extension's own (the Rust doc comments, the one place they are written), so that editors
and `help()` say the same thing.

    .venv/bin/python scripts/stub-docs.py           rewrite the stub in place
    .venv/bin/python scripts/stub-docs.py --check   exit 1, naming them, if any differ

Every public class, function, method and property of the stub gets its runtime docstring;
one the runtime lacks is an error (dunder methods and private helpers are left as they are).
"""

import ast
import inspect
import pathlib
import sys

import newsgaz._newsgaz as runtime

STUB = pathlib.Path(__file__).resolve().parents[1] / "bindings/python/python/newsgaz/_newsgaz.pyi"


def public(name: str) -> bool:
    return not name.startswith("_")


def runtime_doc(path: list[str]) -> str | None:
    obj = runtime
    for part in path:
        obj = inspect.getattr_static(obj, part, None)
        if obj is None:
            return None
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    doc = getattr(obj, "__doc__", None)
    return inspect.cleandoc(doc) if doc else None


def documented(node: ast.AST) -> bool:
    body = getattr(node, "body", [])
    return bool(body) and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
        and isinstance(body[0].value.value, str)


def quoted(doc: str, indent: str) -> list[str]:
    doc = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = doc.split("\n")
    if len(lines) == 1:
        return [f'{indent}"""{lines[0]}"""']
    out = [f'{indent}"""{lines[0]}']
    out += [f"{indent}{line}" if line else "" for line in lines[1:]]
    out.append(f'{indent}"""')
    return out


def targets(tree: ast.Module):
    """(node, path, indent) for every public definition, outermost first."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and public(node.name) and not issubclass(
            getattr(runtime, node.name, object), BaseException
        ):
            yield node, [node.name], "    "
            for member in node.body:
                if isinstance(member, ast.FunctionDef) and public(member.name):
                    yield member, [node.name, member.name], "        "
        elif isinstance(node, ast.FunctionDef) and public(node.name):
            yield node, [node.name], "    "


def with_docs(source: str) -> tuple[str, list[str]]:
    tree = ast.parse(source)
    lines = source.split("\n")
    missing = []
    # Edits from the bottom up, so that line numbers above stay right.
    edits = []
    for node, path, indent in targets(tree):
        doc = runtime_doc(path)
        if doc is None:
            missing.append(".".join(path))
            continue
        if documented(node):
            first = node.body[0]
            edits.append((first.lineno - 1, first.end_lineno, quoted(doc, indent)))
        elif isinstance(node, ast.FunctionDef):
            # `def f(...) -> T: ...` becomes the signature, then the docstring as its body.
            ellipsis = node.body[0]
            last = ellipsis.lineno - 1
            line = lines[last]
            head = line[: ellipsis.col_offset].rstrip()
            edits.append((last, last + 1, [head] + quoted(doc, indent)))
        else:
            first = node.body[0]
            decorators = getattr(first, "decorator_list", [])
            at = (decorators[0] if decorators else first).lineno - 1
            edits.append((at, at, quoted(doc, indent)))
    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[start:end] = new
    return "\n".join(lines), missing


def main() -> None:
    check = "--check" in sys.argv[1:]
    source = STUB.read_text()
    new, missing = with_docs(source)
    if missing:
        sys.exit("no runtime docstring for: " + ", ".join(missing))
    if check:
        if new != source:
            sys.exit(f"{STUB} is out of date: run scripts/stub-docs.py")
        return
    STUB.write_text(new)
    print(f"wrote {STUB}")


if __name__ == "__main__":
    main()
