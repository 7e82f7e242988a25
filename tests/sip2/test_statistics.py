"""Kiosk loans count in the yearly figures, on a line of their own under their desk in the
workbook, exactly once — a 97 resend and a retried checkout change nothing."""

from __future__ import annotations

from sqlalchemy import select

from tests.sip2.conftest import PIN, Library, RawClient, sip_now, with_trailer
from workstation import timeutil
from workstation.models import AuditEntry
from workstation.reports import statistics
from workstation.reports.workbook import build_workbook
from workstation.sip2.server import Sip2Server

LINE = "    其中：综合借阅处（自助借还）"


def figures(library: Library) -> tuple[int, int, int, int]:
    """(loans of the year, the desk's loans, its self-service line in the workbook, renewals)."""
    with library.db.begin() as s:
        data = statistics.year_figures(s, timeutil.today().year)
    loans = data.figure("loans")
    parts = {p.label: p.value for p in loans.parts}
    sheet = build_workbook(data)["业务统计"]
    line = [row[2] for row in sheet.iter_rows(values_only=True) if row[0] == LINE]
    assert len(line) == 1
    return int(loans.value), int(parts["综合借阅处"]), int(line[0]), int(data.figure("renewals").value)


def test_kiosk_loans_count_once_under_their_desk(server: Sip2Server, library: Library) -> None:
    before = figures(library)
    assert before == (0, 0, 0, 0)  # the desk has kiosks: its self-service line shows, at zero
    c = RawClient(server.port)
    assert c.login().startswith(b"941")
    lend = [with_trailer(f"11YN{sip_now()}{' ' * 18}AOCZLIB|AAR0001|AB{b}|AC|AD{PIN}|", n) + b"\r"
            for n, b in ((1, "B0002"), (2, "B0003"))]
    for frame in lend:
        assert c.ask(frame)[2:3] == b"1"
    give_back = with_trailer(f"09N{sip_now()}{sip_now()}AP|AOCZLIB|ABB0003|AC|", 3) + b"\r"
    assert c.ask(give_back)[2:3] == b"1"
    after = figures(library)
    assert after == (2, 2, 2, 0)

    # the kiosk asks again: a resend, the same frame again, a checkout retried with a new AY
    assert c.ask(b"97AZFEF5\r")[:2] == b"10"
    assert c.ask(give_back)[:2] == b"10"
    retried = with_trailer(f"11YN{sip_now()}{' ' * 18}AOCZLIB|AAR0001|ABB0002|AC|AD{PIN}|", 4) + b"\r"
    assert c.ask(retried)[2:3] == b"1"
    assert figures(library) == after

    # the audit names the kiosk, like a desk's entry names its computer
    with library.db.begin() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action.in_(["checkout", "checkin"]))
                            .order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == ["checkout", "checkout", "checkin"]
        assert all(e.workstation.startswith("kiosk:kiosk-utf8@") for e in entries)
        assert all(e.staff is not None and e.staff.username == "kiosk.kiosk-utf8" for e in entries)
        assert all(e.details["service_point_id"] == library.point_id for e in entries)


def test_a_desk_loan_is_not_self_service(library: Library) -> None:
    from workstation.services.circulation import loans

    with library.db.begin() as s:
        loans.checkout(s, library.desk, library.reader_id, "B0004")
    assert figures(library) == (1, 1, 0, 0)
