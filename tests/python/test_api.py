# The public API is documented: every function in nncert.__all__ has a docstring that help() shows,
# and the type stubs declare every public name (a name added without both fails here).
import ast
import inspect
import os

import nncert

STUBS = os.path.join(os.path.dirname(nncert.__file__), "__init__.pyi")


def test_every_public_function_has_a_docstring():
    for name in nncert.__all__:
        obj = getattr(nncert, name)
        if inspect.isfunction(obj):
            assert obj.__doc__ and len(obj.__doc__) > 80, name
    assert issubclass(nncert.InvalidInput, ValueError)
    assert issubclass(nncert.RangeExceeded, ArithmeticError)
    assert issubclass(nncert.UnsoundEnvironment, RuntimeError)


def test_the_stubs_declare_every_public_name():
    tree = ast.parse(open(STUBS, encoding="utf-8").read())
    declared = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    missing = set(nncert.__all__) - declared
    assert not missing, missing
    # The stubs' signatures take the same parameters as the functions.
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in nncert.__all__:
            stub = [a.arg for a in node.args.args + node.args.kwonlyargs]
            real = list(inspect.signature(getattr(nncert, node.name)).parameters)
            assert stub == real, (node.name, stub, real)
