<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <source>Kiosk login: use 2 to 32 letters, digits, dots, hyphens or underscores, starting with a letter or digit.</source>
        <translation>自助设备登录名：用 2 至 32 个字母、数字、点、连字符或下划线，以字母或数字开头。</translation>
    </message>
    <message>
        <source>Service point: choose a lending desk that is in service.</source>
        <translation>服务点：请选择一个在用的外借服务台。</translation>
    </message>
    <message>
        <source>{field}: not one of the offered values.</source>
        <translation>{field}：不是可选的值之一。</translation>
    </message>
    <message>
        <source>Institution id (AO): at most 40 characters, no |.</source>
        <translation>机构代码（AO）：最多 40 个字符，不能含 |。</translation>
    </message>
    <message>
        <source>A kiosk with the login {login} already exists.</source>
        <translation>登录名为 {login} 的自助设备已存在。</translation>
    </message>
    <message>
        <source>No kiosk with number {id}.</source>
        <translation>没有编号为 {id} 的自助设备。</translation>
    </message>
    <message>
        <source>No kiosk with the login {login}.</source>
        <translation>没有登录名为 {login} 的自助设备。</translation>
    </message>
</context>
</TS>