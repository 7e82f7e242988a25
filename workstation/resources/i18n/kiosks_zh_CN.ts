<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
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
<context>
    <name>KioskDialog</name>
    <message>
        <source>Edit kiosk</source>
        <translation>编辑自助设备</translation>
    </message>
    <message>
        <source>New kiosk</source>
        <translation>新建自助设备</translation>
    </message>
    <message>
        <source>strict</source>
        <translation>严格</translation>
    </message>
    <message>
        <source>lenient</source>
        <translation>宽松</translation>
    </message>
    <message>
        <source>off</source>
        <translation>不校验</translation>
    </message>
    <message>
        <source>May renew</source>
        <translation>允许续借</translation>
    </message>
    <message>
        <source>May receive readers&apos; phone numbers</source>
        <translation>可接收读者电话</translation>
    </message>
    <message>
        <source>May receive readers&apos; addresses</source>
        <translation>可接收读者地址</translation>
    </message>
    <message>
        <source>May receive readers&apos; e-mail addresses</source>
        <translation>可接收读者电子邮箱</translation>
    </message>
    <message>
        <source>Login (CN)</source>
        <translation>登录名（CN）</translation>
    </message>
    <message>
        <source>Password (CO)</source>
        <translation>密码（CO）</translation>
    </message>
    <message>
        <source>Service point</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>Character set</source>
        <translation>字符集</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>校验方式</translation>
    </message>
    <message>
        <source>Terminator</source>
        <translation>结束符</translation>
    </message>
    <message>
        <source>Institution id (AO)</source>
        <translation>机构代码（AO）</translation>
    </message>
</context>
<context>
    <name>KioskPage</name>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Service point</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>Character set</source>
        <translation>字符集</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>校验方式</translation>
    </message>
    <message>
        <source>Terminator</source>
        <translation>结束符</translation>
    </message>
    <message>
        <source>AO</source>
        <translation>AO</translation>
    </message>
    <message>
        <source>Renews</source>
        <translation>续借</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;New kiosk…</source>
        <translation>新建自助设备(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>重设密码(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Disable / enable</source>
        <translation>停用 / 启用(&amp;D)</translation>
    </message>
    <message>
        <source>Kiosks connect to the SIP2 server (workstation sip2 serve); a kiosk account cannot log into this program.</source>
        <translation>自助借还机连接 SIP2 服务（workstation sip2 serve）；自助设备账户不能登录本程序。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Self-service kiosks</source>
        <translation>自助设备</translation>
    </message>
    <message>
        <source>Select a kiosk in the list first.</source>
        <translation>请先在列表中选择一台自助设备。</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重设密码</translation>
    </message>
    <message>
        <source>New kiosk password (at least 8 characters):</source>
        <translation>自助设备的新密码（至少 8 个字符）：</translation>
    </message>
    <message>
        <source>The kiosk&apos;s new password is set; enter it on the kiosk too.</source>
        <translation>自助设备的新密码已设置；请在自助机上同样输入。</translation>
    </message>
</context>
</TS>
