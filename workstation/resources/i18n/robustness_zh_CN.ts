<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <source>File: {name} cannot be read ({reason}).</source>
        <translation>文件：无法读取 {name}（{reason}）。</translation>
    </message>
    <message>
        <source>File: {name} does not exist.</source>
        <translation>文件：{name} 不存在。</translation>
    </message>
    <message>
        <source>File: {name} is empty.</source>
        <translation>文件：{name} 是空的。</translation>
    </message>
    <message>
        <source>File: {name} is larger than {mb} MB; split it.</source>
        <translation>文件：{name} 超过 {mb} MB，请拆分后再导入。</translation>
    </message>
    <message>
        <source>File: {name} is named like an Excel workbook but is a {kind} file; save the table as .xlsx or .csv and import that.</source>
        <translation>文件：{name} 的扩展名是 Excel 工作簿，实际却是 {kind} 文件；请把表格另存为 .xlsx 或 .csv 后再导入。</translation>
    </message>
    <message>
        <source>File: {name} is {encoding} text ("Unicode text"); save it as CSV in UTF-8 or GBK (in Excel: Save As, "CSV UTF-8") and import that.</source>
        <translation>文件：{name} 是 {encoding} 编码的文本（“Unicode 文本”）；请另存为 UTF-8 或 GBK 编码的 CSV（在 Excel 中：另存为“CSV UTF-8”）后再导入。</translation>
    </message>
    <message>
        <source>File: {name} is named like a CSV table but is a {kind} file; save the table as .xlsx or .csv and import that.</source>
        <translation>文件：{name} 的扩展名是 CSV 表格，实际却是 {kind} 文件；请把表格另存为 .xlsx 或 .csv 后再导入。</translation>
    </message>
    <message>
        <source>File: import a .csv or .xlsx file, not {name}.</source>
        <translation>文件：请导入 .csv 或 .xlsx 文件，而不是 {name}。</translation>
    </message>
    <message>
        <source>File: {name} is not an Excel .xlsx workbook ({reason}).</source>
        <translation>文件：{name} 不是 Excel .xlsx 工作簿（{reason}）。</translation>
    </message>
    <message>
        <source>File: {name} has {n} parts inside; an Excel table has far fewer. Refused as unsafe.</source>
        <translation>文件：{name} 内含 {n} 个部件，正常的 Excel 表格远没有这么多。出于安全考虑拒绝导入。</translation>
    </message>
    <message>
        <source>File: {name} would unpack to {mb} MB; refused as unsafe (a "zip bomb").</source>
        <translation>文件：{name} 解压后将达 {mb} MB，出于安全考虑拒绝导入（“压缩炸弹”）。</translation>
    </message>
    <message>
        <source>File: {name} holds {mb} MB of text; at most {limit} MB can be imported at once. Split the table.</source>
        <translation>文件：{name} 含 {mb} MB 文字，一次最多导入 {limit} MB。请拆分表格。</translation>
    </message>
    <message>
        <source>File: {name} is a zip archive but not an Excel .xlsx workbook.</source>
        <translation>文件：{name} 是 zip 压缩包，但不是 Excel .xlsx 工作簿。</translation>
    </message>
    <message>
        <source>File: {name} contains XML entity declarations, which a workbook saved by Excel or WPS never has; refused as unsafe.</source>
        <translation>文件：{name} 含有 XML 实体声明，Excel 或 WPS 保存的工作簿不会有这种内容；出于安全考虑拒绝导入。</translation>
    </message>
    <message>
        <source>File: {name} contains formulas; copy the table and paste values only (Paste Special, Values), save, and import again.</source>
        <translation>文件：{name} 含有公式；请复制表格并“选择性粘贴—数值”，保存后重新导入。</translation>
    </message>
    <message>
        <source>File: row {row} is past the limit of {n} rows per import; split the file.</source>
        <translation>文件：第 {row} 行超出了每次导入 {n} 行的上限；请拆分文件。</translation>
    </message>
    <message>
        <source>File: {name} is not UTF-8 text; save the CSV as UTF-8.</source>
        <translation>文件：{name} 不是 UTF-8 文本；请将 CSV 另存为 UTF-8 编码。</translation>
    </message>
    <message>
        <source>File: row {row} has a cell of {length} characters; at most {limit} are allowed. Is this the right file?</source>
        <translation>文件：第 {row} 行有一个单元格长 {length} 个字符，最多允许 {limit} 个。请确认文件是否选对。</translation>
    </message>
    <message>
        <source>File: row {row} contains a NUL character (a zero byte), which a table saved as CSV never has; check that row, or save the file again as CSV in UTF-8 or GBK.</source>
        <translation>文件：第 {row} 行含有 NUL 字符（零字节），正常保存的 CSV 表格不会有；请检查该行，或重新另存为 UTF-8 或 GBK 编码的 CSV。</translation>
    </message>
    <message>
        <source>File: row {row} cannot be read as UTF-8 or GBK text; save the table again as CSV in UTF-8 or GBK.</source>
        <translation>文件：第 {row} 行既不是 UTF-8 也不是 GBK 编码的文本；请把表格重新另存为 UTF-8 或 GBK 编码的 CSV。</translation>
    </message>
    <message>
        <source>File: row {row} is longer than {limit} characters; a table's row is far shorter. Is this the right file?</source>
        <translation>文件：第 {row} 行超过 {limit} 个字符，表格的一行远没有这么长。请确认文件是否选对。</translation>
    </message>
    <message>
        <source>File: row {row} has a cell longer than {limit} characters; a table's cell is far shorter. Is this the right file?</source>
        <translation>文件：第 {row} 行有单元格超过 {limit} 个字符，表格的单元格远没有这么长。请确认文件是否选对。</translation>
    </message>
    <message>
        <source>File: row {row} cannot be read as CSV ({reason}).</source>
        <translation>文件：第 {row} 行无法按 CSV 读取（{reason}）。</translation>
    </message>
    <message>
        <source>File: {name} has no worksheet.</source>
        <translation>文件：{name} 中没有工作表。</translation>
    </message>
    <message>
        <source>File: {name} claims rows past Excel's last row; it was not saved by Excel or WPS. Refused as unsafe.</source>
        <translation>文件：{name} 声称有超出 Excel 最后一行的行，不是 Excel 或 WPS 保存的文件。出于安全考虑拒绝导入。</translation>
    </message>
    <message>
        <source>Other desks kept the database busy through {n} attempts. Nothing was saved; try again in a moment, and tell the administrator if this keeps happening.</source>
        <translation>其他工作台一直占用数据库，已尝试 {n} 次。未保存任何内容；请稍后再试，如果经常出现请告知管理员。</translation>
    </message>
    <message>
        <source>Another desk changed the same record at the same moment. Nothing was saved; look at the record again and repeat the action.</source>
        <translation>另一个工作台在同一时刻修改了同一条记录。未保存任何内容；请重新查看该记录后再操作一次。</translation>
    </message>
    <message>
        <source>{tool} is not installed on this computer; install the PostgreSQL client programs to back up or restore a PostgreSQL database.</source>
        <translation>本机未安装 {tool}；备份或恢复 PostgreSQL 数据库需要安装 PostgreSQL 客户端程序。</translation>
    </message>
    <message>
        <source>{tool} failed: {reason}</source>
        <translation>{tool} 运行失败：{reason}</translation>
    </message>
    <message>
        <source>An in-memory database cannot be backed up.</source>
        <translation>内存数据库无法备份。</translation>
    </message>
    <message>
        <source>The backup could not be written to {path}: {reason}</source>
        <translation>无法把备份写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>Backup: {path} is not a whole backup of this program's database ({what}); nothing was changed.</source>
        <translation>备份：{path} 不是本程序数据库的完整备份（{what}）；数据库未改动。</translation>
    </message>
    <message>
        <source>Backup: {path} was made by an older version of this program (schema {revision}); restore it with that version, then start this one.</source>
        <translation>备份：{path} 由本程序的旧版本制作（数据库结构 {revision}）；请用该版本恢复，再启动本版本。</translation>
    </message>
    <message>
        <source>Backup: {path} does not exist.</source>
        <translation>备份：{path} 不存在。</translation>
    </message>
    <message>
        <source>Backup: {path} is damaged ({reason}).</source>
        <translation>备份：{path} 已损坏（{reason}）。</translation>
    </message>
    <message>
        <source>Backup: {path} is not a backup made by this program.</source>
        <translation>备份：{path} 不是本程序生成的备份。</translation>
    </message>
    <message>
        <source>Backup: {path} was made by a newer version of this program.</source>
        <translation>备份：{path} 由更新版本的程序生成。</translation>
    </message>
    <message>
        <source>Backup: {path} is a {kind} backup; this database is {backend}.</source>
        <translation>备份：{path} 是 {kind} 备份，而当前数据库是 {backend}。</translation>
    </message>
    <message>
        <source>the restored database is at schema {revision}</source>
        <translation>恢复后的数据库结构为 {revision}</translation>
    </message>
    <message>
        <source>The restore failed ({reason}) and the database could not be put back as it was. Its copy from just before is {path}: restore that file.</source>
        <translation>恢复失败（{reason}），且数据库未能还原为原样。恢复前的副本在 {path}：请恢复该文件。</translation>
    </message>
    <message>
        <source>The restore failed ({reason}). The database is as it was before; its copy from just before is {path}.</source>
        <translation>恢复失败（{reason}）。数据库保持原样，未改动；恢复前的副本在 {path}。</translation>
    </message>
    <message>
        <source>The daily backup could not be written: {reason}</source>
        <translation>无法写入每日自动备份：{reason}</translation>
    </message>
    <message>
        <source>Storage: the database cannot be read to the end ({reason}); restore a backup. The remaining checks were not run.</source>
        <translation>存储：数据库无法完整读取（{reason}）；请恢复备份。其余检查未进行。</translation>
    </message>
    <message>
        <source>Schema: every table of this program is there with its columns.</source>
        <translation>结构：本程序的每张表及其各列都在。</translation>
    </message>
    <message>
        <source>Schema: {n} tables or columns of this program are missing ({rows}); restore a backup. The other checks were not run.</source>
        <translation>结构：缺少本程序的 {n} 张表或列（{rows}）；请恢复备份。其余检查未进行。</translation>
    </message>
    <message>
        <source>Storage: SQLite integrity check ok.</source>
        <translation>存储：SQLite 完整性检查通过。</translation>
    </message>
    <message>
        <source>Storage: SQLite integrity check found {n} problems: {rows}</source>
        <translation>存储：SQLite 完整性检查发现 {n} 个问题：{rows}</translation>
    </message>
    <message>
        <source>Storage: every reference points at an existing row.</source>
        <translation>存储：所有引用都指向存在的记录。</translation>
    </message>
    <message>
        <source>Storage: {n} rows refer to rows that do not exist: {rows}</source>
        <translation>存储：有 {n} 条记录引用了不存在的记录：{rows}</translation>
    </message>
    <message>
        <source>Storage: the PostgreSQL server answers.</source>
        <translation>存储：PostgreSQL 服务器响应正常。</translation>
    </message>
    <message>
        <source>Loans: no item has two open loans.</source>
        <translation>外借：没有任何一册同时有两条未还借阅。</translation>
    </message>
    <message>
        <source>Loans: {n} items have more than one open loan (item ids {rows}).</source>
        <translation>外借：有 {n} 册同时有多条未还借阅（册编号 {rows}）。</translation>
    </message>
    <message>
        <source>Loans: every item's status agrees with its loans.</source>
        <translation>外借：每一册的状态都与借阅记录一致。</translation>
    </message>
    <message>
        <source>Loans: {n} items are marked on loan without an open loan, or the reverse: {rows}</source>
        <translation>外借：有 {n} 册标为“已借出”却没有未还借阅，或者相反：{rows}</translation>
    </message>
    <message>
        <source>Loans: every return is recorded whole.</source>
        <translation>外借：每次归还都记录完整。</translation>
    </message>
    <message>
        <source>Loans: {n} loans are half returned (loan ids {rows}).</source>
        <translation>外借：有 {n} 条借阅的归还记录不完整（借阅编号 {rows}）。</translation>
    </message>
    <message>
        <source>Counts: every loan's renewals add up.</source>
        <translation>计数：每条借阅的续借次数都与续借记录相符。</translation>
    </message>
    <message>
        <source>Counts: {n} loans whose renewal count differs from their renewals (loan ids {rows}).</source>
        <translation>计数：有 {n} 条借阅的续借次数与续借记录不符（借阅编号 {rows}）。</translation>
    </message>
    <message>
        <source>Audit trail: entries cannot be changed or deleted (database triggers in place).</source>
        <translation>操作日志：记录不能被修改或删除（数据库触发器已就位）。</translation>
    </message>
    <message>
        <source>Audit trail: the protection against changes is missing ({rows}).</source>
        <translation>操作日志：缺少防篡改保护（{rows}）。</translation>
    </message>
    <message>
        <source>Audit trail: entries follow each other in time.</source>
        <translation>操作日志：记录按时间先后排列。</translation>
    </message>
    <message>
        <source>Audit trail: {n} entries are dated before the entry written just before them (ids {rows}).</source>
        <translation>操作日志：有 {n} 条记录的时间早于其前一条记录（编号 {rows}）。</translation>
    </message>
    <message>
        <source>Audit trail: every loan has its audit entry.</source>
        <translation>操作日志：每条借阅都有对应的日志记录。</translation>
    </message>
    <message>
        <source>Audit trail: {n} loans have no checkout entry and were not loaded in bulk (loan ids {rows}).</source>
        <translation>操作日志：有 {n} 条借阅既没有借出日志，也不是批量载入的（借阅编号 {rows}）。</translation>
    </message>
    <message>
        <source>Audit trail: every renewal has its audit entry.</source>
        <translation>操作日志：每次续借都有对应的日志记录。</translation>
    </message>
    <message>
        <source>Audit trail: {n} renewals have no audit entry (renewal ids {rows}).</source>
        <translation>操作日志：有 {n} 次续借没有日志记录（续借编号 {rows}）。</translation>
    </message>
    <message>
        <source>Idle lock: give a whole number of minutes.</source>
        <translation>空闲锁定：请填写整数分钟。</translation>
    </message>
    <message>
        <source>Idle lock: from 1 to {n} minutes.</source>
        <translation>空闲锁定：1 到 {n} 分钟。</translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Desk locked</source>
        <translation>工作台已锁定</translation>
    </message>
    <message>
        <source>This desk was locked after a time without use. {name} ({user}): type your password to go on, or log out.</source>
        <translation>此工作台因长时间无操作已锁定。{name}（{user}）：请输入密码继续，或者退出登录。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
</context>
</TS>