<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>the lending library&apos;s rules</source>
        <translation>借出馆的规则</translation>
    </message>
    <message>
        <source>this library&apos;s own rules</source>
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
        <source>Permission denied: {user} belongs to {own} and manages only that library&apos;s accounts, desks and settings, not those of {other}.</source>
        <translation>权限不足：{user} 属于{own}，只能管理本馆的账号、服务台和设置，不能管理{other}的。</translation>
    </message>
    <message>
        <source>Permission denied: a setting for every library is made at the central library; {user} may change only their own library&apos;s.</source>
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
        <source>Library code: letters, digits and &apos;-&apos; only, at most {n}.</source>
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
<context>
    <name>LibrariesPage</name>
    <message>
        <source>Code</source>
        <translation>馆代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Service points</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>Loan rules for its items lent elsewhere</source>
        <translation>本馆文献在外馆借出时适用的规则</translation>
    </message>
    <message>
        <source>Late in transit after (days)</source>
        <translation>在途超过（天）视为超期</translation>
    </message>
    <message>
        <source>&amp;New branch…</source>
        <translation>新增分馆(&amp;N)…</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>重命名(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>central library</source>
        <translation>总馆</translation>
    </message>
    <message>
        <source>branch</source>
        <translation>分馆</translation>
    </message>
    <message>
        <source>The city&apos;s administrator (an administrator of the central library) adds and renames libraries and manages every library&apos;s accounts and desks.</source>
        <translation>全市管理员（总馆的管理员）可以新增和重命名图书馆，并管理所有图书馆的账号和服务台。</translation>
    </message>
    <message>
        <source>You manage your own library&apos;s accounts, desks and settings.</source>
        <translation>您可以管理本馆的账号、服务台和设置。</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>图书馆</translation>
    </message>
    <message>
        <source>Select a library in the list first.</source>
        <translation>请先在列表中选择一个图书馆。</translation>
    </message>
</context>
<context>
    <name>LibraryDialog</name>
    <message>
        <source>New branch library</source>
        <translation>新增分馆</translation>
    </message>
    <message>
        <source>Rename library</source>
        <translation>重命名图书馆</translation>
    </message>
    <message>
        <source>Library settings: {name}</source>
        <translation>图书馆设置：{name}</translation>
    </message>
    <message>
        <source>Library code</source>
        <translation>馆代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Its items lent at another library follow</source>
        <translation>本馆文献在外馆借出时遵循</translation>
    </message>
    <message>
        <source>An item on its way here is late after (days)</source>
        <translation>运往本馆的文献在途超过（天）视为超期</translation>
    </message>
</context>
<context>
    <name>ServicePointDialog</name>
    <message>
        <source>New service point</source>
        <translation>新建服务点</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>所属图书馆</translation>
    </message>
</context>
</TS>
