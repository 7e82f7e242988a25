<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>File: more than {n} records; split it.</source>
        <translation>文件：超过 {n} 条记录，请拆分后再导入。</translation>
    </message>
    <message>
        <source>Record {record}: the file ends inside its leader (truncated).</source>
        <translation>记录 {record}：文件在记录头区中途结束（记录被截断）。</translation>
    </message>
    <message>
        <source>Record {record}: the leader does not start with a record length; is this an ISO 2709 (.iso/.mrc) file?</source>
        <translation>记录 {record}：记录头区不以记录长度开头；这是 ISO 2709（.iso/.mrc）文件吗？</translation>
    </message>
    <message>
        <source>Record {record}: the leader gives a length of {length}, too short.</source>
        <translation>记录 {record}：记录头区给出的长度 {length} 太短。</translation>
    </message>
    <message>
        <source>Record {record}: the file ends {missing} bytes before the end the leader gives (truncated).</source>
        <translation>记录 {record}：文件在记录头区所示结尾之前 {missing} 字节处结束（记录被截断）。</translation>
    </message>
    <message>
        <source>Record {record}: no record terminator where its leader says it ends (the leader&apos;s length is wrong).</source>
        <translation>记录 {record}：记录头区所示结尾处没有记录结束符（记录长度有误）。</translation>
    </message>
    <message>
        <source>Record {record}: the leader&apos;s base address is not a number.</source>
        <translation>记录 {record}：记录头区的数据基地址不是数字。</translation>
    </message>
    <message>
        <source>Record {record}: the leader&apos;s base address does not point past the directory.</source>
        <translation>记录 {record}：记录头区的数据基地址没有指向目次区之后。</translation>
    </message>
    <message>
        <source>Record {record}: its directory is not made of 12-byte entries.</source>
        <translation>记录 {record}：目次区不是由 12 字节的款目组成。</translation>
    </message>
    <message>
        <source>Record {record}: directory entry {tag} is not numeric.</source>
        <translation>记录 {record}：目次款目 {tag} 不是数字。</translation>
    </message>
    <message>
        <source>Record {record}: field {tag} points past the end of the record.</source>
        <translation>记录 {record}：字段 {tag} 指向记录结尾之外。</translation>
    </message>
    <message>
        <source>File: it is empty.</source>
        <translation>文件：文件是空的。</translation>
    </message>
    <message>
        <source>File: larger than 2 GB; split it.</source>
        <translation>文件：大于 2 GB，请拆分后再导入。</translation>
    </message>
    <message>
        <source>Record {record}: its text is neither UTF-8 nor GB18030.</source>
        <translation>记录 {record}：其文字既不是 UTF-8 也不是 GB18030 编码。</translation>
    </message>
    <message>
        <source>Record {record}: its encoding differs from record {first}&apos;s (UTF-8 and GB18030 mixed in one file).</source>
        <translation>记录 {record}：编码与记录 {first} 不同（同一文件混用了 UTF-8 与 GB18030）。</translation>
    </message>
    <message>
        <source>File: no MARC records in it.</source>
        <translation>文件：其中没有 MARC 记录。</translation>
    </message>
    <message>
        <source>Record {record}: not valid UTF-8, but UTF-8 was chosen.</source>
        <translation>记录 {record}：不是有效的 UTF-8，但选择了 UTF-8 编码。</translation>
    </message>
    <message>
        <source>Format: choose auto, cnmarc or marc21.</source>
        <translation>格式：请选择 自动、CNMARC 或 MARC21。</translation>
    </message>
    <message>
        <source>Encoding: choose auto, utf-8, gb18030 or marc-8.</source>
        <translation>编码：请选择 自动、UTF-8、GB18030 或 MARC-8。</translation>
    </message>
    <message>
        <source>Record {record}: neither a CNMARC title (200) nor a MARC21 one (245); choose the format.</source>
        <translation>记录 {record}：既没有 CNMARC 题名（200）也没有 MARC21 题名（245），请指定格式。</translation>
    </message>
    <message>
        <source>Record {record}: its leader is not ASCII.</source>
        <translation>记录 {record}：记录头区不是 ASCII 字符。</translation>
    </message>
    <message>
        <source>Record {record}: field {tag} cannot be decoded in the file&apos;s encoding.</source>
        <translation>记录 {record}：字段 {tag} 无法按文件的编码解码。</translation>
    </message>
    <message>
        <source>Export: field {tag} of record {control} is longer than ISO 2709 allows.</source>
        <translation>导出：记录 {control} 的字段 {tag} 超过 ISO 2709 允许的长度。</translation>
    </message>
    <message>
        <source>Export: record {control} is longer than ISO 2709 allows.</source>
        <translation>导出：记录 {control} 超过 ISO 2709 允许的长度。</translation>
    </message>
    <message>
        <source>Format: choose cnmarc or marc21.</source>
        <translation>格式：请选择 CNMARC 或 MARC21。</translation>
    </message>
    <message>
        <source>Encoding: choose utf-8 or gb18030.</source>
        <translation>编码：请选择 UTF-8 或 GB18030。</translation>
    </message>
    <message>
        <source>Encoding: GB18030 is for CNMARC in ISO 2709; MARC21 and MARCXML are written in UTF-8.</source>
        <translation>编码：GB18030 只用于 ISO 2709 格式的 CNMARC；MARC21 和 MARCXML 以 UTF-8 写出。</translation>
    </message>
    <message>
        <source>File: the folder {folder} does not exist.</source>
        <translation>文件：文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <source>Import: {n} records cannot be imported (first: record {record}, {tag}: {reason}). Nothing was imported; save the problem list, or choose to import the good records only.</source>
        <translation>导入：{n} 条记录无法导入（第一条：记录 {record}，{tag}：{reason}）。未导入任何内容；请保存问题清单，或选择只导入无误的记录。</translation>
    </message>
    <message>
        <source>File: {path} does not exist.</source>
        <translation>文件：{path} 不存在。</translation>
    </message>
    <message>
        <source>Title: must not be empty.</source>
        <translation>题名：不能为空。</translation>
    </message>
    <message>
        <source>Price: no amount in {price}.</source>
        <translation>价格：“{price}”中没有金额。</translation>
    </message>
    <message>
        <source>Home service point: unknown.</source>
        <translation>馆藏地：未知的服务点。</translation>
    </message>
    <message>
        <source>Import: another desk added some of these barcodes meanwhile; import the file again. Nothing was imported.</source>
        <translation>导入：其间另一工作站已添加了其中部分条码，请重新导入该文件。未导入任何内容。</translation>
    </message>
    <message>
        <source>Import: no record of the file could be imported. Nothing was imported.</source>
        <translation>导入：文件中没有可以导入的记录。未导入任何内容。</translation>
    </message>
    <message>
        <source>Barcode: {barcode} appears again (first in record {record}).</source>
        <translation>条码：{barcode} 重复出现（首次见于记录 {record}）。</translation>
    </message>
    <message>
        <source>Barcode: {barcode} is already in the catalogue.</source>
        <translation>条码：{barcode} 已在馆藏目录中。</translation>
    </message>
    <message>
        <source>Record: {title} (ISBN {isbn}) is already in the catalogue.</source>
        <translation>书目：《{title}》（ISBN {isbn}）已在馆藏目录中。</translation>
    </message>
    <message>
        <source>Record {record}: the file declares a DTD or entities, which a MARCXML file must not; nothing was read.</source>
        <translation>记录 {record}：文件声明了 DTD 或实体，MARCXML 文件不应如此；未读取任何内容。</translation>
    </message>
    <message>
        <source>Record {record}: the XML is broken ({problem}).</source>
        <translation>记录 {record}：XML 有误（{problem}）。</translation>
    </message>
    <message>
        <source>Record {record}: a field without a three-character tag ({tag}).</source>
        <translation>记录 {record}：有字段没有三位字段号（{tag}）。</translation>
    </message>
    <message>
        <source>File: {n} rows have problems (first: row {row}, {column}: {reason}). Nothing was imported; see the migration report.</source>
        <translation>文件：{n} 行有问题（第一处：第 {row} 行，{column}：{reason}）。未导入任何内容；请查看迁移报告。</translation>
    </message>
    <message>
        <source>File: choose a .csv or .xlsx file.</source>
        <translation>文件：请选择 .csv 或 .xlsx 文件。</translation>
    </message>
    <message>
        <source>Column preset: no preset called {name}.</source>
        <translation>列方案：没有名为 {name} 的方案。</translation>
    </message>
    <message>
        <source>Preset name: 1 to 30 characters.</source>
        <translation>方案名称：1 至 30 个字符。</translation>
    </message>
    <message>
        <source>Column preset: unknown fields {fields}.</source>
        <translation>列方案：未知字段 {fields}。</translation>
    </message>
    <message>
        <source>Column preset: the column names are too long to keep.</source>
        <translation>列方案：列名太长，无法保存。</translation>
    </message>
    <message>
        <source>Columns: choose the column for {fields}.</source>
        <translation>列：请为 {fields} 选择对应的列。</translation>
    </message>
    <message>
        <source>Columns: the file has no column {column}.</source>
        <translation>列：文件中没有“{column}”列。</translation>
    </message>
    <message>
        <source>{column}: {value} is not a date such as 2019-03-01.</source>
        <translation>{column}：{value} 不是日期（例如 2019-03-01）。</translation>
    </message>
    <message>
        <source>Reader category: {value} is not one of {names}.</source>
        <translation>读者类型：“{value}”不是以下之一：{names}。</translation>
    </message>
    <message>
        <source>Desk: choose the lending desk the old system&apos;s loans and readers belong to.</source>
        <translation>服务点：请选择旧系统的借阅和读者所属的借阅处。</translation>
    </message>
    <message>
        <source>Card number: {card} appears again (first in row {row}).</source>
        <translation>证号：{card} 重复出现（首次见于第 {row} 行）。</translation>
    </message>
    <message>
        <source>ID number: appears again (first in row {row}).</source>
        <translation>证件号码：重复出现（首次见于第 {row} 行）。</translation>
    </message>
    <message>
        <source>File: no rows to import.</source>
        <translation>文件：没有可导入的行。</translation>
    </message>
    <message>
        <source>Card number: {card} is already registered.</source>
        <translation>读者证号：{card} 已被登记。</translation>
    </message>
    <message>
        <source>ID number: a reader with this ID number is already registered.</source>
        <translation>证件号码：持此证件号码的读者已经登记。</translation>
    </message>
    <message>
        <source>Lent on: {day} is after today.</source>
        <translation>借出日期：{day} 晚于今天。</translation>
    </message>
    <message>
        <source>Due on: before the day it was lent.</source>
        <translation>应还日期：早于借出日期。</translation>
    </message>
    <message>
        <source>Renewals: a whole number from 0 to 99.</source>
        <translation>续借次数：0 至 99 的整数。</translation>
    </message>
    <message>
        <source>Barcode: {barcode} appears again (first in row {row}).</source>
        <translation>条码：{barcode} 重复出现（首次出现在第 {row} 行）。</translation>
    </message>
    <message>
        <source>Card number: no reader with card {card}; import the readers first.</source>
        <translation>证号：没有证号为 {card} 的读者；请先导入读者。</translation>
    </message>
    <message>
        <source>Barcode: no item {barcode} in the catalogue; import the catalogue first.</source>
        <translation>条码：馆藏中没有 {barcode}；请先导入书目。</translation>
    </message>
    <message>
        <source>Barcode: {barcode} is already on loan.</source>
        <translation>条码：{barcode} 已在借出状态。</translation>
    </message>
</context>
<context>
    <name>CatalogueTab</name>
    <message>
        <source>Card number</source>
        <translation>证号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Reader category</source>
        <translation>读者类型</translation>
    </message>
    <message>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>押金</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>册条码</translation>
    </message>
    <message>
        <source>Lent on</source>
        <translation>借出日期</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <source>Renewals so far</source>
        <translation>已续借次数</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>编目</translation>
    </message>
    <message>
        <source>Import MARC (ISO 2709 .iso/.mrc or MARCXML)</source>
        <translation>导入 MARC（ISO 2709 .iso/.mrc 或 MARCXML）</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>未选择文件。</translation>
    </message>
    <message>
        <source>&amp;Choose MARC file…</source>
        <translation>选择 MARC 文件(&amp;C)…</translation>
    </message>
    <message>
        <source>detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>merge the copies into the record already there</source>
        <translation>把复本并入已有书目</translation>
    </message>
    <message>
        <source>skip the record</source>
        <translation>跳过该记录</translation>
    </message>
    <message>
        <source>report and import nothing</source>
        <translation>列出并不导入</translation>
    </message>
    <message>
        <source>Import the good records only</source>
        <translation>只导入无误的记录</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <source>Responsibility</source>
        <translation>责任者</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>出版者</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>出版年</translation>
    </message>
    <message>
        <source>CLC class</source>
        <translation>中图法分类号</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>复本</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>未导入</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Save &amp;problem list…</source>
        <translation>保存问题清单(&amp;P)…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复时</translation>
    </message>
    <message>
        <source>MARC file</source>
        <translation>MARC 文件</translation>
    </message>
    <message>
        <source>MARC (*.iso *.mrc *.marc *.xml);;All files (*)</source>
        <translation>MARC (*.iso *.mrc *.marc *.xml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{records} records, {format}, {encoding}.</source>
        <translation>{records} 条记录，{format}，{encoding}。</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>Imported: {added} new records, {merged} merged, {skipped} skipped, {items} copies.</source>
        <translation>已导入：新书目 {added} 条，合并 {merged} 条，跳过 {skipped} 条，复本 {items} 册。</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Problem list</source>
        <translation>问题清单</translation>
    </message>
    <message>
        <source>Workbook (*.xlsx)</source>
        <translation>工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export MARC</source>
        <translation>导出 MARC</translation>
    </message>
    <message>
        <source>Only changed since</source>
        <translation>只导出此日以来有变动的</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>MARC (*.iso *.mrc);;MARCXML (*.xml)</source>
        <translation>MARC (*.iso *.mrc);;MARCXML (*.xml)</translation>
    </message>
    <message>
        <source>{records} records, {items} copies written to {file}.</source>
        <translation>已将 {records} 条书目、{items} 册复本写入 {file}。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>From the old system: readers and open loans</source>
        <translation>从旧系统迁移：读者和在借</translation>
    </message>
    <message>
        <source>Readers</source>
        <translation>读者</translation>
    </message>
    <message>
        <source>Open loans</source>
        <translation>在借</translation>
    </message>
    <message>
        <source>Choose &amp;file…</source>
        <translation>选择文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Column of the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Import &amp;all rows</source>
        <translation>导入全部行(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Keep columns as preset…</source>
        <translation>保存为列方案(&amp;K)…</translation>
    </message>
    <message>
        <source>Save migration &amp;report…</source>
        <translation>保存迁移报告(&amp;R)…</translation>
    </message>
    <message>
        <source>What</source>
        <translation>导入内容</translation>
    </message>
    <message>
        <source>Column preset</source>
        <translation>列方案</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>File from the old system</source>
        <translation>旧系统导出的文件</translation>
    </message>
    <message>
        <source>Table (*.csv *.xlsx)</source>
        <translation>表格 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>Check the columns, choose the desk, then import.</source>
        <translation>请核对各列，选择服务点，然后导入。</translation>
    </message>
    <message>
        <source>Keep columns</source>
        <translation>保存列方案</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>方案名称：</translation>
    </message>
    <message>
        <source>Columns kept as {name}.</source>
        <translation>列方案已保存为“{name}”。</translation>
    </message>
    <message>
        <source>{added} of {rows} rows imported.</source>
        <translation>已导入 {rows} 行中的 {added} 行。</translation>
    </message>
    <message>
        <source>Migration report</source>
        <translation>迁移报告</translation>
    </message>
</context>
</TS>
