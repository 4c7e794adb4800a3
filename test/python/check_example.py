"""Checks Python example code against the jsii-generated bindings of this library.

Usage: python3 check_example.py <generated __init__.py> < example.py
Prints JSON: {"checked": [...], "problems": [...]}. Every name the example imports from
cdk_opensearch_packages must be a class the bindings define, and every keyword argument it passes to
one of their constructors or methods must be a parameter of that constructor or method.
"""
import ast
import json
import sys

MODULE = "cdk_opensearch_packages"


def parameters(function):
    args = function.args
    return {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs} - {"self", "cls"}


def bindings(path):
    """Class name -> {method name -> parameter names}, where "__init__" is the constructor."""
    with open(path, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    classes = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            classes[node.name] = {
                item.name: parameters(item)
                for item in node.body
                if isinstance(item, ast.FunctionDef)
            }
    return classes


def main():
    classes = bindings(sys.argv[1])
    methods = {}
    for members in classes.values():
        for name, params in members.items():
            methods.setdefault(name, set()).update(params)

    example = ast.parse(sys.stdin.read())
    imported = {}
    problems = []
    checked = []
    for node in ast.walk(example):
        if isinstance(node, ast.ImportFrom) and node.module == MODULE:
            for alias in node.names:
                if alias.name not in classes:
                    problems.append(f"line {node.lineno}: {MODULE} has no {alias.name}")
                imported[alias.asname or alias.name] = alias.name

    for node in ast.walk(example):
        if not isinstance(node, ast.Call):
            continue
        keywords = [k.arg for k in node.keywords if k.arg is not None]
        if isinstance(node.func, ast.Name) and node.func.id in imported:
            target = f"{imported[node.func.id]}()"
            known = classes.get(imported[node.func.id], {}).get("__init__", set())
        elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                and node.func.value.id in imported:
            owner = classes.get(imported[node.func.value.id], {})
            target = f"{imported[node.func.value.id]}.{node.func.attr}()"
            if node.func.attr not in owner:
                problems.append(f"line {node.lineno}: {target} does not exist")
                continue
            known = owner[node.func.attr]
        elif isinstance(node.func, ast.Attribute) and node.func.attr in methods:
            target = f".{node.func.attr}()"
            known = methods[node.func.attr]
        else:
            continue
        checked.append(target)
        for keyword in keywords:
            if keyword not in known:
                problems.append(f"line {node.lineno}: {target} has no parameter {keyword}")

    json.dump({"checked": checked, "problems": problems}, sys.stdout)


main()
