<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About {name}</source>
        <translation>关于{name}</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Third-party components</source>
        <translation>第三方组件</translation>
    </message>
    <message>
        <source>Font licence (OFL)</source>
        <translation>字体许可（OFL）</translation>
    </message>
    <message>
        <source>Qt licence (LGPL)</source>
        <translation>Qt 许可（LGPL）</translation>
    </message>
    <message>
        <source>Program licence (GPL)</source>
        <translation>本程序许可（GPL）</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>版本 {version}</translation>
    </message>
    <message>
        <source>Python {python}, Qt {qt}, PySide6 {pyside}</source>
        <translation>Python {python}，Qt {qt}，PySide6 {pyside}</translation>
    </message>
    <message>
        <source>The staff program of a city public library: lending desks and the bookmobile, reading-room counts, digitization projects, outreach records, managers&apos; charts and the yearly statistics workbook.</source>
        <translation>城市公共图书馆的馆员业务程序：外借服务台与流动图书车、阅览室人次统计、数字化项目、读者活动与推广记录、管理人员图表，以及年度业务统计工作簿。</translation>
    </message>
    <message>
        <source>This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version ({spdx}). It comes with ABSOLUTELY NO WARRANTY; see the licence tabs for the full texts.</source>
        <translation>本程序是自由软件：您可以依据自由软件基金会发布的 GNU 通用公共许可证（GPL）第 3 版或（由您选择）任何更新版本（{spdx}）的条款再发布和/或修改本程序。本程序不提供任何担保；许可证全文见各许可页。</translation>
    </message>
    <message>
        <source>It uses Qt under the GNU LGPL version 3: the Qt libraries are shipped as separate files in the program folder and may be replaced by compatible versions.</source>
        <translation>本程序依据 GNU 宽通用公共许可证（LGPL）第 3 版使用 Qt：Qt 库以独立文件随程序安装在程序文件夹中，可以替换为兼容的版本。</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Web site</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Library Workstation…</source>
        <translation>关于图书馆业务工作站(&amp;A)…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Library Workstation</source>
        <translation>图书馆业务工作站</translation>
    </message>
</context>
</TS>
