<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>The demonstration database is built on SQLite only.</source>
        <translation>演示数据库只能建在 SQLite 上。</translation>
    </message>
    <message>
        <source>The database already holds accounts; the demonstration data goes only into a new, empty database.</source>
        <translation>该数据库已有账户；演示数据只会写入新的空数据库。</translation>
    </message>
    <message>
        <source>The year {year} already has outreach records; the demonstration data is not added.</source>
        <translation>{year} 年已有读者活动等记录，未添加演示数据。</translation>
    </message>
</context>
<context>
    <name>LoanHistoryModel</name>
    <message>
        <source>on loan</source>
        <translation>已借出</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>已还</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Lent</source>
        <translation>借出时间</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>读者证号</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>读者</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>借出地点</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>归还时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
</TS>
