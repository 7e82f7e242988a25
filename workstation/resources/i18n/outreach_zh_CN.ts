<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Date: must not be empty.</source>
        <translation>日期：不能为空。</translation>
    </message>
    <message>
        <source>Date: {value} is not a date; write it as 2019-05-04.</source>
        <translation>日期：“{value}”不是日期，请写成 2019-05-04 的形式。</translation>
    </message>
    <message>
        <source>Date: {value} does not exist in the calendar.</source>
        <translation>日期：日历中没有 {value} 这一天。</translation>
    </message>
    <message>
        <source>Date: {day} is before {min}.</source>
        <translation>日期：{day} 早于 {min}。</translation>
    </message>
    <message>
        <source>Date: {day} is in the future.</source>
        <translation>日期：{day} 是将来的日期。</translation>
    </message>
    <message>
        <source>Number: must not be empty.</source>
        <translation>数量：不能为空。</translation>
    </message>
    <message>
        <source>Number: {value} is not a whole number.</source>
        <translation>数量：“{value}”不是整数。</translation>
    </message>
    <message>
        <source>Number: {value} is negative.</source>
        <translation>数量：{value} 是负数。</translation>
    </message>
    <message>
        <source>Number: must be at least 1.</source>
        <translation>数量：至少为 1。</translation>
    </message>
    <message>
        <source>Number: {value} is more than {max}.</source>
        <translation>数量：{value} 超过了 {max}。</translation>
    </message>
    <message>
        <source>Hours: must not be empty.</source>
        <translation>时长：不能为空。</translation>
    </message>
    <message>
        <source>Hours: {value} is not a number.</source>
        <translation>时长：“{value}”不是数字。</translation>
    </message>
    <message>
        <source>Hours: {value} must be more than 0 and at most 24.</source>
        <translation>时长：{value} 必须大于 0 且不超过 24。</translation>
    </message>
    <message>
        <source>Hours: {value} is not in half-hour steps (use 1, 1.5, 2 …).</source>
        <translation>时长：{value} 不是半小时的整数倍（请填 1、1.5、2 ……）。</translation>
    </message>
    <message>
        <source>{label}: must not be empty.</source>
        <translation>{label}：不能为空。</translation>
    </message>
    <message>
        <source>{label}: at most {n} characters.</source>
        <translation>{label}：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Partners</source>
        <translation>合作单位</translation>
    </message>
    <message>
        <source>Chronicle description</source>
        <translation>大事记说明</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Year: {value} is not between {min} and {max}.</source>
        <translation>年份：{value} 不在 {min} 到 {max} 之间。</translation>
    </message>
    <message>
        <source>Month: {value} is not between 1 and 12.</source>
        <translation>月份：{value} 不在 1 到 12 之间。</translation>
    </message>
    <message>
        <source>Category: choose one from the list.</source>
        <translation>类别：请从列表中选择。</translation>
    </message>
    <message>
        <source>Category: there is no category called {name}.</source>
        <translation>类别：没有名为“{name}”的类别。</translation>
    </message>
    <message>
        <source>Code: use 2 to 30 lower-case letters, digits or underscores, starting with a letter.</source>
        <translation>代码：使用 2 至 30 个小写字母、数字或下划线，以字母开头。</translation>
    </message>
    <message>
        <source>Category: {name} or its code {code} already exists.</source>
        <translation>类别：“{name}”或代码 {code} 已存在。</translation>
    </message>
    <message>
        <source>Category: {name} already exists.</source>
        <translation>类别：“{name}”已存在。</translation>
    </message>
    <message>
        <source>Series: {name} already exists.</source>
        <translation>系列：“{name}”已存在。</translation>
    </message>
    <message>
        <source>No activity series with number {id}.</source>
        <translation>没有编号为 {id} 的活动系列。</translation>
    </message>
    <message>
        <source>Library: choose one from the list.</source>
        <translation>图书馆：请从列表中选择。</translation>
    </message>
    <message>
        <source>Library: {user} belongs to {own} and records activities only for that library, not for {other}.</source>
        <translation>图书馆：{user} 属于{own}，只能登记本馆的读者活动，不能为{other}登记。</translation>
    </message>
    <message>
        <source>Library: there is no library called {name}.</source>
        <translation>图书馆：没有名为 {name} 的图书馆。</translation>
    </message>
    <message>
        <source>End date: {end} is before the start date {start}.</source>
        <translation>结束日期：{end} 早于开始日期 {start}。</translation>
    </message>
    <message>
        <source>End date: an activity runs for at most a year.</source>
        <translation>结束日期：一项活动最长持续一年。</translation>
    </message>
    <message>
        <source>Series: choose one from the list.</source>
        <translation>系列：请从列表中选择。</translation>
    </message>
    <message>
        <source>Chronicle description: an activity in the chronicle needs a short description.</source>
        <translation>大事记说明：列入大事记的活动需要一段简短说明。</translation>
    </message>
    <message>
        <source>No activity with number {id}.</source>
        <translation>没有编号为 {id} 的活动。</translation>
    </message>
    <message>
        <source>Activity {id} is voided and cannot be changed.</source>
        <translation>活动 {id} 已作废，不能修改。</translation>
    </message>
    <message>
        <source>Activity {id} is already voided.</source>
        <translation>活动 {id} 已作废。</translation>
    </message>
    <message>
        <source>Service point: choose a bookmobile.</source>
        <translation>服务点：请选择流动图书车。</translation>
    </message>
    <message>
        <source>Vehicle: {name} already exists.</source>
        <translation>车辆：“{name}”已存在。</translation>
    </message>
    <message>
        <source>Vehicle: choose one from the list.</source>
        <translation>车辆：请从列表中选择。</translation>
    </message>
    <message>
        <source>Stops: tick at least one stop the vehicle visited.</source>
        <translation>站点：请至少勾选一个本次到访的站点。</translation>
    </message>
    <message>
        <source>Stops: choose stops of this vehicle&apos;s bookmobile.</source>
        <translation>站点：请选择该车所属流动图书车的站点。</translation>
    </message>
    <message>
        <source>No bookmobile trip with number {id}.</source>
        <translation>没有编号为 {id} 的出车记录。</translation>
    </message>
    <message>
        <source>Bookmobile trip {id} is already voided.</source>
        <translation>流动图书车出车记录 {id} 已作废。</translation>
    </message>
    <message>
        <source>books</source>
        <translation>图书</translation>
    </message>
    <message>
        <source>serials</source>
        <translation>报刊</translation>
    </message>
    <message>
        <source>audiovisual</source>
        <translation>视听资料</translation>
    </message>
    <message>
        <source>e-documents</source>
        <translation>电子文献</translation>
    </message>
    <message>
        <source>Type: must be books, serials, audiovisual or e-documents.</source>
        <translation>类型：必须是图书、报刊、视听资料或电子文献。</translation>
    </message>
    <message>
        <source>No acquisition with number {id}.</source>
        <translation>没有编号为 {id} 的入藏记录。</translation>
    </message>
    <message>
        <source>Acquisition {id} is already voided.</source>
        <translation>入藏记录 {id} 已作废。</translation>
    </message>
    <message>
        <source>Metric: choose one from the list.</source>
        <translation>指标：请从列表中选择。</translation>
    </message>
    <message>
        <source>Metric: there is no metric called {name}.</source>
        <translation>指标：没有名为“{name}”的指标。</translation>
    </message>
    <message>
        <source>Year total: must be sum or last.</source>
        <translation>年度合计：必须是“各月之和”或“最后一个月”。</translation>
    </message>
    <message>
        <source>Metric: {name} or its code {code} already exists.</source>
        <translation>指标：“{name}”或代码 {code} 已存在。</translation>
    </message>
    <message>
        <source>Month: {metric} for {year}-{month:02d} is already entered; correct that value instead.</source>
        <translation>月份：{metric} {year}-{month:02d} 的数值已录入，请更正该数值。</translation>
    </message>
    <message>
        <source>No metric value with number {id}.</source>
        <translation>没有编号为 {id} 的指标数值。</translation>
    </message>
    <message>
        <source>No metric with code {code}.</source>
        <translation>没有代码为 {code} 的指标。</translation>
    </message>
    <message>
        <source>File: {name} must be a .csv or .xlsx file.</source>
        <translation>文件：{name} 必须是 .csv 或 .xlsx 文件。</translation>
    </message>
    <message>
        <source>File: {name} is empty.</source>
        <translation>文件：{name} 是空的。</translation>
    </message>
    <message>
        <source>File: the columns {columns} are missing from the first row.</source>
        <translation>文件：第一行缺少列 {columns}。</translation>
    </message>
    <message>
        <source>Yes or no: write {yes} or {no} (not {value}).</source>
        <translation>是否：请填“{yes}”或“{no}”（而不是“{value}”）。</translation>
    </message>
    <message>
        <source>Import: choose activities, volunteer records or metrics.</source>
        <translation>导入：请选择活动、志愿服务记录或月度指标。</translation>
    </message>
    <message>
        <source>File: {name} does not exist.</source>
        <translation>文件：{name} 不存在。</translation>
    </message>
    <message>
        <source>Nothing was imported: {n} rows have problems (first: row {row}); the import stopped there. Is this the right file?</source>
        <translation>未导入任何数据：已有 {n} 行有问题（第一处在第 {row} 行），导入就此停止。请确认文件是否选对。</translation>
    </message>
    <message>
        <source>Nothing was imported: {n} rows have problems (first: row {row}).</source>
        <translation>未导入任何数据：有 {n} 行存在问题（第一处：第 {row} 行）。</translation>
    </message>
    <message>
        <source>Volunteer: choose one from the list.</source>
        <translation>志愿者：请从列表中选择。</translation>
    </message>
    <message>
        <source>Volunteer: {name} of {organisation} is already registered.</source>
        <translation>志愿者：{organisation} 的 {name} 已登记。</translation>
    </message>
    <message>
        <source>Activity: choose one from the list.</source>
        <translation>活动：请从列表中选择。</translation>
    </message>
    <message>
        <source>Hours: {name} already has {have} hours on {day}; a day has 24.</source>
        <translation>时长：{name} 在 {day} 已有 {have} 小时，一天只有 24 小时。</translation>
    </message>
    <message>
        <source>No volunteer service record with number {id}.</source>
        <translation>没有编号为 {id} 的志愿服务记录。</translation>
    </message>
    <message>
        <source>Volunteer service record {id} is already voided.</source>
        <translation>志愿服务记录 {id} 已作废。</translation>
    </message>
</context>
<context>
    <name>ActivitiesSection</name>
    <message>
        <source>same day</source>
        <translation>同开始日期</translation>
    </message>
    <message>
        <source>partner organisations</source>
        <translation>合作单位</translation>
    </message>
    <message>
        <source>e.g. {title}</source>
        <translation>如 {title}</translation>
    </message>
    <message>
        <source>In the chronicle</source>
        <translation>列入大事记</translation>
    </message>
    <message>
        <source>short description for the chronicle</source>
        <translation>大事记简短说明</translation>
    </message>
    <message>
        <source>The library that held the activity: its figures count it</source>
        <translation>举办该活动的图书馆：活动计入该馆的统计</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>图书馆</translation>
    </message>
    <message>
        <source>new series name</source>
        <translation>新系列名称</translation>
    </message>
    <message>
        <source>Add series</source>
        <translation>添加系列</translation>
    </message>
    <message>
        <source>Save activity</source>
        <translation>保存活动</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>参与人次</translation>
    </message>
    <message>
        <source>Online views</source>
        <translation>线上观看</translation>
    </message>
    <message>
        <source>Partners</source>
        <translation>合作单位</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>系列</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Chronicle</source>
        <translation>大事记</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>读者活动</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>(no series)</source>
        <translation>（不属于系列）</translation>
    </message>
    <message>
        <source>{year}: {n} activities, {p} participants, {v} online views</source>
        <translation>{year} 年：{n} 场活动，参与 {p} 人次，线上观看 {v} 人次</translation>
    </message>
    <message>
        <source>{name}: {n} activities, {p} participants, {v} online views</source>
        <translation>{name}：{n} 场活动，参与 {p} 人次，线上观看 {v} 人次</translation>
    </message>
    <message>
        <source>Saved: {title}</source>
        <translation>已保存：{title}</translation>
    </message>
    <message>
        <source>Series added.</source>
        <translation>系列已添加。</translation>
    </message>
</context>
<context>
    <name>BookmobileSection</name>
    <message>
        <source>from circulation</source>
        <translation>取自流通记录</translation>
    </message>
    <message>
        <source>Save trip</source>
        <translation>保存出车</translation>
    </message>
    <message>
        <source>Loans, returns and new cards are taken from the circulation records made at the bookmobile that day; type them only for days without such records.</source>
        <translation>外借、归还和新办证数取自当天在流动图书车上的流通记录；只有当天没有流通记录时才需手工填写。</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>外借</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>归还</translation>
    </message>
    <message>
        <source>New cards</source>
        <translation>新办证</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Stops visited</source>
        <translation>到访站点</translation>
    </message>
    <message>
        <source>Stops</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Figures from</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <source>Bookmobile trips</source>
        <translation>流动图书车出车</translation>
    </message>
    <message>
        <source>circulation</source>
        <translation>流通记录</translation>
    </message>
    <message>
        <source>typed</source>
        <translation>手工填写</translation>
    </message>
    <message>
        <source>{year}: {n} trips, {loans} loans, {returns} returns, {cards} new cards</source>
        <translation>{year} 年：出车 {n} 次，外借 {loans} 册次，归还 {returns} 册次，新办证 {cards} 个</translation>
    </message>
    <message>
        <source>Trip saved.</source>
        <translation>出车记录已保存。</translation>
    </message>
</context>
<context>
    <name>HoldingsSection</name>
    <message>
        <source>e.g. purchase, gift, Chinese database</source>
        <translation>如 采购、赠送、中文数据库</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Save acquisition</source>
        <translation>保存入藏</translation>
    </message>
    <message>
        <source>Acquisition not catalogued item by item</source>
        <translation>未逐件编目的入藏</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Catalogued</source>
        <translation>编目</translation>
    </message>
    <message>
        <source>Acquired</source>
        <translation>入藏</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Acquisitions of the year</source>
        <translation>本年入藏记录</translation>
    </message>
    <message>
        <source>New holdings</source>
        <translation>新增馆藏</translation>
    </message>
    <message>
        <source>{year}: {n} new holdings</source>
        <translation>{year} 年：新增馆藏 {n} 册（件）</translation>
    </message>
    <message>
        <source>Acquisition saved.</source>
        <translation>入藏记录已保存。</translation>
    </message>
</context>
<context>
    <name>MetricsSection</name>
    <message>
        <source>{m} month</source>
        <translation>{m} 月</translation>
    </message>
    <message>
        <source>Save value</source>
        <translation>保存数值</translation>
    </message>
    <message>
        <source>Correct value</source>
        <translation>更正数值</translation>
    </message>
    <message>
        <source>Replace the value already entered for this month</source>
        <translation>替换该月已录入的数值</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>code, e.g. douyin_views</source>
        <translation>代码，如 douyin_views</translation>
    </message>
    <message>
        <source>name, e.g. Douyin plays</source>
        <translation>名称，如 抖音播放量</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>year = sum of months</source>
        <translation>年度数 = 各月之和</translation>
    </message>
    <message>
        <source>year = last month entered</source>
        <translation>年度数 = 最后录入月份的数值</translation>
    </message>
    <message>
        <source>Add metric</source>
        <translation>添加指标</translation>
    </message>
    <message>
        <source>New metric</source>
        <translation>新指标</translation>
    </message>
    <message>
        <source>Whole year</source>
        <translation>全年</translation>
    </message>
    <message>
        <source>Online and promotion</source>
        <translation>网络与宣传</translation>
    </message>
    <message>
        <source>Value saved.</source>
        <translation>数值已保存。</translation>
    </message>
    <message>
        <source>Value corrected.</source>
        <translation>数值已更正。</translation>
    </message>
    <message>
        <source>Metric added.</source>
        <translation>指标已添加。</translation>
    </message>
</context>
<context>
    <name>OutreachSection</name>
    <message>
        <source>why the selected record is void</source>
        <translation>作废所选记录的原因</translation>
    </message>
    <message>
        <source>Void selected</source>
        <translation>作废所选记录</translation>
    </message>
    <message>
        <source>Select the record to void in the list first.</source>
        <translation>请先在列表中选择要作废的记录。</translation>
    </message>
    <message>
        <source>Voided.</source>
        <translation>已作废。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>电子表格 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Row {row}: {reason}</source>
        <translation>第 {row} 行：{reason}</translation>
    </message>
    <message>
        <source>{file}: {n} rows imported.</source>
        <translation>{file}：已导入 {n} 行。</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}……</translation>
    </message>
</context>
<context>
    <name>OutreachTab</name>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Outreach</source>
        <translation>读者活动与推广</translation>
    </message>
</context>
<context>
    <name>VolunteersSection</name>
    <message>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Registered in the national volunteer system</source>
        <translation>已在全国志愿服务信息系统注册</translation>
    </message>
    <message>
        <source>Add volunteer</source>
        <translation>添加志愿者</translation>
    </message>
    <message>
        <source>New volunteer</source>
        <translation>新志愿者</translation>
    </message>
    <message>
        <source>e.g. 1.5</source>
        <translation>如 1.5</translation>
    </message>
    <message>
        <source>place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>what was done</source>
        <translation>服务内容</translation>
    </message>
    <message>
        <source>Save record</source>
        <translation>保存记录</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Service record</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>志愿服务</translation>
    </message>
    <message>
        <source>{year}: {hours} volunteer hours in {n} records by {people} volunteers</source>
        <translation>{year} 年：志愿服务 {hours} 小时，{n} 条记录，{people} 名志愿者</translation>
    </message>
    <message>
        <source>Volunteer added.</source>
        <translation>志愿者已添加。</translation>
    </message>
    <message>
        <source>Service record saved.</source>
        <translation>服务记录已保存。</translation>
    </message>
</context>
</TS>
