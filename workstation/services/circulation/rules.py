"""Loan rules by reader category and collection type: loan days, max loans, max renewals."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from workstation.errors import N_, ValidationError
from workstation.models import Role
from workstation.models.circulation import CollectionType, LoanRule, ReaderCategory
from workstation.services import audit
from workstation.services.admin import get_library, require_all_libraries, require_manages
from workstation.services.context import Actor, require_role

MAX_LOAN_DAYS = 365
MAX_LOANS = 500
MAX_RENEWALS = 20

CATEGORY_LABELS = {
    ReaderCategory.ADULT: N_("adult"),
    ReaderCategory.CHILD: N_("child"),
    ReaderCategory.DISABLED: N_("blind or disabled"),
    ReaderCategory.OTHER: N_("other"),
}
COLLECTION_LABELS = {
    CollectionType.BOOK: N_("book"),
    CollectionType.SERIAL: N_("serial"),
    CollectionType.AUDIOVISUAL: N_("audiovisual"),
    CollectionType.E_DOCUMENT: N_("e-document"),
}


def find_rule(session: Session, category: ReaderCategory, collection: CollectionType,
              library_id: int | None = None) -> LoanRule | None:
    """The rule of ``library_id`` for this category and collection type, else the rule for
    every library."""
    return session.scalar(select(LoanRule).where(
        LoanRule.reader_category == category, LoanRule.collection_type == collection,
        or_(LoanRule.library_id.is_(None), LoanRule.library_id == library_id))
        .order_by(LoanRule.library_id.is_(None)).limit(1))


def _scope(library_id: int | None) -> ColumnElement[bool]:
    return LoanRule.library_id.is_(None) if library_id is None else LoanRule.library_id == library_id


def list_rules(session: Session, library_id: int | None = None) -> Sequence[LoanRule]:
    """The rules set for exactly this scope (``None``: every library's)."""
    return session.scalars(select(LoanRule).where(_scope(library_id))
                           .order_by(LoanRule.reader_category, LoanRule.collection_type)).all()


def _require_scope(session: Session, actor: Actor, library_id: int | None) -> None:
    """A manager sets their own library's rules; the rules of every library are the central
    library's to set."""
    if library_id is None:
        require_all_libraries(session, actor, role=Role.MANAGER)
    else:
        get_library(session, library_id)
        require_manages(session, actor, library_id, role=Role.MANAGER)


def _whole(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (low <= value <= high):
        raise ValidationError(field, N_("{field}: a whole number from {low} to {high}."),
                              field=field, low=low, high=high)
    return value


def set_rule(session: Session, actor: Actor, category: ReaderCategory | str, collection: CollectionType | str,
             *, loan_days: int, max_loans: int, max_renewals: int, library_id: int | None = None) -> LoanRule:
    """Set the rule of one library (``library_id``) or of every library (``None``)."""
    require_role(actor, Role.MANAGER)
    _require_scope(session, actor, library_id)
    try:
        category = ReaderCategory(category)
    except ValueError:
        raise ValidationError("category", N_("Reader category: unknown.")) from None
    try:
        collection = CollectionType(collection)
    except ValueError:
        raise ValidationError("collection_type", N_("Collection type: unknown.")) from None
    loan_days = _whole(loan_days, "loan_days", 1, MAX_LOAN_DAYS)
    max_loans = _whole(max_loans, "max_loans", 0, MAX_LOANS)
    max_renewals = _whole(max_renewals, "max_renewals", 0, MAX_RENEWALS)
    rule = session.scalar(select(LoanRule).where(LoanRule.reader_category == category,
                                                 LoanRule.collection_type == collection, _scope(library_id)))
    old = None if rule is None else [rule.loan_days, rule.max_loans, rule.max_renewals]
    if rule is None:
        rule = LoanRule(reader_category=category, collection_type=collection, loan_days=loan_days,
                        max_loans=max_loans, max_renewals=max_renewals, library_id=library_id)
        session.add(rule)
    else:
        rule.loan_days, rule.max_loans, rule.max_renewals = loan_days, max_loans, max_renewals
    session.flush()
    audit.record(session, actor, "update", "loan_rule", rule.id,
                 {"category": category.value, "collection_type": collection.value, "library_id": library_id,
                  "old": old, "new": [loan_days, max_loans, max_renewals]})
    return rule


def remove_rule(session: Session, actor: Actor, rule_id: int) -> None:
    """Remove a library's own rule: its loans follow the rule for every library again. The
    rules for every library stay (a loan needs one)."""
    require_role(actor, Role.MANAGER)
    rule = session.get(LoanRule, rule_id)
    if rule is None or rule.library_id is None:
        raise ValidationError("rule", N_("Loan rule: only a library's own rule can be removed."))
    _require_scope(session, actor, rule.library_id)
    audit.record(session, actor, "delete", "loan_rule", rule.id,
                 {"category": rule.reader_category.value, "collection_type": rule.collection_type.value,
                  "library_id": rule.library_id})
    session.delete(rule)
