"""The types each record's fields must have, checked before a record is mapped.

An export (or a server) can put an object where a name is expected, a number where a list is,
``true`` where an id is. The mappers assume the documented shapes, so each record is checked here
first: a record with a wrong-typed field is skipped with a reason a user can act on
("field 'idList' is an object, expected text"), and a board-level field with a wrong type stops
the read with one line. Only the fields the mappers read are checked; unknown fields are ignored.

A shape is a tuple of ``(key, allowed types, inner)`` fields; ``None`` values always pass (absent
and null mean the same to the mappers). ``inner`` is a shape (the value is an object) or
:class:`Each` (the elements of a list), or None. :func:`fits` is the shape compiled to
straight-line code (a million actions are checked per big export); :func:`problem` explains a
record that does not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Union

TEXT: tuple[type, ...] = (str,)
NUMBER: tuple[type, ...] = (int, float)
SCALAR: tuple[type, ...] = (str, int, float)
OBJECT: tuple[type, ...] = (dict,)
LIST: tuple[type, ...] = (list,)
#: Elements the mapper skips unless they are objects (whose fields are then checked).
ANY: tuple[type, ...] = (dict, list, str, int, float, bool)


@dataclass(frozen=True, slots=True)
class Each:
    """Every (non-null) element of a list is one of ``types`` and fits ``inner``."""

    types: tuple[type, ...]
    inner: Shape | None = None


Inner = Union[tuple, Each, None]  # noqa: UP007 - a tuple is a shape (forward reference)
Shape = tuple[tuple[str, tuple[type, ...], Inner], ...]


def kind_of(value: Any) -> str:
    """What a JSON value is, in the words of a message: "an object", "a list", "a number"..."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


_NAMES = {
    str: "text",
    int: "a number",
    float: "a number",
    dict: "an object",
    list: "a list",
    datetime: "a date",
}


def _expected(types: tuple[type, ...]) -> str:
    return " or ".join(dict.fromkeys(_NAMES.get(t, t.__name__) for t in types))


def _bad_type(value: Any, types: tuple[type, ...]) -> bool:
    # JSON gives exact types; bool is an int subclass but never a number or text here
    return type(value) not in types


def problem(record: Any, shape: Shape, where: str = "") -> str | None:
    """The first wrong-typed field of ``record`` as one phrase, or None when it fits ``shape``."""
    if type(record) is not dict:
        subject = f"field '{where}' " if where else ""
        return f"{subject}is {kind_of(record)}, expected an object"
    for key, types, inner in shape:
        value = record.get(key)
        if value is None:
            continue
        name = f"{where}.{key}" if where else key
        if _bad_type(value, types):
            return f"field '{name}' is {kind_of(value)}, expected {_expected(types)}"
        found = _inner_problem(value, inner, name)
        if found:
            return found
    return None


def _inner_problem(value: Any, inner: Inner, name: str) -> str | None:
    """``inner`` checks a list's elements (Each) or an object's fields (a shape); a value of
    another allowed type (text where an object or text is allowed) has nothing inside to check."""
    if inner is None:
        return None
    if isinstance(inner, Each):
        if type(value) is not list:
            return None
        for index, element in enumerate(value):
            if element is None:
                continue
            where = f"{name}[{index}]"
            if _bad_type(element, inner.types):
                return f"field '{where}' is {kind_of(element)}, expected {_expected(inner.types)}"
            found = _inner_problem(element, inner.inner, where)
            if found:
                return found
        return None
    if type(value) is not dict:
        return None
    return problem(value, inner, name)


def fits(shape: Shape) -> Callable[[Any], bool]:
    """``shape`` as a compiled check: True when a record fits it (then :func:`problem` is None)."""
    lines = ["def fits(r):", "    if type(r) is not dict: return False"]
    constants: dict[str, Any] = {}
    _emit(shape, "r", lines, 1, constants, [0])
    lines.append("    return True")
    namespace: dict[str, Any] = dict(constants)
    exec("\n".join(lines), namespace)  # noqa: S102 - code generated from our own shapes only
    return namespace["fits"]


def _type_test(var: str, types: tuple[type, ...], constants: dict[str, Any]) -> str:
    if len(types) == 1:
        constants[f"T_{types[0].__name__}"] = types[0]
        return f"type({var}) is not T_{types[0].__name__}"
    name = "T_" + "_".join(t.__name__ for t in types)
    constants[name] = frozenset(types)
    return f"type({var}) not in {name}"


#: Fields of a shape always looked up; those after them only when the record has one of them.
_COMMON = 4


def _emit(
    shape: Shape, var: str, lines: list[str], depth: int, constants: dict, counter: list[int]
) -> None:
    pad = "    " * depth
    counter[0] += 1
    get = f"g{counter[0]}"
    lines.append(f"{pad}{get} = {var}.get")
    for index, (key, types, inner) in enumerate(shape):
        if index == _COMMON and len(shape) > _COMMON + 1:
            # The rest are rarely there: one set test (over the few keys a record has) instead
            # of a look-up of each. Shapes list their usual fields first.
            counter[0] += 1
            rare = f"K{counter[0]}"
            constants[rare] = frozenset(k for k, _, _ in shape[_COMMON:])
            lines.append(f"{pad}if not {rare}.isdisjoint({var}):")
            depth += 1
            pad = "    " * depth
        counter[0] += 1
        value = f"v{counter[0]}"
        lines.append(f"{pad}{value} = {get}({key!r})")
        lines.append(f"{pad}if {value} is not None:")
        lines.append(f"{pad}    if {_type_test(value, types, constants)}: return False")
        if inner is not None and len(types) > 1:  # e.g. text or an object: check inside objects
            container = "list" if isinstance(inner, Each) else "dict"
            lines.append(f"{pad}    if type({value}) is {container}:")
            _emit_inner(inner, value, lines, depth + 2, constants, counter)
        else:
            _emit_inner(inner, value, lines, depth + 1, constants, counter)


def _emit_inner(
    inner: Inner, var: str, lines: list[str], depth: int, constants: dict, counter: list[int]
) -> None:
    if inner is None:
        return
    pad = "    " * depth
    if isinstance(inner, Each):
        counter[0] += 1
        element = f"e{counter[0]}"
        lines.append(f"{pad}for {element} in {var}:")
        lines.append(f"{pad}    if {element} is None: continue")
        lines.append(f"{pad}    if {_type_test(element, inner.types, constants)}: return False")
        if inner.inner is not None and len(inner.types) > 1:
            container = "list" if isinstance(inner.inner, Each) else "dict"
            lines.append(f"{pad}    if type({element}) is {container}:")
            _emit_inner(inner.inner, element, lines, depth + 2, constants, counter)
        else:
            _emit_inner(inner.inner, element, lines, depth + 1, constants, counter)
        return
    _emit(inner, var, lines, depth, constants, counter)


__all__ = [
    "ANY",
    "LIST",
    "NUMBER",
    "OBJECT",
    "SCALAR",
    "TEXT",
    "Each",
    "fits",
    "kind_of",
    "problem",
]
