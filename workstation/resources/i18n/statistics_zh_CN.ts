<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChartsTab</name>
    <message>
        <source>Compare with</source>
        <translation>对比年份</translation>
    </message>
    <message>
        <source>Heat map: loans</source>
        <translation>热力图：外借</translation>
    </message>
    <message>
        <source>Heat map: visitors</source>
        <translation>热力图：到馆读者</translation>
    </message>
    <message>
        <source>Whole year</source>
        <translation>全年</translation>
    </message>
    <message>
        <source>The period of the hours-of-the-week view</source>
        <translation>星期×时段图的统计期间</translation>
    </message>
    <message>
        <source>Save chart…</source>
        <translation>保存图表…</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Loans by month</source>
        <translation>月度外借</translation>
    </message>
    <message>
        <source>Reading rooms</source>
        <translation>阅览室</translation>
    </message>
    <message>
        <source>Visitors</source>
        <translation>到馆读者</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>日历热力图</translation>
    </message>
    <message>
        <source>Hours of the week</source>
        <translation>星期×时段</translation>
    </message>
    <message>
        <source>Loans by class</source>
        <translation>中图法分类外借</translation>
    </message>
    <message>
        <source>Digitization</source>
        <translation>数字资源建设</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>年度对比</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Service point</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>分类号</translation>
    </message>
    <message>
        <source>Reader card</source>
        <translation>读者证号</translation>
    </message>
    <message>
        <source>Renewal no.</source>
        <translation>第几次续借</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>阅览室</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>人次</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>参加人次</translation>
    </message>
    <message>
        <source>Online views</source>
        <translation>线上浏览</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Click a bar or a day to list the records behind it.</source>
        <translation>点击柱形或日期格，列出其背后的记录。</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>No records in this year</source>
        <translation>本年没有记录</translation>
    </message>
    <message>
        <source>Loans in {year} by service point (renewals not included)</source>
        <translation>{year} 年外借册次（按服务点，不含续借）</translation>
    </message>
    <message>
        <source>Reading-room visits in {year} by room</source>
        <translation>{year} 年阅览人次（按阅览室）</translation>
    </message>
    <message>
        <source>Visitors in {year}</source>
        <translation>{year} 年到馆读者人次</translation>
    </message>
    <message>
        <source>Loans per day in {year}</source>
        <translation>{year} 年每日外借册次</translation>
    </message>
    <message>
        <source>Visitors per day in {year}</source>
        <translation>{year} 年每日到馆读者人次</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>外借册次</translation>
    </message>
    <message>
        <source>Visitors counted</source>
        <translation>到馆读者人次</translation>
    </message>
    <message>
        <source>Reading-room visits</source>
        <translation>阅览人次</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>册次</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>人次</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>场次</translation>
    </message>
    <message>
        <source>Loans in {year} by CLC main class</source>
        <translation>{year} 年外借册次（按中图法大类）</translation>
    </message>
    <message>
        <source>CLC main class</source>
        <translation>中图法大类</translation>
    </message>
    <message>
        <source>Unclassified</source>
        <translation>未分类</translation>
    </message>
    <message>
        <source>Reader activities in {year} by category</source>
        <translation>{year} 年读者活动（按类别）</translation>
    </message>
    <message>
        <source>Digitization in {year}: progress at the year&apos;s end</source>
        <translation>{year} 年数字资源建设进度（截至年底）</translation>
    </message>
    <message>
        <source>Done in earlier years</source>
        <translation>以前年度完成</translation>
    </message>
    <message>
        <source>Done in {year}</source>
        <translation>{year} 年完成</translation>
    </message>
    <message>
        <source>Done so far ÷ target</source>
        <translation>完成率（累计完成 ÷ 目标）</translation>
    </message>
    <message>
        <source>{year} against {other}, month by month</source>
        <translation>{year} 年与 {other} 年对比</translation>
    </message>
    <message>
        <source>in {year}</source>
        <translation>{year} 年</translation>
    </message>
    <message>
        <source>in {month}/{year}</source>
        <translation>{year} 年 {month} 月</translation>
    </message>
    <message>
        <source>Loans by weekday and hour {period}</source>
        <translation>{period}外借册次（按星期、按时段）</translation>
    </message>
    <message>
        <source>Reading-room visits by weekday and hour {period}</source>
        <translation>{period}阅览人次（按星期、按时段）</translation>
    </message>
    <message>
        <source>{year} compared with {other}</source>
        <translation>{year} 年，对比 {other} 年</translation>
    </message>
    <message>
        <source>Number of activities</source>
        <translation>活动场次</translation>
    </message>
    <message>
        <source>Hour of the day</source>
        <translation>时段（时）</translation>
    </message>
    <message>
        <source>{count} visitors counted without a time of day (gate counters and day totals) are not shown</source>
        <translation>另有到馆读者 {count} 人次（门禁与按日登记）无时刻记录，不在图中</translation>
    </message>
    <message>
        <source>Counting the hours of the week…</source>
        <translation>正在按星期和时段统计…</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF (*.pdf)</source>
        <translation>PNG 图片 (*.png);;SVG 矢量图 (*.svg);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>earlier years</source>
        <translation>以前年度</translation>
    </message>
    <message>
        <source>{what}: {total} records, the first {shown} listed</source>
        <translation>{what}：共 {total} 条记录，列出前 {shown} 条</translation>
    </message>
    <message>
        <source>{what}: {total} records</source>
        <translation>{what}：共 {total} 条记录</translation>
    </message>
    <message>
        <source>, {amount} in all</source>
        <translation>，合计 {amount}</translation>
    </message>
</context>
<context>
    <name>LibraryChoice</name>
    <message>
        <source>Whose figures: the whole city (the central library and its branches) or one library</source>
        <translation>统计范围：全市（总馆及各分馆）或某一馆</translation>
    </message>
    <message>
        <source>Whole city (all libraries)</source>
        <translation>全市（各馆合计）</translation>
    </message>
</context>
<context>
    <name>RecordsDialog</name>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Service point</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>分类号</translation>
    </message>
    <message>
        <source>Reader card</source>
        <translation>读者证号</translation>
    </message>
    <message>
        <source>Renewal no.</source>
        <translation>第几次续借</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>阅览室</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>人次</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Visitors</source>
        <translation>到馆读者</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>参加人次</translation>
    </message>
    <message>
        <source>Online views</source>
        <translation>线上浏览</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
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
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>catalogued</source>
        <translation>编目</translation>
    </message>
    <message>
        <source>registered in a batch</source>
        <translation>按批次登记</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>This figure is a typed value; it has no records behind it.</source>
        <translation>此数字为录入值，无明细记录</translation>
    </message>
    <message>
        <source>{total} records: the figure is {figure}.</source>
        <translation>共 {total} 条记录，即此数字 {figure}。</translation>
    </message>
    <message>
        <source>{total} records; their {column} add up to {amount}: the figure is {figure}.</source>
        <translation>共 {total} 条记录，其{column}合计 {amount}，即此数字 {figure}。</translation>
    </message>
    <message>
        <source>The first {shown} are listed.</source>
        <translation>列出前 {shown} 条。</translation>
    </message>
    <message>
        <source>Export the records</source>
        <translation>导出明细记录</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Write workbook</source>
        <translation>生成工作簿</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>图书馆</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Reading the figures…</source>
        <translation>正在读取数据…</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>增减</translation>
    </message>
    <message>
        <source>counted at the central library</source>
        <translation>计入总馆</translation>
    </message>
    <message>
        <source>Figures of {year} compared with {other}: press Enter or double-click a figure to list the records behind it.</source>
        <translation>{year} 年数据（对比 {other} 年）：选中数字后按回车或双击，列出其背后的明细记录。</translation>
    </message>
    <message>
        <source>Visitors, activities, volunteers and the typed figures are recorded by the central library and counted in its figures.</source>
        <translation>到馆读者、读者活动、志愿服务和手工录入的数字由总馆统一登记，计入总馆。</translation>
    </message>
    <message>
        <source>statistics-{year}.xlsx</source>
        <translation>业务统计-{year}.xlsx</translation>
    </message>
    <message>
        <source>Save the workbook</source>
        <translation>保存工作簿</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Choose a file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist.</source>
        <translation>文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <source>Reading the figures of {year}…</source>
        <translation>正在读取 {year} 年的数据…</translation>
    </message>
    <message>
        <source>The workbook holds the yearly figures with the previous year and the change, monthly sheets with charts, the digitization projects, the activities (chronicle first) and the mapping to the ministry&apos;s public-library form. With branches it has these figures and the form for the whole city and for each library. Every number comes from the records in the database.</source>
        <translation>工作簿包括年度业务统计（含上年数值和增减）、带图表的月报、数字资源建设项目、读者活动（大事记在前）以及与文旅部《公共图书馆基本情况》报表的对照。有分馆时，业务统计和报表对照既有全市合计，也有各馆分表。所有数字均由数据库中的记录汇总而来。</translation>
    </message>
    <message>
        <source>Writing the workbook…</source>
        <translation>正在生成工作簿……</translation>
    </message>
    <message>
        <source>Writing {sheet}…</source>
        <translation>正在写入 {sheet}…</translation>
    </message>
    <message>
        <source>The workbook for {year} was written to {path}</source>
        <translation>{year} 年工作簿已写入 {path}</translation>
    </message>
    <message>
        <source>The workbook was not written: {reason}</source>
        <translation>工作簿未能写入：{reason}</translation>
    </message>
</context>
</TS>
