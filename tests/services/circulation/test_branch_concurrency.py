"""Concurrency across libraries on PostgreSQL: four desks in three libraries (two at the
central library, one at each branch), each on its own thread and connection, lending and
returning the same books (owned by all three libraries) at random. Returns away from home
send books in transit; return scans at their destination receive them. Afterwards: no book
has two open loans, every acknowledged operation is in the database and nothing else, and
every transfer is accounted for (sent = received + still in transit, agreeing with the
books' statuses)."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from tests.branch_data import build
from tests.conftest import make_staff
from tests.desk_data import lending_desks
from workstation.db import Database, open_database
from workstation.errors import DatabaseUnavailable
from workstation.models import CENTRAL_LIBRARY_ID, Role
from workstation.models.circulation import Item, ItemStatus, Loan, ReaderCategory, Transfer
from workstation.services import retry
from workstation.services.circulation import loans, rules
from workstation.services.circulation.refusals import CirculationRefused
from workstation.services.circulation.transfers import Received
from workstation.services.context import Actor

OPERATIONS = 400  # per desk


@dataclass
class Tally:
    lent: list[int] = field(default_factory=list)
    returned: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    received: list[int] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)


def _work(url: str, actor: Actor, readers: list[int], books: list[str], seed: int, start: float,
          tally: Tally) -> None:
    db = open_database(url, upgrade=False)  # this desk's own engine and connection
    rng = random.Random(seed)
    time.sleep(max(0.0, start - time.time()))
    try:
        for _ in range(OPERATIONS):
            book = rng.choice(books)
            try:
                if rng.random() < 0.5:
                    reader = rng.choice(readers)
                    lent = retry.run(db, lambda s, r=reader, b=book: loans.checkout(s, actor, r, b))
                    tally.lent.append(lent.line.loan_id)
                else:
                    back = retry.run(db, lambda s, b=book: loans.return_or_receive(s, actor, b))
                    if isinstance(back, Received):
                        tally.received.append(back.transfer_id)
                        if back.onward is not None:
                            tally.sent.append(back.onward.transfer_id)
                    else:
                        tally.returned.append(back.loan_id)
                        if back.transfer is not None:
                            tally.sent.append(back.transfer.transfer_id)
            except CirculationRefused as err:
                tally.refused[err.code.value] += 1
            except DatabaseUnavailable:
                tally.refused["busy"] += 1
    finally:
        db.dispose()


@pytest.mark.pg
def test_four_desks_in_three_libraries_lend_and_return_the_same_books(pg_db: Database) -> None:
    db = pg_db
    world = build(db, readers=40, books_each=10, prefix="K")
    second = make_staff(db, "desk.central2", Role.DESK).at(lending_desks(db)[1])
    with db.begin() as s:  # enough loans per reader that the limit does not get in the way
        rules.set_rule(s, world.admin, ReaderCategory.ADULT, "book", loan_days=30, max_loans=100, max_renewals=1)
    actors = [world.desks[CENTRAL_LIBRARY_ID], second, world.desks[world.xy], world.desks[world.lc]]
    books = [b for owned in world.books.values() for b in owned]
    tallies = [Tally() for _ in actors]
    start = time.time() + 1.5
    threads = [threading.Thread(target=_work, args=(db.url, actor, world.readers[n::4], books, 7 + n, start, tally))
               for n, (actor, tally) in enumerate(zip(actors, tallies, strict=True))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
        assert not thread.is_alive()
    with db.begin() as s:
        for actor, tally in zip(actors, tallies, strict=True):
            done = len(tally.lent) + len(tally.returned) + len(tally.received)
            print(f"\n{actor.username}: lent {len(tally.lent)}, returned {len(tally.returned)}, sent "
                  f"{len(tally.sent)}, received {len(tally.received)}, refused {dict(tally.refused)}")
            assert done + sum(tally.refused.values()) == OPERATIONS  # every operation answered
            assert tally.refused["busy"] == 0  # the retries absorbed every collision: no lost operation
            # every acknowledged operation is in the database once, and nothing else by this desk
            assert sorted(s.scalars(select(Loan.id).where(Loan.staff_id == actor.staff_id))) == sorted(tally.lent)
            assert sorted(s.scalars(select(Loan.id).where(Loan.return_staff_id == actor.staff_id))) \
                == sorted(tally.returned)
            assert sorted(s.scalars(select(Transfer.id).where(Transfer.sent_by == actor.staff_id))) \
                == sorted(tally.sent)
            assert sorted(s.scalars(select(Transfer.id).where(Transfer.received_by == actor.staff_id))) \
                == sorted(tally.received)
        sent = sum(len(t.sent) for t in tallies)
        received = sum(len(t.received) for t in tallies)
        in_transit = set(s.scalars(select(Transfer.item_id).where(Transfer.received_at.is_(None))))
        # every transfer accounted for: sent = received + still in transit, one journey per book
        assert s.scalar(select(func.count()).select_from(Transfer)) == sent
        assert sent == received + len(in_transit)
        assert s.scalar(select(func.count()).select_from(Transfer).where(Transfer.received_at.is_(None))) \
            == len(in_transit)
        # and the books' statuses say the same: on loan = open loans, in transit = open journeys
        open_loans = list(s.scalars(select(Loan.item_id).where(Loan.returned_at.is_(None))))
        assert len(open_loans) == len(set(open_loans))  # 0 double loans
        status = {row.id: row.status for row in s.execute(select(Item.id, Item.status)
                                                          .where(Item.barcode.like("K%")))}
        assert {i for i, st in status.items() if st is ItemStatus.ON_LOAN} == set(open_loans)
        assert {i for i, st in status.items() if st is ItemStatus.IN_TRANSIT} == in_transit
        assert {st for i, st in status.items() if i not in in_transit and i not in open_loans} \
            <= {ItemStatus.AVAILABLE}
        total_lent = sum(len(t.lent) for t in tallies)
        assert s.scalar(select(func.count()).select_from(Loan)) == total_lent
    assert received > 10 and sent > 20 and total_lent > 100  # the mix really crossed libraries
