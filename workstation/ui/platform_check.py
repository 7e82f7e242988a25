"""A clear message, instead of Qt's raw text and an abort, when the window system cannot be
reached: on a Linux desktop that lacks the libraries Qt's xcb platform plugin needs, or
when there is no display at all.

Qt ends the process (``qFatal`` → abort) when no platform plugin loads, so the message is
given from a message handler installed just for the construction of the application: the
plugin's own warnings are kept back, and a fatal one prints our message (Chinese and
English: the translations are not loaded yet) and exits with ``EXIT_NO_DISPLAY``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

EXIT_NO_DISPLAY = 3

# The libraries of Qt's xcb platform plugin (libqxcb.so and libQt6XcbQpa.so.6), by their
# Debian / Ubuntu package names. README and docs/deployment.md give the same line, and CI
# installs exactly what README names before it starts the program on a virtual X display.
LINUX_PACKAGES = ("libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 "
                  "libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1 libegl1 libgl1 "
                  "libfontconfig1 libdbus-1-3 libglib2.0-0")
INSTALL_LINE = f"sudo apt install {LINUX_PACKAGES}"


def failure_message(platform: str, details: list[str]) -> str:
    """What the person reads when the window system cannot be used."""
    no_display = sys.platform.startswith("linux") and platform in ("", "xcb") \
        and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
    missing = sorted({word if word.startswith("lib") else f"lib{word}"
                      for line in details for word in line.replace(",", " ").split()
                      if word.startswith(("libxcb-", "xcb-", "libxkbcommon"))})
    lines = [
        "图书馆业务工作站无法打开窗口：Qt 的显示平台插件" + (f"“{platform}”" if platform else "") + "无法加载。",
        "Library Workstation cannot open its window: Qt's display platform plugin"
        + (f' "{platform}"' if platform else "") + " could not be loaded.",
        "",
    ]
    if no_display:
        lines += ["没有图形桌面（DISPLAY 未设置）：请在桌面会话中启动本程序。",
                  "There is no graphical desktop (DISPLAY is not set): start the program in a desktop session.",
                  ""]
    if platform not in ("", "xcb"):
        lines += ["请检查环境变量 QT_QPA_PLATFORM。 / Check the QT_QPA_PLATFORM environment variable.", ""]
    if missing:
        lines += [f"缺少 / missing: {', '.join(missing)}", ""]
    lines += ["在 Debian / Ubuntu 上安装这些系统软件包 / On Debian or Ubuntu, install these system packages:",
              f"  {INSTALL_LINE}"]
    return "\n".join(lines)


@contextmanager
def platform_guard(write: Callable[[str], object] | None = None,
                   leave: Callable[[int], object] = os._exit) -> Iterator[list[str]]:
    """Around ``QApplication(...)``: Qt's platform messages are kept (and yielded) rather than
    printed; if Qt gives up, our message goes to stderr and the process ends."""
    kept: list[str] = []
    out = write or (lambda text: (sys.stderr.write(text), sys.stderr.flush()))

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            platform = os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0]
            if not platform and sys.platform.startswith("linux"):
                platform = "xcb"  # Qt's default on Linux
            out(failure_message(platform, kept) + "\n")
            leave(EXIT_NO_DISPLAY)  # Qt would abort right after this handler
            return
        kept.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield kept
    finally:
        qInstallMessageHandler(previous)
