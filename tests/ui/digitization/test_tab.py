"""The Digitization tab driven like a user: type, press Enter, click, read the widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from workstation.models.digitization import BatchState, DigitizationBatch, DigitizationEvent, EventAction
from workstation.services.digitization import projects as dz
from workstation.timeutil import today
from workstation.ui.context import AppContext
from workstation.ui.digitization.tab import DigitizationTab

SEED = [  # name, category, unit, target as typed, template, target
    ("政府公开信息", "政府信息", "条", "8000", "纸质文献", 8000),
    ("地方文献", "地方文献", "页", "５４,０００", "纸质文献", 54000),  # full-width digits, a separator
    ("地方报纸", "报纸", "版", " 15000 ", "纸质文献", 15000),
    ("公开课", "视频", "节", "90", "音视频", 90),
    ("宣传片", "视频", "部", "2", "音视频", 2),
]


def rows(model) -> list[tuple]:
    return [model.row_values(r) for r in range(model.rowCount())]


def ime_type(widget, text: str) -> None:
    """Text committed by an input method (how full-width digits arrive from a Chinese IME;
    QTest cannot synthesise key presses for them)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_text(qtbot: QtBot, widget, text: str) -> None:
    if all(ord(c) < 128 for c in text):
        qtbot.keyClicks(widget, text)
    else:
        ime_type(widget, text)


def click(qtbot: QtBot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def make_tab(qtbot: QtBot, ctx: AppContext) -> DigitizationTab:
    tab = DigitizationTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1500, 900)
    tab.show()
    return tab


def create_seed(qtbot: QtBot, tab: DigitizationTab) -> None:
    for name, category, unit, target, template, _ in SEED:
        type_text(qtbot, tab.name_edit, name)
        type_text(qtbot, tab.category_edit, category)
        type_text(qtbot, tab.unit_edit, unit)
        tab.template_combo.setCurrentIndex(next(i for i in range(tab.template_combo.count())
                                                if tab.template_combo.itemText(i).startswith(template)))
        type_text(qtbot, tab.target_edit, target)
        qtbot.keyClick(tab.target_edit, Qt.Key.Key_Return)
        assert tab.message.text() == "已保存。", tab.message.text()


def select_project(tab: DigitizationTab, name: str) -> None:
    row = [r[0] for r in rows(tab.projects_model)].index(name)
    tab.projects_view.selectRow(row)
    assert tab.summary() is not None and tab.summary().name == name  # type: ignore[union-attr]


def select_batch(tab: DigitizationTab, label: str) -> None:
    tab.batches_view.selectRow([r[0] for r in rows(tab.batches_model)].index(label))


def batch_row(tab: DigitizationTab, label: str) -> tuple:
    return next(r for r in rows(tab.batches_model) if r[0] == label)


def test_seed_projects_batches_through_stages_with_qc_rejection(qtbot: QtBot, ui_context: AppContext) -> None:
    tab = make_tab(qtbot, ui_context)
    assert tab.title() == "数字化"
    create_seed(qtbot, tab)
    assert [(r[0], r[2], r[3], r[4]) for r in rows(tab.projects_model)] == [
        (n, u, t, 0) for n, _c, u, _typed, _tpl, t in SEED]

    # a bad target is refused loudly and creates nothing
    type_text(qtbot, tab.name_edit, "古籍")
    type_text(qtbot, tab.category_edit, "古籍")
    type_text(qtbot, tab.unit_edit, "页")
    qtbot.keyClicks(tab.target_edit, "-500")
    click(qtbot, tab.create_button)
    assert "目标" in tab.message.text() and "c62828" in tab.message.styleSheet()
    assert tab.projects_model.rowCount() == 5

    select_project(tab, "地方文献")
    assert [w[0] for w in rows(tab.wip_model)] == ["接收", "扫描", "加工", "质检", "发布"]
    for label, quantity in [("第一批", "1000"), ("第二批", "８００")]:
        type_text(qtbot, tab.batch_label, label)
        type_text(qtbot, tab.batch_quantity, quantity)
        qtbot.keyClick(tab.batch_quantity, Qt.Key.Key_Return)
    type_text(qtbot, tab.batch_label, "第三批")
    qtbot.keyClicks(tab.batch_quantity, "-5")
    click(qtbot, tab.add_button)
    assert "数量" in tab.message.text()
    assert tab.focusWidget() is tab.batch_quantity and tab.batch_quantity.selectedText() == "-5"
    assert rows(tab.batches_model) == [("第一批", 1000, "接收", "等待"), ("第二批", 800, "接收", "等待")]

    select_batch(tab, "第一批")
    for stage in ["接收", "扫描", "加工"]:
        assert batch_row(tab, "第一批")[2:] == (stage, "等待")
        click(qtbot, tab.start_button)
        assert batch_row(tab, "第一批")[2:] == (stage, "处理中")
        click(qtbot, tab.finish_button)
    click(qtbot, tab.start_button)
    assert batch_row(tab, "第一批")[2:] == ("质检", "处理中")

    # QC rejects it back to 加工 with a reason
    tab.to_stage_combo.setCurrentIndex(tab.to_stage_combo.findText("加工"))
    click(qtbot, tab.reject_button)  # no reason: refused
    assert "原因" in tab.message.text()
    assert batch_row(tab, "第一批")[2:] == ("质检", "处理中")
    type_text(qtbot, tab.reason_edit, "第 12 页模糊")
    click(qtbot, tab.reject_button)
    assert batch_row(tab, "第一批")[2:] == ("加工", "已退回")
    wip = {r[0]: r for r in rows(tab.wip_model)}
    assert wip["加工"][3] == 1000 and wip["接收"][1] == 800
    assert "质检退回率：100.0%（1,000 / 1,000 页" in tab.summary_label.text()

    for stage in ["加工", "质检", "发布"]:
        assert batch_row(tab, "第一批")[2] == stage
        click(qtbot, tab.start_button)
        click(qtbot, tab.finish_button)
    assert batch_row(tab, "第一批")[2:] == ("发布", "已完成")

    # percent: 1,000 of 54,000 页 = 1.9 %; WIP: only 第二批 waits at 接收; QC: 1,000 rejected of 2,000 inspected
    project = next(r for r in rows(tab.projects_model) if r[0] == "地方文献")
    assert project[3:5] == (54000, 1000)
    bar = tab.projects_view.indexWidget(tab.projects_model.index(
        [r[0] for r in rows(tab.projects_model)].index("地方文献"), 5))
    assert bar.text() == "1.9%"
    assert "1.9%" in tab.project_title.text() and "1,000" in tab.project_title.text()
    assert [(r[0], r[5]) for r in rows(tab.wip_model)] == [("接收", 800), ("扫描", 0), ("加工", 0), ("质检", 0),
                                                           ("发布", 0)]
    assert "质检退回率：50.0%（1,000 / 2,000 页" in tab.summary_label.text()
    history = rows(tab.history_model)
    assert [h[2] for h in history].count("退回") == 1
    reject = next(h for h in history if h[2] == "退回")
    assert reject[1] == "质检 → 加工" and reject[5] == "第 12 页模糊"
    assert {r[1]: r[2] for r in rows(tab.person_model)}["加工"] == 2000  # processed twice

    with ui_context.db.begin() as s:
        pid = tab.project_id
        assert pid is not None
        assert dz.done_total(s, pid) == 1000
        assert dz.rejection_stats(s, pid).rate == 0.5
        first = s.scalar(select(DigitizationBatch).where(DigitizationBatch.label == "第一批"))
        assert first is not None and first.state is BatchState.DONE
        actions = s.scalars(select(DigitizationEvent.action).where(DigitizationEvent.batch_id == first.id)
                            .order_by(DigitizationEvent.id)).all()
        assert actions.count(EventAction.REJECT) == 1 and actions.count(EventAction.FINISH) == 6
        assert s.scalar(select(func.count()).select_from(DigitizationBatch)) == 2

    tab.detail.setCurrentIndex(2)
    assert tab.chart.figure is not None
    assert tab.chart.figure.axes[0].get_title() == "地方文献"
    tab.detail.setCurrentIndex(1)
    tab.detail.setCurrentIndex(0)


def test_desk_librarian_moves_batches_holds_and_reopens(qtbot: QtBot, sqlite_db) -> None:
    from tests.ui.conftest import context_for
    from workstation.models import Role

    manager_ctx = context_for(sqlite_db, Role.MANAGER)
    with sqlite_db.begin() as s:
        template = next(t.id for t in dz.list_templates(s) if t.name == "音视频")
        project = dz.create_project(s, manager_ctx.actor, name="宣传片", category="视频", unit="部", target=2,
                                    start=today(), due=today(), template_id=template)
        dz.add_batch(s, manager_ctx.actor, project.id, "城市宣传片", 1)
    tab = make_tab(qtbot, context_for(sqlite_db, Role.DESK))
    assert tab.new_box.isHidden() and tab.edit_box.isHidden() and tab.correct_button.isHidden()
    assert tab.summary() is not None and tab.summary().name == "宣传片"  # type: ignore[union-attr]

    click(qtbot, tab.start_button)  # nothing selected
    assert tab.message.text() == "请先在列表中选择一个批次。"
    select_batch(tab, "城市宣传片")
    click(qtbot, tab.finish_button)  # not started: refused, loudly
    assert "请先开始本环节" in tab.message.text() and "c62828" in tab.message.styleSheet()
    click(qtbot, tab.start_button)
    click(qtbot, tab.hold_button)  # a hold needs a reason
    assert "原因" in tab.message.text()
    type_text(qtbot, tab.reason_edit, "素材未到")
    click(qtbot, tab.hold_button)
    assert batch_row(tab, "城市宣传片")[2:] == ("采集", "已暂停")
    assert {r[0]: r[4] for r in rows(tab.wip_model)}["采集"] == 1
    click(qtbot, tab.resume_button)
    assert batch_row(tab, "城市宣传片")[2:] == ("采集", "处理中")
    click(qtbot, tab.finish_button)
    for _ in range(3):  # 剪辑, 审核, 发布
        click(qtbot, tab.start_button)
        click(qtbot, tab.finish_button)
    assert batch_row(tab, "城市宣传片")[2:] == ("发布", "已完成")
    assert rows(tab.projects_model)[0][4] == 1
    assert tab.projects_view.indexWidget(tab.projects_model.index(0, 5)).text() == "50.0%"
    assert {r[0]: r[7] for r in rows(tab.wip_model)}["采集"] != "—"

    # a fault found after publication: reopened at 剪辑; it stays counted as done
    tab.to_stage_combo.setCurrentIndex(tab.to_stage_combo.findText("剪辑"))
    type_text(qtbot, tab.reason_edit, "字幕错误")
    click(qtbot, tab.reopen_button)
    assert batch_row(tab, "城市宣传片")[2:] == ("剪辑", "已退回")
    assert rows(tab.projects_model)[0][4] == 1
    assert rows(tab.history_model)[-1][1:3] == ("发布 → 剪辑", "重开")
    assert rows(tab.history_model)[-1][4] == "Deskuser"


def test_manager_own_stages_target_change_close_and_stale_screen(qtbot: QtBot, ui_context: AppContext) -> None:
    tab = make_tab(qtbot, ui_context)
    type_text(qtbot, tab.name_edit, "古籍善本")
    type_text(qtbot, tab.category_edit, "古籍")
    type_text(qtbot, tab.unit_edit, "页")
    type_text(qtbot, tab.custom_stages, "接收 → 扫描，修图、质检＊ -> 发布")
    type_text(qtbot, tab.target_edit, "1000")
    click(qtbot, tab.create_button)
    assert tab.message.text() == "已保存。"
    assert [r[0] for r in rows(tab.wip_model)] == ["接收", "扫描", "修图", "质检", "发布"]
    with ui_context.db.begin() as s:
        pid = tab.project_id
        assert pid is not None
        assert [st.is_check for st in dz.project_stages(s, pid)] == [False, False, False, True, False]

    # the target grows; the plan line stays frozen unless asked
    type_text(qtbot, tab.new_target, "1200")
    click(qtbot, tab.target_button)
    with ui_context.db.begin() as s:
        p = dz.get_project(s, pid)
        assert (p.target, p.plan_target) == (1200, 1000)
    assert "1,200" in tab.project_title.text()
    type_text(qtbot, tab.new_target, "-1")
    click(qtbot, tab.target_button)
    assert "目标" in tab.message.text()
    assert tab.focusWidget() is tab.new_target and tab.new_target.selectedText() == "-1"  # retyping replaces it
    type_text(qtbot, tab.new_target, "1500")
    tab.rebase.setChecked(True)
    click(qtbot, tab.target_button)
    with ui_context.db.begin() as s:
        assert dz.get_project(s, pid).plan_target == 1500

    # someone else moves the batch on while this screen still shows it at 接收
    type_text(qtbot, tab.batch_label, "甲")
    type_text(qtbot, tab.batch_quantity, "10")
    click(qtbot, tab.add_button)
    select_batch(tab, "甲")
    click(qtbot, tab.start_button)
    with ui_context.db.begin() as s:
        batch_id = tab.selected_batch()
        assert batch_id is not None
        dz.finish_stage(s, ui_context.actor, batch_id)
    click(qtbot, tab.finish_button)
    assert "已被他人推进" in tab.message.text()
    with ui_context.db.begin() as s:
        assert dz.get_batch(s, batch_id).stage.name == "扫描"

    # the quantity was typed wrong: a manager corrects it, with a reason
    type_text(qtbot, tab.batch_quantity, "12")
    click(qtbot, tab.correct_button)
    assert "原因" in tab.message.text() and tab.focusWidget() is tab.reason_edit
    type_text(qtbot, tab.reason_edit, "点数有误")
    click(qtbot, tab.correct_button)
    assert batch_row(tab, "甲")[1] == 12
    assert {r[0]: r[1] for r in rows(tab.wip_model)}["扫描"] == 12

    # closing takes it off the list; "show closed" brings it back, and it can be reopened
    click(qtbot, tab.active_button)
    assert "古籍善本" not in [r[0] for r in rows(tab.projects_model)]
    tab.show_closed.setChecked(True)
    select_project(tab, "古籍善本")
    assert tab.active_button.text() == "重新启用项目"
    click(qtbot, tab.active_button)
    tab.show_closed.setChecked(False)
    assert "古籍善本" in [r[0] for r in rows(tab.projects_model)]
