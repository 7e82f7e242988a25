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
        <source>Loans by class</source>
        <translation>中图法分类外借</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>读者活动</translation>
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
        <source>Click a bar or a day to list the records behind it.</source>
        <translation>点击柱形或日期格，列出其背后的记录。</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>{year} compared with {other}</source>
        <translation>{year} 年，对比 {other} 年</translation>
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
        <source>{what}: {total} records, the first {shown} listed</source>
        <translation>{what}：共 {total} 条记录，列出前 {shown} 条</translation>
    </message>
    <message>
        <source>{what}: {total} records</source>
        <translation>{what}：共 {total} 条记录</translation>
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
        <source>The workbook holds the yearly figures with the previous year and the change, monthly sheets with charts, the digitization projects, the activities (chronicle first) and the mapping to the ministry&apos;s public-library form. Every number comes from the records in the database.</source>
        <translation>工作簿包括年度业务统计（含上年数值和增减）、带图表的月报、数字资源建设项目、读者活动（大事记在前）以及与文旅部《公共图书馆基本情况》报表的对照。所有数字均由数据库中的记录汇总而来。</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
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
