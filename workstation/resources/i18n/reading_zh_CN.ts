<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Count: a whole number of people is needed.</source>
        <translation>人数：需要填写整数人数。</translation>
    </message>
    <message>
        <source>Count: {value} is not a whole number.</source>
        <translation>人数：{value} 不是整数。</translation>
    </message>
    <message>
        <source>Count: must not be empty.</source>
        <translation>人数：不能为空。</translation>
    </message>
    <message>
        <source>Count: {value} is negative; counts are 0 or more.</source>
        <translation>人数：{value} 是负数；人数应为 0 或以上。</translation>
    </message>
    <message>
        <source>Count: {value} is implausibly large (at most {max}).</source>
        <translation>人数：{value} 大得不合常理（最多 {max}）。</translation>
    </message>
    <message>
        <source>Date: {value} is not a date like 2019-03-05.</source>
        <translation>日期：{value} 不是 2019-03-05 这样的日期。</translation>
    </message>
    <message>
        <source>Date: a date like 2019-03-05 is needed.</source>
        <translation>日期：需要 2019-03-05 这样的日期。</translation>
    </message>
    <message>
        <source>Time: {value} is not a time like 10:00.</source>
        <translation>时间：{value} 不是 10:00 这样的时间。</translation>
    </message>
    <message>
        <source>Time: a time like 10:00 is needed.</source>
        <translation>时间：需要 10:00 这样的时间。</translation>
    </message>
    <message>
        <source>Date: {day} is before {earliest}; check the year.</source>
        <translation>日期：{day} 早于 {earliest}，请检查年份。</translation>
    </message>
    <message>
        <source>Date: {day} is in the future.</source>
        <translation>日期：{day} 是将来的日期。</translation>
    </message>
    <message>
        <source>Time: {time} is in the future.</source>
        <translation>时间：{time} 是将来的时间。</translation>
    </message>
    <message>
        <source>Time: {time} is outside opening hours ({open}–{close}); reading rooms are counted while the library is open.</source>
        <translation>时间：{time} 不在开放时间（{open}–{close}）内；阅览室人数在开馆期间统计。</translation>
    </message>
    <message>
        <source>Date: the library is closed on {day}; nothing is counted on a closed day.</source>
        <translation>日期：{day} 闭馆；闭馆日不计数。</translation>
    </message>
    <message>
        <source>Reason: say why (it is kept with the change).</source>
        <translation>原因：请说明原因（将与修改一并保存）。</translation>
    </message>
    <message>
        <source>Reason: at most {n} characters.</source>
        <translation>原因：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>No service point with number {id}.</source>
        <translation>没有编号为 {id} 的服务点。</translation>
    </message>
    <message>
        <source>Room: {name} is not a reading room.</source>
        <translation>阅览室：{name} 不是阅览室。</translation>
    </message>
    <message>
        <source>Room: {name} is retired; counts go to rooms in service.</source>
        <translation>阅览室：{name} 已停用；请为在用的阅览室计数。</translation>
    </message>
    <message>
        <source>{count} readers is more than the {seats} seats of {room}. Check the number; if it is right, confirm it.</source>
        <translation>{count} 人超过了{room}的 {seats} 个座位。请核对人数；如确实无误，请确认。</translation>
    </message>
    <message>
        <source>No headcount with number {id}.</source>
        <translation>没有编号为 {id} 的人数记录。</translation>
    </message>
    <message>
        <source>This count was already corrected; correct the newer value instead.</source>
        <translation>这条计数已被更正过；请更正较新的数值。</translation>
    </message>
    <message>
        <source>Count: the new value is the same as the old one ({count}).</source>
        <translation>人数：新数值与原数值（{count}）相同。</translation>
    </message>
    <message>
        <source>Counter: must be one-way or two-way.</source>
        <translation>计数器：必须是单向或双向。</translation>
    </message>
    <message>
        <source>Rollover: the number at which the counter starts again at 0, e.g. 100000; {value} is too small.</source>
        <translation>归零值：计数器回到 0 时的数值，如 100000；{value} 太小。</translation>
    </message>
    <message>
        <source>Library: choose one of the libraries.</source>
        <translation>图书馆：请选择一个图书馆。</translation>
    </message>
    <message>
        <source>Library: there is no library with number {id}.</source>
        <translation>图书馆：没有编号为 {id} 的图书馆。</translation>
    </message>
    <message>
        <source>Library: {user} belongs to {own} and records only its visitors and gate counters, not those of {other}.</source>
        <translation>图书馆：{user} 属于{own}，只能登记本馆的到馆人次和门禁计数器，不能登记{other}的。</translation>
    </message>
    <message>
        <source>No gate counter with number {id}.</source>
        <translation>没有编号为 {id} 的门禁计数器。</translation>
    </message>
    <message>
        <source>Name: a gate counter called {name} already exists.</source>
        <translation>名称：已有名为 {name} 的门禁计数器。</translation>
    </message>
    <message>
        <source>Reading: {value} is not shown by a counter that rolls over at {rollover}.</source>
        <translation>读数：在 {rollover} 归零的计数器不会显示 {value}。</translation>
    </message>
    <message>
        <source>{counter} already has a reading at {time}; correct that one instead.</source>
        <translation>{counter} 在 {time} 已有读数；请更正那条读数。</translation>
    </message>
    <message>
        <source>Reading: {value} is lower than the reading {prev} at {time}, and {counter} does not roll over. Check the number, or set the counter&apos;s rollover.</source>
        <translation>读数：{value} 低于 {time} 的读数 {prev}，而{counter}不会归零。请核对数字，或设置计数器的归零值。</translation>
    </message>
    <message>
        <source>Reading: {value} is higher than the later reading {next} at {time}, and {counter} does not roll over.</source>
        <translation>读数：{value} 高于之后 {time} 的读数 {next}，而{counter}不会归零。</translation>
    </message>
    <message>
        <source>{day} already has a visitor day total for this counter&apos;s library; a library&apos;s day has either a total or counter readings. Correct the total instead.</source>
        <translation>该计数器所属图书馆 {day} 已有到馆人次总数；一个馆一天只能有总数或计数器读数之一。请更正总数。</translation>
    </message>
    <message>
        <source>{day} already has a visitor total for this library; correct it instead.</source>
        <translation>该图书馆 {day} 已有到馆人次；请更正该数值。</translation>
    </message>
    <message>
        <source>{day} already has readings of this library&apos;s gate counters; a library&apos;s day has either a total or counter readings.</source>
        <translation>该图书馆的门禁计数器 {day} 已有读数；一个馆一天只能有总数或计数器读数之一。</translation>
    </message>
    <message>
        <source>No gate reading with number {id}.</source>
        <translation>没有编号为 {id} 的计数器读数。</translation>
    </message>
    <message>
        <source>This reading was already corrected; correct the newer value instead.</source>
        <translation>这条读数已被更正过；请更正较新的数值。</translation>
    </message>
    <message>
        <source>No visitor total with number {id}.</source>
        <translation>没有编号为 {id} 的到馆人次记录。</translation>
    </message>
    <message>
        <source>This total was already corrected; correct the newer value instead.</source>
        <translation>这个总数已被更正过；请更正较新的数值。</translation>
    </message>
    <message>
        <source>Nothing was imported: {n} rows have problems. Fix them and import the file again.</source>
        <translation>未导入任何数据：有 {n} 行存在问题。请修改后重新导入该文件。</translation>
    </message>
    <message>
        <source>File: {name} does not exist.</source>
        <translation>文件：{name} 不存在。</translation>
    </message>
    <message>
        <source>File: {name} is too large to import.</source>
        <translation>文件：{name} 太大，无法导入。</translation>
    </message>
    <message>
        <source>File: import a .csv or .xlsx file, not {name}.</source>
        <translation>文件：请导入 .csv 或 .xlsx 文件，而不是 {name}。</translation>
    </message>
    <message>
        <source>Nothing was imported: more than {n} rows have problems (the first {n} are listed); is this the right file?</source>
        <translation>未导入任何数据：超过 {n} 行有问题（列出前 {n} 行）。请确认文件是否选对。</translation>
    </message>
    <message>
        <source>File: {name} is empty.</source>
        <translation>文件：{name} 是空的。</translation>
    </message>
    <message>
        <source>File: the first row must name the columns, e.g. {columns} (see the import formats).</source>
        <translation>文件：第一行必须是列名，如 {columns}（见导入格式说明）。</translation>
    </message>
    <message>
        <source>Formula: this cell holds a formula; save the values, not the formulas.</source>
        <translation>公式：此单元格含有公式；请保存为数值，而不是公式。</translation>
    </message>
    <message>
        <source>This row has no value in the column {column}.</source>
        <translation>此行“{column}”列没有数值。</translation>
    </message>
    <message>
        <source>File: the columns {columns} are missing.</source>
        <translation>文件：缺少以下列：{columns}。</translation>
    </message>
    <message>
        <source>File: there are no rows to import.</source>
        <translation>文件：没有可导入的行。</translation>
    </message>
    <message>
        <source>Room: there is no reading room called {name}.</source>
        <translation>阅览室：没有名为 {name} 的阅览室。</translation>
    </message>
    <message>
        <source>This count ({room}, {day} {time}, {count}) is already recorded.</source>
        <translation>这条计数（{room}，{day} {time}，{count} 人）已经录入过。</translation>
    </message>
    <message>
        <source>Counter: there is no gate counter called {name}.</source>
        <translation>计数器：没有名为 {name} 的门禁计数器。</translation>
    </message>
</context>
<context>
    <name>BackFillDialog</name>
    <message>
        <source>Back-fill a count</source>
        <translation>补录计数</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>阅览室</translation>
    </message>
    <message>
        <source>Why is it entered late? (e.g. from the paper sheet)</source>
        <translation>为什么补录？（如：据纸质登记表）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Readers</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct a count</source>
        <translation>更正计数</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>原数值</translation>
    </message>
    <message>
        <source>Why? (kept with the correction)</source>
        <translation>原因？（与更正一并保存）</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新数值</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Import refused</source>
        <translation>导入被拒绝</translation>
    </message>
</context>
<context>
    <name>ReadingTab</name>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import headcounts, gate readings or visitor totals from CSV or XLSX</source>
        <translation>从 CSV 或 XLSX 导入阅览人数、计数器读数或到馆人次</translation>
    </message>
    <message>
        <source>Reading room</source>
        <translation>阅览室</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>Days and months</source>
        <translation>日历与月份</translation>
    </message>
    <message>
        <source>Visitors</source>
        <translation>到馆读者</translation>
    </message>
    <message>
        <source>Reading rooms</source>
        <translation>阅览室</translation>
    </message>
    <message>
        <source>Count one reader (Space or + key)</source>
        <translation>计一位读者（空格键或 + 键）</translation>
    </message>
    <message>
        <source>One reader: click, or press Space or +</source>
        <translation>计一人：点击，或按空格键、+ 键</translation>
    </message>
    <message>
        <source>readers counted now, e.g. 23</source>
        <translation>此刻清点的人数，如 23</translation>
    </message>
    <message>
        <source>Add total</source>
        <translation>加入人数</translation>
    </message>
    <message>
        <source>Room empty (0)</source>
        <translation>室内无人（0）</translation>
    </message>
    <message>
        <source>Looked: nobody there. Records 0, which is not the same as not counted.</source>
        <translation>已查看：无人。记为 0，这与“未计数”不同。</translation>
    </message>
    <message>
        <source>Typed count for a session</source>
        <translation>输入一次清点的人数</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>阅览室</translation>
    </message>
    <message>
        <source>Readers today</source>
        <translation>今日人数</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>计数次数</translation>
    </message>
    <message>
        <source>Last count</source>
        <translation>最后计数</translation>
    </message>
    <message>
        <source>Green: counted (with the total). Red: not counted. Grey: library closed.</source>
        <translation>绿色：已计数（显示总数）。红色：未计数。灰色：闭馆。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Readers</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Entered by</source>
        <translation>录入人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Back-fill…</source>
        <translation>补录…</translation>
    </message>
    <message>
        <source>All rooms this month</source>
        <translation>本月各阅览室</translation>
    </message>
    <message>
        <source>There is no reading room in service.</source>
        <translation>没有在用的阅览室。</translation>
    </message>
    <message>
        <source>{room}: 1 reader counted at {time}. Today: {total}.</source>
        <translation>{room}：{time} 计 1 人。今日：{total}。</translation>
    </message>
    <message>
        <source>Check the count</source>
        <translation>核对人数</translation>
    </message>
    <message>
        <source>{room}: {count} readers counted at {time}. Today: {total}.</source>
        <translation>{room}：{time} 计 {count} 人。今日：{total}。</translation>
    </message>
    <message>
        <source>{room}: empty at {time} (0 recorded).</source>
        <translation>{room}：{time} 无人（记为 0）。</translation>
    </message>
    <message>
        <source>Today, {day}</source>
        <translation>今日，{day}</translation>
    </message>
    <message>
        <source>not counted</source>
        <translation>未计数</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>全月</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>闭馆</translation>
    </message>
    <message>
        <source>tap</source>
        <translation>点按</translation>
    </message>
    <message>
        <source>typed</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>room empty</source>
        <translation>室内无人</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>{room}, {day}: not counted</source>
        <translation>{room}，{day}：未计数</translation>
    </message>
    <message>
        <source>{room}, {day}: {total} readers</source>
        <translation>{room}，{day}：{total} 人</translation>
    </message>
    <message>
        <source>correction of {old}</source>
        <translation>更正原值 {old}</translation>
    </message>
    <message>
        <source>current</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>corrected at {time}</source>
        <translation>已于 {time} 更正</translation>
    </message>
    <message>
        <source>Select a current count of the day to correct.</source>
        <translation>请选择当天一条有效的计数进行更正。</translation>
    </message>
    <message>
        <source>Corrected; the old value is kept in the history.</source>
        <translation>已更正；原数值保留在历史记录中。</translation>
    </message>
    <message>
        <source>Count for {day} added.</source>
        <translation>已补录 {day} 的计数。</translation>
    </message>
    <message>
        <source>Import counts</source>
        <translation>导入计数</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>电子表格 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Some counts are above their room&apos;s seats:
{rows}
Import them anyway?</source>
        <translation>有些人数超过了阅览室的座位数：
{rows}
仍要导入吗？</translation>
    </message>
    <message>
        <source>{file}: {n} rows imported.</source>
        <translation>{file}：已导入 {n} 行。</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}……</translation>
    </message>
    <message>
        <source>Row {row}: {message}</source>
        <translation>第 {row} 行：{message}</translation>
    </message>
</context>
<context>
    <name>VisitorsPanel</name>
    <message>
        <source>Gate counter reading</source>
        <translation>门禁计数器读数</translation>
    </message>
    <message>
        <source>the number the counter shows</source>
        <translation>计数器显示的数字</translation>
    </message>
    <message>
        <source>Record reading</source>
        <translation>记录读数</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>计数器</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>读数</translation>
    </message>
    <message>
        <source>Read at</source>
        <translation>读取时间</translation>
    </message>
    <message>
        <source>Visitor total of a day</source>
        <translation>某日到馆人次</translation>
    </message>
    <message>
        <source>Record day total</source>
        <translation>记录当日总数</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Gate counters</source>
        <translation>门禁计数器</translation>
    </message>
    <message>
        <source>one-way (counts people coming in)</source>
        <translation>单向（只计进馆人数）</translation>
    </message>
    <message>
        <source>two-way (counts in and out: visitors are half)</source>
        <translation>双向（进出都计：到馆人次为一半）</translation>
    </message>
    <message>
        <source>e.g. 100000; empty if it never rolls over</source>
        <translation>如 100000；不归零则留空</translation>
    </message>
    <message>
        <source>Add counter</source>
        <translation>添加计数器</translation>
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
        <source>Rolls over at</source>
        <translation>归零值</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>到馆人次</translation>
    </message>
    <message>
        <source>Whose visitors: the library whose gate counters and day totals are shown and recorded</source>
        <translation>哪个馆的到馆读者：显示和登记该馆的门禁计数器与按日总数</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>图书馆</translation>
    </message>
    <message>
        <source>Visits per day (last {n} days)</source>
        <translation>每日到馆人次（最近 {n} 天）</translation>
    </message>
    <message>
        <source>Entries of the selected day (corrected values stay, struck out)</source>
        <translation>所选日期的记录（已更正的数值保留，以删除线显示）</translation>
    </message>
    <message>
        <source>two-way</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>one-way</source>
        <translation>单向</translation>
    </message>
    <message>
        <source>rolls over at {n}</source>
        <translation>在 {n} 归零</translation>
    </message>
    <message>
        <source>no rollover</source>
        <translation>不归零</translation>
    </message>
    <message>
        <source>No gate counter set up yet.</source>
        <translation>尚未设置门禁计数器。</translation>
    </message>
    <message>
        <source>day total</source>
        <translation>当日总数</translation>
    </message>
    <message>
        <source>current</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>corrected</source>
        <translation>已更正</translation>
    </message>
    <message>
        <source>Set up a gate counter first.</source>
        <translation>请先设置门禁计数器。</translation>
    </message>
    <message>
        <source>Reading {value} recorded.</source>
        <translation>已记录读数 {value}。</translation>
    </message>
    <message>
        <source>Visitors of {day} recorded.</source>
        <translation>已记录 {day} 的到馆人次。</translation>
    </message>
    <message>
        <source>Counter added.</source>
        <translation>已添加计数器。</translation>
    </message>
    <message>
        <source>Select a current entry to correct.</source>
        <translation>请选择一条有效记录进行更正。</translation>
    </message>
    <message>
        <source>Corrected; the old value is kept.</source>
        <translation>已更正；原数值已保留。</translation>
    </message>
</context>
</TS>
