"""Loan rules by reader category and collection type: loan days, max loans, max renewals."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import N_, ValidationError
from workstation.models import Role
from workstation.models.circulation import CollectionType, LoanRule, ReaderCategory
from workstation.services import audit
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


def find_rule(session: Session, category: ReaderCategory, collection: CollectionType) -> LoanRule | None:
    return session.scalar(select(LoanRule).where(LoanRule.reader_category == category,
                                                 LoanRule.collection_type == collection))


def list_rules(session: Session) -> Sequence[LoanRule]:
    return session.scalars(select(LoanRule).order_by(LoanRule.reader_category, LoanRule.collection_type)).all()


def _whole(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (low <= value <= high):
        raise ValidationError(field, N_("{field}: a whole number from {low} to {high}."),
                              field=field, low=low, high=high)
    return value


def set_rule(session: Session, actor: Actor, category: ReaderCategory | str, collection: CollectionType | str,
             *, loan_days: int, max_loans: int, max_renewals: int) -> LoanRule:
    require_role(actor, Role.MANAGER)
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
    rule = find_rule(session, category, collection)
    old = None if rule is None else [rule.loan_days, rule.max_loans, rule.max_renewals]
    if rule is None:
        rule = LoanRule(reader_category=category, collection_type=collection, loan_days=loan_days,
                        max_loans=max_loans, max_renewals=max_renewals)
        session.add(rule)
    else:
        rule.loan_days, rule.max_loans, rule.max_renewals = loan_days, max_loans, max_renewals
    session.flush()
    audit.record(session, actor, "update", "loan_rule", rule.id,
                 {"category": category.value, "collection_type": collection.value,
                  "old": old, "new": [loan_days, max_loans, max_renewals]})
    return rule
