<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>The database is busy with another desk&apos;s work and did not answer in time. Nothing was saved; try again in a moment.</source>
        <translation>数据库正忙于处理其他服务台的操作，未能及时响应。本次操作未保存，请稍后再试。</translation>
    </message>
    <message>
        <source>The library&apos;s server cannot be reached: the network or the server is down ({reason}). Nothing was saved. Check the network cable or ask the administrator; the desk works again as soon as the server answers.</source>
        <translation>连不上图书馆的服务器：网络或服务器中断（{reason}）。本次操作没有保存。请检查网线或联系管理员；服务器恢复应答后即可继续工作，无需重启程序。</translation>
    </message>
    <message>
        <source>The database cannot be reached or is full ({reason}). Nothing was saved; check the disk or the network and try again.</source>
        <translation>无法连接数据库或磁盘已满（{reason}）。本次操作未保存，请检查磁盘或网络后重试。</translation>
    </message>
    <message>
        <source>Cannot open the database {where}: {reason}</source>
        <translation>无法打开数据库 {where}：{reason}</translation>
    </message>
    <message>
        <source>The database was written by a newer version of this program (schema {revision}). Install the newer version; this one will not touch the data.</source>
        <translation>该数据库由本程序的较新版本写入（结构版本 {revision}）。请安装新版本；当前版本不会改动其中的数据。</translation>
    </message>
    <message>
        <source>The database holds tables this program did not create; refusing to change it.</source>
        <translation>该数据库中有不是本程序创建的数据表，程序拒绝修改它。</translation>
    </message>
    <message>
        <source>The database must be upgraded to this program&apos;s version, and the account {user} may not change its tables. Start the new version once with the database owner&apos;s account (see the deployment guide); the desks connect as before afterwards.</source>
        <translation>数据库需要升级到本程序的版本，而账号 {user} 无权修改数据表。请先用数据库所有者的账号启动一次新版本（见部署说明），之后各工作站照常连接。</translation>
    </message>
    <message>
        <source>Wrong username or password. After {n} wrong passwords in a row an account is locked until an administrator unlocks it.</source>
        <translation>用户名或密码错误。连续输错 {n} 次密码，账号将被锁定，需由管理员解锁。</translation>
    </message>
    <message>
        <source>The account {username} is locked after {n} wrong passwords. An administrator can unlock it in the Admin tab.</source>
        <translation>账户 {username} 因连续 {n} 次密码错误已被锁定。请管理员在“管理”页中解锁。</translation>
    </message>
    <message>
        <source>The account {username} is deactivated. Ask an administrator.</source>
        <translation>账户 {username} 已停用，请联系管理员。</translation>
    </message>
    <message>
        <source>Service point: {point} belongs to {other}, and {username} works at {own}. Choose a service point of {own}.</source>
        <translation>服务点：“{point}”属于{other}，而 {username} 是{own}的工作人员。请选择{own}的服务点。</translation>
    </message>
    <message>
        <source>Manager password: wrong username or password. After {n} wrong passwords in a row the account is locked.</source>
        <translation>主管密码：用户名或密码错误。连续输错 {n} 次密码，该账号将被锁定。</translation>
    </message>
    <message>
        <source>Manager: the account {user} is locked or deactivated; an administrator can unlock it.</source>
        <translation>主管：账号 {user} 已被锁定或停用，可由管理员解锁。</translation>
    </message>
    <message>
        <source>Manager: {user} is not a manager.</source>
        <translation>主管：{user} 不是主管。</translation>
    </message>
    <message>
        <source>Service point: choose one that is in service.</source>
        <translation>服务点：请选择一个正在使用的服务点。</translation>
    </message>
    <message>
        <source>desk librarian</source>
        <translation>借阅台馆员</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>业务主管</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Permission denied: this needs the {role} role, and {user} is a {have}.</source>
        <translation>权限不足：此操作需要“{role}”角色，而 {user} 的角色是“{have}”。</translation>
    </message>
    <message>
        <source>Password: use at least {n} characters.</source>
        <translation>密码：至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <source>Password: must not begin or end with a space.</source>
        <translation>密码：开头和结尾不能是空格。</translation>
    </message>
    <message>
        <source>Password: mix letters with digits or other characters.</source>
        <translation>密码：请混合使用字母和数字或其他字符。</translation>
    </message>
    <message>
        <source>lending desk</source>
        <translation>外借处</translation>
    </message>
    <message>
        <source>bookmobile</source>
        <translation>流动图书车</translation>
    </message>
    <message>
        <source>reading room</source>
        <translation>阅览室</translation>
    </message>
    <message>
        <source>Name: must not be empty.</source>
        <translation>名称：不能为空。</translation>
    </message>
    <message>
        <source>Name: at most {n} characters.</source>
        <translation>名称：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Kind: must be lending desk, bookmobile or reading room.</source>
        <translation>类型：必须是外借处、流动图书车或阅览室。</translation>
    </message>
    <message>
        <source>Seats: a whole number from 0 to {max}.</source>
        <translation>座位数：应为 0 到 {max} 之间的整数。</translation>
    </message>
    <message>
        <source>No service point with number {id}.</source>
        <translation>没有编号为 {id} 的服务点。</translation>
    </message>
    <message>
        <source>Name: a service point called {name} already exists.</source>
        <translation>名称：已有名为“{name}”的服务点。</translation>
    </message>
    <message>
        <source>{name} is already retired.</source>
        <translation>“{name}”已经停用。</translation>
    </message>
    <message>
        <source>{name} has {n} records and cannot be deleted; retire it instead.</source>
        <translation>“{name}”已有 {n} 条相关记录，不能删除；请改为停用。</translation>
    </message>
    <message>
        <source>Stops belong to a bookmobile; {name} is not one.</source>
        <translation>停靠点只属于流动图书车；“{name}”不是流动图书车。</translation>
    </message>
    <message>
        <source>Name: the stop {name} already exists.</source>
        <translation>名称：停靠点“{name}”已存在。</translation>
    </message>
    <message>
        <source>No bookmobile stop with number {id}.</source>
        <translation>没有编号为 {id} 的停靠点。</translation>
    </message>
    <message>
        <source>Username: use 2 to 40 letters, digits, dots, hyphens or underscores, starting with a letter or digit.</source>
        <translation>用户名：请使用 2 到 40 个字母、数字、点、连字符或下划线，并以字母或数字开头。</translation>
    </message>
    <message>
        <source>Role: must be desk, manager or admin.</source>
        <translation>角色：必须是借阅台馆员、业务主管或管理员。</translation>
    </message>
    <message>
        <source>No staff account with number {id}.</source>
        <translation>没有编号为 {id} 的员工账户。</translation>
    </message>
    <message>
        <source>Username: {username} is already taken.</source>
        <translation>用户名：{username} 已被使用。</translation>
    </message>
    <message>
        <source>The first administrator already exists; log in and add accounts in the Admin tab.</source>
        <translation>首个管理员已经存在；请登录后在“管理”页中添加账户。</translation>
    </message>
    <message>
        <source>At least one active administrator must remain.</source>
        <translation>至少要保留一个在用的管理员账户。</translation>
    </message>
    <message>
        <source>Current password: this is not your current password.</source>
        <translation>当前密码：与您现在的密码不符。</translation>
    </message>
    <message>
        <source>New password: must differ from the current one.</source>
        <translation>新密码：不能与当前密码相同。</translation>
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
        <source>Library name: {name} is a branch library&apos;s name.</source>
        <translation>馆名：{name} 是一个分馆的名称。</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
    </message>
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
        <source>File: {name} is {encoding} text (&quot;Unicode text&quot;); save it as CSV in UTF-8 or GBK (in Excel: Save As, &quot;CSV UTF-8&quot;) and import that.</source>
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
        <source>File: {name} would unpack to {mb} MB; refused as unsafe (a &quot;zip bomb&quot;).</source>
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
        <source>File: row {row} is longer than {limit} characters; a table&apos;s row is far shorter. Is this the right file?</source>
        <translation>文件：第 {row} 行超过 {limit} 个字符，表格的一行远没有这么长。请确认文件是否选对。</translation>
    </message>
    <message>
        <source>File: row {row} has a cell longer than {limit} characters; a table&apos;s cell is far shorter. Is this the right file?</source>
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
        <source>File: {name} claims rows past Excel&apos;s last row; it was not saved by Excel or WPS. Refused as unsafe.</source>
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
        <source>Backup: {path} is not a backup made by this program.</source>
        <translation>备份：{path} 不是本程序生成的备份。</translation>
    </message>
    <message>
        <source>Backup: {path} is not a whole backup of this program&apos;s database ({what}); nothing was changed.</source>
        <translation>备份：{path} 不是本程序数据库的完整备份（{what}）；数据库未改动。</translation>
    </message>
    <message>
        <source>Backup: {path} is damaged ({reason}).</source>
        <translation>备份：{path} 已损坏（{reason}）。</translation>
    </message>
    <message>
        <source>Backup: {path} was made by an older version of this program (schema {revision}); restore it with that version, then start this one.</source>
        <translation>备份：{path} 由本程序的旧版本制作（数据库结构 {revision}）；请用该版本恢复，再启动本版本。</translation>
    </message>
    <message>
        <source>Backup: {path} was made by a newer version of this program.</source>
        <translation>备份：{path} 由更新版本的程序生成。</translation>
    </message>
    <message>
        <source>Backup: {path} does not exist.</source>
        <translation>备份：{path} 不存在。</translation>
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
        <source>Loans: every item&apos;s status agrees with its loans.</source>
        <translation>外借：每一册的状态都与借阅记录一致。</translation>
    </message>
    <message>
        <source>Loans: {n} items are marked on loan without an open loan, or the reverse: {rows}</source>
        <translation>外借：有 {n} 册标为“已借出”却没有未还借阅，或者相反：{rows}</translation>
    </message>
    <message>
        <source>Transfers: every item in transit has its open journey, and the reverse.</source>
        <translation>调拨：每册在途图书都有未完成的调拨记录，反之亦然。</translation>
    </message>
    <message>
        <source>Transfers: {n} items are marked in transit without an open journey, or the reverse: {rows}</source>
        <translation>调拨：有 {n} 册标为在途却没有未完成的调拨记录，或者相反：{rows}</translation>
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
        <source>Counts: every loan&apos;s renewals add up.</source>
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
    <name>AccountTab</name>
    <message>
        <source>Me</source>
        <translation>我的信息</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Service point</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>计算机</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>我的账户</translation>
    </message>
    <message>
        <source>Repeat new password: the two new passwords differ.</source>
        <translation>再次输入新密码：两次输入的新密码不一致。</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>密码已修改。</translation>
    </message>
</context>
<context>
    <name>AdminTab</name>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Service points and rooms</source>
        <translation>服务点与阅览室</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Library settings</source>
        <translation>馆务设置</translation>
    </message>
    <message>
        <source>Self-service kiosks</source>
        <translation>自助设备</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>图书馆</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>计算机</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>刷新(&amp;L)</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Database upgraded; the previous version was copied to {path}</source>
        <translation>数据库已升级；升级前的版本已复制到 {path}</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>Create the administrator account</source>
        <translation>创建管理员账户</translation>
    </message>
    <message>
        <source>This database has no accounts yet. Create the administrator&apos;s account; the administrator then adds the other staff in the Admin tab.</source>
        <translation>该数据库还没有任何账户。请创建管理员账户；之后由管理员在“管理”页中添加其他员工。</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Repeat password</source>
        <translation>再次输入密码(&amp;R)</translation>
    </message>
    <message>
        <source>Repeat password: the two passwords differ.</source>
        <translation>再次输入密码：两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>LibrarySettingsPage</name>
    <message>
        <source>e.g. Changzhi City Library</source>
        <translation>例如：长治市图书馆</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>keep everything</source>
        <translation>全部保留</translation>
    </message>
    <message>
        <source>&amp;Save settings</source>
        <translation>保存设置(&amp;S)</translation>
    </message>
    <message>
        <source>Library name</source>
        <translation>图书馆名称</translation>
    </message>
    <message>
        <source>Printed on the yearly statistics workbook.</source>
        <translation>印在年度统计报表上。</translation>
    </message>
    <message>
        <source>Lock an unattended desk after</source>
        <translation>无人操作多久后锁定</translation>
    </message>
    <message>
        <source>Takes effect at each desk&apos;s next log-in.</source>
        <translation>各工作台下次登录时生效。</translation>
    </message>
    <message>
        <source>Returned loans keep their reader for</source>
        <translation>已还借阅记录保留读者信息</translation>
    </message>
    <message>
        <source>Older returned loans can be anonymised: they are moved to an anonymous reader of the same category, so every statistic stays the same. 0 keeps everything.</source>
        <translation>更早的已还借阅记录可以匿名化：改挂到同类别的匿名读者名下，各项统计数字不变。填 0 表示全部保留。</translation>
    </message>
    <message>
        <source>For every desk of the library</source>
        <translation>全馆各工作台通用</translation>
    </message>
    <message>
        <source>&amp;Anonymise old loans now…</source>
        <translation>立即匿名化旧借阅记录(&amp;A)…</translation>
    </message>
    <message>
        <source>Anonymising old loans</source>
        <translation>旧借阅记录匿名化</translation>
    </message>
    <message>
        <source>Returned loans keep their reader for ever (retention 0).</source>
        <translation>已还借阅记录永久保留读者信息（保留期为 0）。</translation>
    </message>
    <message>
        <source>{n} returned loans were returned before {day} and still show their reader.</source>
        <translation>{n} 条借阅记录在 {day} 之前已归还，仍显示读者信息。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Anonymise old loans</source>
        <translation>匿名化旧借阅记录</translation>
    </message>
    <message>
        <source>{preview}

Move them to the anonymous readers now? This cannot be undone; the statistics stay the same.</source>
        <translation>{preview}

现在把这些记录改挂到匿名读者名下吗？此操作不能撤销；统计数字不变。</translation>
    </message>
    <message>
        <source>{n} loans were anonymised.</source>
        <translation>已匿名化 {n} 条借阅记录。</translation>
    </message>
    <message>
        <source>Anonymising old loans…</source>
        <translation>正在匿名化旧借阅记录……</translation>
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
<context>
    <name>LoginDialog</name>
    <message>
        <source>Library Workstation — log in</source>
        <translation>图书馆业务工作站 — 登录</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Service point</source>
        <translation>服务点(&amp;S)</translation>
    </message>
    <message>
        <source>Library Workstation</source>
        <translation>图书馆业务工作站</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库……</translation>
    </message>
    <message>
        <source>There is no service point in service. An administrator must add one.</source>
        <translation>没有在用的服务点，请管理员先添加。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Library Workstation</source>
        <translation>图书馆业务工作站</translation>
    </message>
    <message>
        <source>Offline · snapshot {at} · stop {stop} · {vehicle}</source>
        <translation>离线 · 快照 {at} · 站点 {stop} · {vehicle}</translation>
    </message>
    <message>
        <source>(choose the stop)</source>
        <translation>（请选择站点）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Log &amp;out / change service point</source>
        <translation>注销 / 切换服务点(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Logged in: {name} ({role})</source>
        <translation>当前用户：{name}（{role}）</translation>
    </message>
    <message>
        <source>Service point: {name}</source>
        <translation>服务点：{name}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Database: {where}</source>
        <translation>数据库：{where}</translation>
    </message>
</context>
<context>
    <name>ServicePointsPage</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>座位数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>所属图书馆</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>新建(&amp;N)…</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>改名(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Seats…</source>
        <translation>座位数(&amp;S)…</translation>
    </message>
    <message>
        <source>Re&amp;tire</source>
        <translation>停用(&amp;T)</translation>
    </message>
    <message>
        <source>Back in ser&amp;vice</source>
        <translation>恢复使用(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Bookmobile stop</source>
        <translation>流动图书车停靠点</translation>
    </message>
    <message>
        <source>Add stop…</source>
        <translation>添加停靠点…</translation>
    </message>
    <message>
        <source>Rename stop…</source>
        <translation>停靠点改名…</translation>
    </message>
    <message>
        <source>Stop in use / not in use</source>
        <translation>停靠点启用 / 停用</translation>
    </message>
    <message>
        <source>in service</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Select the bookmobile to see its stops.</source>
        <translation>选中流动图书车即可查看其停靠点。</translation>
    </message>
    <message>
        <source>Stops of {name}</source>
        <translation>{name} 的停靠点</translation>
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
        <source>Service points</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>Select a service point in the list first.</source>
        <translation>请先在列表中选择一个服务点。</translation>
    </message>
    <message>
        <source>Rename service point</source>
        <translation>服务点改名</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Number of seats (0 = not set):</source>
        <translation>座位数（0 表示不设）：</translation>
    </message>
    <message>
        <source>Retire service point</source>
        <translation>停用服务点</translation>
    </message>
    <message>
        <source>Retire this service point? Its records and statistics stay; it can no longer be chosen for new work.</source>
        <translation>停用此服务点？其记录和统计会保留，但不能再用于新的业务。</translation>
    </message>
    <message>
        <source>Delete service point</source>
        <translation>删除服务点</translation>
    </message>
    <message>
        <source>Delete this service point? Only one with no records can be deleted.</source>
        <translation>删除此服务点？只有没有任何记录的服务点才能删除。</translation>
    </message>
    <message>
        <source>Add stop</source>
        <translation>添加停靠点</translation>
    </message>
    <message>
        <source>Name of the stop:</source>
        <translation>停靠点名称：</translation>
    </message>
    <message>
        <source>Bookmobile stops</source>
        <translation>流动图书车停靠点</translation>
    </message>
    <message>
        <source>Select a stop first.</source>
        <translation>请先选择一个停靠点。</translation>
    </message>
    <message>
        <source>Rename stop</source>
        <translation>停靠点改名</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>Edit staff account</source>
        <translation>编辑员工账户</translation>
    </message>
    <message>
        <source>New staff account</source>
        <translation>新建员工账户</translation>
    </message>
    <message>
        <source>Account in use</source>
        <translation>账户在用</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>所属图书馆</translation>
    </message>
    <message>
        <source>Initial password</source>
        <translation>初始密码</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>所属图书馆</translation>
    </message>
    <message>
        <source>&amp;New account…</source>
        <translation>新建账户(&amp;N)…</translation>
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
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Select an account in the list first.</source>
        <translation>请先在列表中选择一个账户。</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重设密码</translation>
    </message>
    <message>
        <source>New password (at least 8 characters):</source>
        <translation>新密码（至少 8 个字符）：</translation>
    </message>
    <message>
        <source>The new password is set and the account is unlocked.</source>
        <translation>新密码已设置，账户已解锁。</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>An unexpected error occurred; it was written to the log file {path}. The last action may not have been saved.</source>
        <translation>发生了意外错误，详情已写入日志文件 {path}。最后一步操作可能没有保存。</translation>
    </message>
    <message>
        <source>Library Workstation</source>
        <translation>图书馆业务工作站</translation>
    </message>
    <message>
        <source>Copying the database aside (daily backup)…</source>
        <translation>正在另存一份数据库（每日备份）……</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>lending desk</source>
        <translation>外借处</translation>
    </message>
    <message>
        <source>bookmobile</source>
        <translation>流动图书车</translation>
    </message>
    <message>
        <source>reading room</source>
        <translation>阅览室</translation>
    </message>
    <message>
        <source>desk librarian</source>
        <translation>借阅台馆员</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>业务主管</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Cannot do that</source>
        <translation>无法完成操作</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <source>An unexpected error occurred; it was written to the log file {path}. The last action may not have been saved.</source>
        <translation>发生了意外错误，详情已写入日志文件 {path}。最后一步操作可能没有保存。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
