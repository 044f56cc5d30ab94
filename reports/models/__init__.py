"""The archive's data model, a module per part of the domain (docs/data-model.md)."""

from .articles import (
    Appearance,
    ArchiveState,
    Article,
    ArticleQuerySet,
    Correction,
    Outlet,
    Person,
    Quote,
    Story,
)
from .facets import ArticleFacet
from .imports import ImportBatch, ImportItem
from .operations import Election, Operation
from .police import PoliceUnit, UnitAlias
from .regions import Region

__all__ = [
    "Appearance",
    "ArchiveState",
    "Article",
    "ArticleFacet",
    "ArticleQuerySet",
    "Correction",
    "Election",
    "ImportBatch",
    "ImportItem",
    "Operation",
    "Outlet",
    "Person",
    "PoliceUnit",
    "Quote",
    "Region",
    "Story",
    "UnitAlias",
]
