"""Loan, reservation and receipt slips, printed through Qt's print support.

Without a printer nothing is written anywhere by itself: ``slip_printer`` answers ``None``
and the tab says so and offers to save the slip as a PDF file where the person chooses.
On the 80 mm roll a barcode and its date never wrap (``nowrap`` cells, a font of the slip's
size); titles may. The header names the library; the service point follows once. A hold
slip names the reader as the hold shelf does: the name's first character and the card's
last four (``holdshelf.mask_name``, ``mask_card``)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from workstation import timeutil
from workstation.errors import CONTEXT
from workstation.services.circulation.holds import HoldSlip
from workstation.services.circulation.holdshelf import mask_card, mask_name
from workstation.services.circulation.loans import LoanLine
from workstation.services.circulation.money import KIND_LABELS, ReceiptSlip
from workstation.services.circulation.transfers import REASON_LABELS, TransferSlip

SLIP_WIDTH_MM = 80  # a receipt printer's paper roll
SLIP_FONT_PT = 8  # a 14-character barcode and a date fit on one line of the 74 mm between margins


def _labels() -> dict[str, str]:
    e = html.escape
    return {
        "loan_slip": e(QCoreApplication.translate("CirculationSlips", "Loan slip")),
        "card": e(QCoreApplication.translate("CirculationSlips", "Card")),
        "item": e(QCoreApplication.translate("CirculationSlips", "Item")),
        "due": e(QCoreApplication.translate("CirculationSlips", "Due")),
        "items": e(QCoreApplication.translate("CirculationSlips", "Items")),
        "reserved": e(QCoreApplication.translate("CirculationSlips", "RESERVED")),
        "pickup": e(QCoreApplication.translate("CirculationSlips", "Pick up at")),
        "receipt": e(QCoreApplication.translate("CirculationSlips", "Receipt")),
        "amount": e(QCoreApplication.translate("CirculationSlips", "Amount")),
        "staff": e(QCoreApplication.translate("CirculationSlips", "Staff")),
        "reason": e(QCoreApplication.translate("CirculationSlips", "Reason")),
        "yuan": e(QCoreApplication.translate("CirculationSlips", "yuan")),
        "transfer": e(QCoreApplication.translate("CirculationSlips", "TRANSFER")),
        "send_to": e(QCoreApplication.translate("CirculationSlips", "Send to")),
        "from": e(QCoreApplication.translate("CirculationSlips", "From")),
        "sent": e(QCoreApplication.translate("CirculationSlips", "Sent")),
        "why": e(QCoreApplication.translate("CirculationSlips", "Why")),
    }


def _header(library: str, title: str, point: str) -> str:
    """The library's name, then the slip's kind and the service point (once)."""
    e = html.escape
    head = f"<h3 align='center'>{e(library)}</h3>" if library else ""
    where = f" · {e(point)}" if point and point != library else ""
    return f"{head}<p align='center'>{title}{where}</p>"


def loan_slip_html(library: str, point: str, card: str, name: str, lines: Sequence[LoanLine],
                   when: dt.datetime) -> str:
    e = html.escape
    t = _labels()
    rows = "".join(f"<tr><td style='white-space: nowrap'>{e(line.barcode)}</td>"
                   f"<td align='right' style='white-space: nowrap'>{line.due_date.isoformat()}</td></tr>"
                   f"<tr><td colspan='2'>{e(line.title)}</td></tr>" for line in lines)
    local = when.astimezone(timeutil.LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")
    return (_header(library, t["loan_slip"], point)
            + f"<p>{t['card']}: {e(card)} {e(name)}<br/>{local}</p>"
            f"<table width='100%' cellspacing='0' cellpadding='1'><tr><th align='left'>{t['item']}</th>"
            f"<th align='right' style='white-space: nowrap'>{t['due']}</th></tr>"
            f"{rows}</table><p>{t['items']}: {len(lines)}</p>")


def hold_slip_html(library: str, slip: HoldSlip) -> str:
    e = html.escape
    t = _labels()
    local = slip.ready_at.astimezone(timeutil.LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")
    head = f"<h3 align='center'>{e(library)}</h3>" if library else ""
    return (f"{head}<h2 align='center'>{t['reserved']}</h2>"
            f"<p><b>{e(mask_card(slip.card_number))}</b> {e(mask_name(slip.reader_name))}</p>"
            f"<p>{e(slip.title)}</p><p><span style='white-space: nowrap'>{e(slip.barcode)}</span> "
            f"<span style='white-space: nowrap'>{e(slip.call_number)}</span></p>"
            f"<p>{t['pickup']}: {e(slip.pickup_point)}<br/><span style='white-space: nowrap'>{local}</span></p>")


def transfer_slip_html(library: str, slip: TransferSlip) -> str:
    """The slip that travels in an item sent to another library: the destination library's
    name and code large, where from and why; for a reservation, the reader (masked) and the
    pickup desk."""
    e = html.escape
    t = _labels()
    local = slip.sent_at.astimezone(timeutil.LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")
    head = f"<h3 align='center'>{e(library)}</h3>" if library else ""
    why = e(QCoreApplication.translate(CONTEXT, REASON_LABELS[slip.reason]))
    hold = ""
    if slip.card_number:
        hold = (f"<p><b>{t['reserved']}</b>: {e(mask_card(slip.card_number))} {e(mask_name(slip.reader_name))}"
                f"<br/>{t['pickup']}: {e(slip.pickup_point)}</p>")
    return (f"{head}<h2 align='center'>{t['transfer']}</h2>"
            f"<p align='center'>{t['send_to']}</p>"
            f"<h1 align='center'>{e(slip.to_name)}</h1><h2 align='center'>{e(slip.to_code)}</h2>"
            f"<p>{t['why']}: {why}<br/>{t['from']}: {e(slip.from_name)} ({e(slip.from_code)})</p>"
            f"<p>{e(slip.title)}</p><p><span style='white-space: nowrap'>{e(slip.barcode)}</span> "
            f"<span style='white-space: nowrap'>{e(slip.call_number)}</span></p>{hold}"
            f"<p>{t['sent']}: <span style='white-space: nowrap'>{local}</span></p>")


def receipt_html(slip: ReceiptSlip) -> str:
    """A payment's or refund's receipt: number, kind, amount, reader (masked), desk and staff."""
    e = html.escape
    t = _labels()
    kind = e(QCoreApplication.translate(CONTEXT, KIND_LABELS[slip.kind]))
    local = slip.at.astimezone(timeutil.LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")
    rows = "".join(f"<tr><td style='white-space: nowrap'>{e(barcode)}</td>"
                   f"<td align='right' style='white-space: nowrap'>{share}</td></tr>" for barcode, share in slip.lines)
    table = f"<table width='100%' cellspacing='0' cellpadding='1'>{rows}</table>" if rows else ""
    reason = f"<p>{t['reason']}: {e(slip.note)}</p>" if slip.note else ""
    return (_header(slip.library, t["receipt"], slip.point)
            + f"<p><span style='white-space: nowrap'>{t['receipt']}: {e(slip.receipt)}</span><br/>"
            f"<span style='white-space: nowrap'>{local}</span></p>"
            f"<p>{t['card']}: {e(slip.card)} {e(slip.reader)}</p>"
            f"<h2 align='center'>{kind}</h2><p align='center'><b>{t['amount']}: {slip.amount} {t['yuan']}</b></p>"
            f"{table}{reason}<p>{t['staff']}: {e(slip.staff)}</p>")


def has_printer() -> bool:
    return not QPrinterInfo.defaultPrinter().isNull()


def slip_printer(pdf_path: Path | None) -> QPrinter | None:
    """A PDF file at ``pdf_path`` when one is given, else the default printer; ``None`` when
    there is no printer (the caller asks where to save a PDF: nothing is written unasked)."""
    if pdf_path is None and not has_printer():
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf_path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
    size = QPageSize(QSizeF(SLIP_WIDTH_MM, 150), QPageSize.Unit.Millimeter, "slip")
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(3, 3, 3, 3),
                                      QPageLayout.Unit.Millimeter))
    return printer


def slip_document(body: str, printer: QPrinter) -> QTextDocument:
    """The slip laid out as it will print: the roll's width, the slip's font."""
    document = QTextDocument()
    font = QFont(document.defaultFont())
    font.setPointSize(SLIP_FONT_PT)
    document.setDefaultFont(font)
    document.documentLayout().setPaintDevice(printer)
    document.setHtml(body)
    document.setPageSize(QSizeF(printer.pageRect(QPrinter.Unit.DevicePixel).size()))
    return document


def print_html(body: str, printer: QPrinter) -> None:
    slip_document(body, printer).print_(printer)
