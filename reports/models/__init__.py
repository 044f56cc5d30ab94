"""The archive's data model, a module per part of the domain (docs/data-model.md)."""

from .articles import Appearance, ArchiveState, Article, Outlet, Person, Quote
from .operations import Election, Operation
from .police import PoliceUnit, UnitAlias
from .regions import Region

__all__ = [
    "Appearance",
    "ArchiveState",
    "Article",
    "Election",
    "Operation",
    "Outlet",
    "Person",
    "PoliceUnit",
    "Quote",
    "Region",
    "UnitAlias",
]
