<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <source>the lending library's rules</source>
        <translation>借出馆的规则</translation>
    </message>
    <message>
        <source>this library's own rules</source>
        <translation>本馆自己的规则</translation>
    </message>
    <message>
        <source>No library with id {id}.</source>
        <translation>没有编号为 {id} 的图书馆。</translation>
    </message>
    <message>
        <source>No service point with id {id}.</source>
        <translation>没有编号为 {id} 的服务点。</translation>
    </message>
    <message>
        <source>No staff account with id {id}.</source>
        <translation>没有编号为 {id} 的工作人员账号。</translation>
    </message>
    <message>
        <source>Permission denied: only an administrator of the central library may do this.</source>
        <translation>权限不足：只有总馆的管理员可以执行此操作。</translation>
    </message>
    <message>
        <source>Permission denied: {user} belongs to {own} and manages only that library's accounts, desks and settings, not those of {other}.</source>
        <translation>权限不足：{user} 属于{own}，只能管理本馆的账号、服务台和设置，不能管理{other}的。</translation>
    </message>
    <message>
        <source>Permission denied: a setting for every library is made at the central library; {user} may change only their own library's.</source>
        <translation>权限不足：适用于所有图书馆的设置由总馆设定；{user} 只能修改本馆的设置。</translation>
    </message>
    <message>
        <source>Permission denied: {user} works at {own}; the service point {point} belongs to {other}. Log in at a service point of {own}.</source>
        <translation>权限不足：{user} 是{own}的工作人员，服务点“{point}”属于{other}。请在{own}的服务点登录。</translation>
    </message>
    <message>
        <source>Loan rules: must be lending or owning.</source>
        <translation>借阅规则：只能是“借出馆”或“所属馆”。</translation>
    </message>
    <message>
        <source>Days in transit: a whole number from 1 to {n}.</source>
        <translation>在途天数：1 到 {n} 之间的整数。</translation>
    </message>
    <message>
        <source>Library code: must not be empty.</source>
        <translation>馆代码：不能为空。</translation>
    </message>
    <message>
        <source>Library code: letters, digits and '-' only, at most {n}.</source>
        <translation>馆代码：只能用字母、数字和“-”，最多 {n} 个。</translation>
    </message>
    <message>
        <source>Library name: must not be empty.</source>
        <translation>图书馆名称：不能为空。</translation>
    </message>
    <message>
        <source>Library name: at most {n} characters.</source>
        <translation>图书馆名称：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Library code: {value} is taken by another library.</source>
        <translation>馆代码：{value} 已被其他图书馆使用。</translation>
    </message>
    <message>
        <source>Library name: {value} is taken by another library.</source>
        <translation>馆名：{value} 已被其他图书馆使用。</translation>
    </message>
</context>
</TS>