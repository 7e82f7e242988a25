"""Loan and reservation slips, printed through Qt's print support (a PDF file in tests and
when no printer is installed)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from workstation import timeutil
from workstation.services.circulation.holds import HoldSlip
from workstation.services.circulation.loans import LoanLine

SLIP_WIDTH_MM = 80  # a receipt printer's paper roll


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
    }


def loan_slip_html(library: str, point: str, card: str, name: str, lines: Sequence[LoanLine],
                   when: dt.datetime) -> str:
    e = html.escape
    t = _labels()
    rows = "".join(f"<tr><td>{e(line.barcode)}<br/>{e(line.title)}</td>"
                   f"<td align='right'>{line.due_date.isoformat()}</td></tr>" for line in lines)
    local = when.astimezone(timeutil.LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")
    return (f"<h3 align='center'>{e(library)}</h3>"
            f"<p align='center'>{t['loan_slip']} · {e(point)}</p>"
            f"<p>{t['card']}: {e(card)} {e(name)}<br/>{local}</p>"
            f"<table width='100%'><tr><th align='left'>{t['item']}</th><th align='right'>{t['due']}</th></tr>"
            f"{rows}</table><p>{t['items']}: {len(lines)}</p>")


def hold_slip_html(library: str, slip: HoldSlip) -> str:
    e = html.escape
    t = _labels()
    local = slip.ready_at.astimezone(timeutil.LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")
    return (f"<h3 align='center'>{e(library)}</h3><h2 align='center'>{t['reserved']}</h2>"
            f"<p><b>{e(slip.card_number)}</b> {e(slip.reader_name)}</p>"
            f"<p>{e(slip.title)}<br/>{e(slip.barcode)} {e(slip.call_number)}</p>"
            f"<p>{t['pickup']}: {e(slip.pickup_point)}<br/>{local}</p>")


def slip_printer(pdf_path: Path | None) -> QPrinter:
    """The default printer, or a PDF file at ``pdf_path`` (always when a path is given)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf_path is not None or QPrinterInfo.defaultPrinter().isNull():
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path or Path.home() / "slip.pdf"))
    size = QPageSize(QSizeF(SLIP_WIDTH_MM, 150), QPageSize.Unit.Millimeter, "slip")
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(3, 3, 3, 3),
                                      QPageLayout.Unit.Millimeter))
    return printer


def print_html(body: str, printer: QPrinter) -> None:
    document = QTextDocument()
    document.setHtml(body)
    document.print_(printer)
