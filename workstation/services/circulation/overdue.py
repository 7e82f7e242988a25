"""The overdue list of a service point, and its export to an Excel workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, ValidationError
from workstation.models import Role, ServicePoint
from workstation.models.circulation import Item, Loan, Reader
from workstation.services import audit
from workstation.services.circulation.readers import mask_phone
from workstation.services.context import Actor, require_role
from workstation.services.safe_files import neutralise

# Column headings of the exported workbook: Chinese data for the desk's own use.
EXPORT_HEADERS = ("条码", "题名", "索书号", "读者证号", "读者姓名", "电话", "借出日期", "应还日期", "超期天数")


@dataclass(frozen=True)
class OverdueLine:
    loan_id: int
    barcode: str
    title: str
    call_number: str
    card_number: str
    reader_name: str
    phone: str
    lent_day: dt.date
    due_date: dt.date
    days_overdue: int


def overdue_loans(session: Session, actor: Actor, service_point_id: int,
                  today: dt.date | None = None) -> list[OverdueLine]:
    """Open loans made at ``service_point_id`` whose due date has passed, most overdue first.
    Phones are masked except for administrators."""
    require_role(actor, Role.DESK)
    if session.get(ServicePoint, service_point_id) is None:
        raise ValidationError("service_point", N_("Service point: unknown."))
    today = today or timeutil.today()
    rows: Sequence[tuple[Loan, Item, Reader]] = session.execute(
        select(Loan, Item, Reader).join(Item, Item.id == Loan.item_id).join(Reader, Reader.id == Loan.reader_id)
        .where(Loan.service_point_id == service_point_id, Loan.returned_at.is_(None), Loan.due_date < today)
        .order_by(Loan.due_date, Loan.id)).all()
    show = actor.role is Role.ADMIN
    return [OverdueLine(loan.id, item.barcode, item.title, item.call_number, reader.card_number, reader.name,
                        (reader.phone or "") if show else mask_phone(reader.phone), loan.local_day,
                        loan.due_date, (today - loan.due_date).days)
            for loan, item, reader in rows]


def export_overdue_xlsx(session: Session, actor: Actor, service_point_id: int, path: Path | str,
                        today: dt.date | None = None) -> int:
    """Write the overdue list to ``path``; returns the number of lines. Audited (personal data)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    lines = overdue_loans(session, actor, service_point_id, today)
    point = session.get(ServicePoint, service_point_id)
    assert point is not None
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "超期"
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        # text typed by people is written as text, never as a formula
        sheet.append([neutralise(v) for v in (line.barcode, line.title, line.call_number, line.card_number,
                                              line.reader_name, line.phone)]
                     + [line.lent_day, line.due_date, line.days_overdue])
    for column, width in zip("ABCDEFGHI", (14, 40, 16, 14, 10, 14, 12, 12, 10), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=8):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    book.save(Path(path))
    audit.record(session, actor, "export", "overdue", service_point_id,
                 {"service_point": point.name, "lines": len(lines)})
    return len(lines)
