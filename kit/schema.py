"""The data contract, read from ``data/datapackage.json``.

The Frictionless Data Package is the one source of truth for column names,
types and allowed values; the loader and the lessons take them from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kit.paths import data_dir


@dataclass(frozen=True)
class Field:
    """One column of a table as the data package describes it."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    pattern: str | None = None


@lru_cache(maxsize=None)
def _package(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def package() -> dict:
    """The parsed ``datapackage.json`` shipped with the kit."""
    return _package(str(data_dir() / "datapackage.json"))


@lru_cache(maxsize=None)
def fields(table: str) -> tuple[Field, ...]:
    """The fields of ``works`` or ``cues``, in their documented order."""
    for resource in package()["resources"]:
        if resource["name"] == table:
            out = []
            for f in resource["schema"]["fields"]:
                c = f.get("constraints", {})
                out.append(
                    Field(
                        name=f["name"],
                        type=f["type"],
                        description=f.get("description", ""),
                        required=c.get("required", False),
                        unique=c.get("unique", False),
                        enum=tuple(c["enum"]) if "enum" in c else None,
                        minimum=c.get("minimum"),
                        maximum=c.get("maximum"),
                        max_length=c.get("maxLength"),
                        pattern=c.get("pattern"),
                    )
                )
            return tuple(out)
    raise KeyError(f"no table named {table!r} in datapackage.json")


def columns(table: str) -> list[str]:
    """Column names of a table, in order."""
    return [f.name for f in fields(table)]


def allowed(table: str, column: str) -> tuple[str, ...]:
    """Allowed values of an enumerated column, e.g. ``allowed('cues', 'diegesis')``."""
    for f in fields(table):
        if f.name == column:
            if f.enum is None:
                raise KeyError(f"{table}.{column} has no fixed list of values")
            return f.enum
    raise KeyError(f"no column {column!r} in {table}")
