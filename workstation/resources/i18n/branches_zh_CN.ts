<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
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