"""Slips on the 80 mm roll: barcodes and dates on one line each, the library's name in the
header with the service point once, the reader masked on the hold slip, receipts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from PySide6.QtGui import QTextDocument

from workstation import timeutil
from workstation.models.desk_records import PaymentKind
from workstation.services.circulation.holds import HoldSlip
from workstation.services.circulation.loans import LoanLine
from workstation.services.circulation.money import ReceiptSlip
from workstation.ui.circulation import slips

WHEN = timeutil.at_local(dt.date(2027, 1, 5), 14, 30)


def _single_lines(document: QTextDocument, texts: set[str]) -> dict[str, int]:
    """How many lines each block whose text is one of ``texts`` is laid out on."""
    return {text: lines for text, (lines, _width) in _laid_out(document, texts).items()}


def _laid_out(document: QTextDocument, texts: set[str]) -> dict[str, tuple[int, float]]:
    """(lines, width of the first line) of each block whose text is one of ``texts``."""
    found: dict[str, tuple[int, float]] = {}
    block = document.begin()
    while block.isValid():
        if block.text() in texts:
            layout = block.layout()
            found[block.text()] = (layout.lineCount(), layout.lineAt(0).naturalTextWidth())
        block = block.next()
    return found


def test_loan_slip_barcodes_and_dates_do_not_wrap(qtbot, tmp_path: Path) -> None:
    lines = [LoanLine(i, f"C{i:013d}", "一本书名相当长的图书，副书名也很长，还有丛书名和卷册次" * 2,
                      dt.date(2027, 1, 5) + dt.timedelta(days=i), 0, False) for i in range(1, 4)]
    body = slips.loan_slip_html("长治市图书馆", "综合借阅处", "R000123", "李华", lines, WHEN)
    printer = slips.slip_printer(tmp_path / "loan.pdf")
    assert printer is not None
    document = slips.slip_document(body, printer)
    wanted = {x.barcode for x in lines} | {x.due_date.isoformat() for x in lines}
    assert _single_lines(document, wanted) == {text: 1 for text in wanted}
    # and side by side they fit the roll's width: nothing runs off the slip
    laid = _laid_out(document, wanted)
    for line in lines:
        assert laid[line.barcode][1] + laid[line.due_date.isoformat()][1] < document.textWidth()
    # the same slip in a font half as large again (a printer driver's scaling) still keeps them whole
    bigger = slips.slip_document(body, printer)
    font = bigger.defaultFont()
    font.setPointSize(12)
    bigger.setDefaultFont(font)
    assert _single_lines(bigger, wanted) == {text: 1 for text in wanted}
    slips.print_html(body, printer)
    assert (tmp_path / "loan.pdf").read_bytes().startswith(b"%PDF")


def test_header_names_the_library_and_the_point_once() -> None:
    body = slips.loan_slip_html("长治市图书馆", "综合借阅处", "R1", "李华", [], WHEN)
    assert body.count("长治市图书馆") == 1 and body.count("综合借阅处") == 1
    no_name = slips.loan_slip_html("", "综合借阅处", "R1", "李华", [], WHEN)
    assert no_name.count("综合借阅处") == 1 and "<h3" not in no_name


def test_hold_slip_masks_the_reader() -> None:
    slip = HoldSlip(1, "R00012345", "欧阳修", "C0000000000001", "醉翁亭记", "I264/1", "综合借阅处", WHEN)
    body = slips.hold_slip_html("长治市图书馆", slip)
    assert "R00012345" not in body and "*****2345" in body
    assert "欧阳修" not in body and "欧**" in body
    assert "C0000000000001" in body


def test_receipt_slip(qtbot, tmp_path: Path) -> None:
    slip = ReceiptSlip("20270105-000007", PaymentKind.FEE, Decimal("6.00"), "***0001", "李*", "长治市图书馆",
                       "综合借阅处", "王老师", WHEN, [("C0000000000001", Decimal("2.00")),
                                                       ("C0000000000002", Decimal("4.00"))], "")
    body = slips.receipt_html(slip)
    for text in ("20270105-000007", "6.00", "***0001", "李*", "王老师", "C0000000000002"):
        assert text in body
    printer = slips.slip_printer(tmp_path / "r.pdf")
    assert printer is not None
    document = slips.slip_document(body, printer)
    assert _single_lines(document, {"C0000000000001", "4.00"}) == {"C0000000000001": 1, "4.00": 1}


def test_no_printer_and_no_path_is_no_printer(monkeypatch) -> None:
    monkeypatch.setattr(slips, "has_printer", lambda: False)
    assert slips.slip_printer(None) is None


def test_transfer_slip_names_the_destination_library_and_keeps_the_barcode_whole(qtbot, tmp_path: Path) -> None:
    from workstation.models.circulation import TransferReason
    from workstation.services.circulation.transfers import TransferSlip

    slip = TransferSlip(7, "C0000000000123", "平凡的世界（第一部）" * 3, "I247.5/12", "XY", "襄垣县图书馆", "ZG",
                        "长治市图书馆", TransferReason.HOLD_PICKUP, WHEN, "R00012345", "李华", "综合借阅处")
    body = slips.transfer_slip_html("襄垣县图书馆", slip)
    printer = slips.slip_printer(tmp_path / "transfer.pdf")
    assert printer is not None
    document = slips.slip_document(body, printer)
    text = document.toPlainText()
    assert "长治市图书馆" in text and "ZG" in text and "襄垣县图书馆 (XY)" in text
    assert "李华" not in text and "R00012345" not in text  # the reader masked, as on the hold slip
    assert _single_lines(document, {"C0000000000123 I247.5/12"}) == {"C0000000000123 I247.5/12": 1}
