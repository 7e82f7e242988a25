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
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
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
        <source>New service point</source>
        <translation>新建服务点</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
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
