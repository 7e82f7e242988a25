<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Reason: say why (at least 2 characters).</source>
        <translation>原因：请说明原因（至少 2 个字）。</translation>
    </message>
    <message>
        <source>Reason: at most {n} characters.</source>
        <translation>原因：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>No offline event {id}.</source>
        <translation>没有离线事件 {id}。</translation>
    </message>
    <message>
        <source>Offline event {id} is not an exception any more ({state}).</source>
        <translation>离线事件 {id} 已不是例外（{state}）。</translation>
    </message>
    <message>
        <source>Offline event {id} ({code}) cannot be applied anyway: fix the reader or item, then retry it.</source>
        <translation>离线事件 {id}（{code}）不能强制处理：请先修正读者或文献，再重试。</translation>
    </message>
    <message>
        <source>Offline event {id} still cannot be applied ({code}: {message}).</source>
        <translation>离线事件 {id} 仍无法处理（{code}：{message}）。</translation>
    </message>
    <message>
        <source>Vehicle: choose one from the list.</source>
        <translation>车辆：请从列表中选择。</translation>
    </message>
    <message>
        <source>Trip store: give the name of a new file.</source>
        <translation>出车数据：请填写一个新文件名。</translation>
    </message>
    <message>
        <source>Trip store: {file} exists already; choose a new file name.</source>
        <translation>出车数据：{file} 已存在，请换一个新文件名。</translation>
    </message>
    <message>
        <source>Trip store: the folder {folder} does not exist.</source>
        <translation>出车数据：文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <source>Another trip of this vehicle was prepared at the same moment; prepare it again.</source>
        <translation>同一辆车的另一次出车刚好同时在准备，请重新准备出车。</translation>
    </message>
    <message>
        <source>The trip store could not be made: {n} rows refer to missing rows.</source>
        <translation>无法生成出车数据：有 {n} 行引用了不存在的记录。</translation>
    </message>
    <message>
        <source>{file} is not a trip store that can be opened ({reason}). Prepare a new trip, or sync what it holds with --salvage.</source>
        <translation>{file} 不是可以打开的出车数据（{reason}）。请重新准备出车，或用 --salvage 同步其中完好的记录。</translation>
    </message>
    <message>
        <source>Event {seq} of the trip store fails its checksum: the file is damaged. Sync it with --salvage to recover the intact events.</source>
        <translation>出车数据中第 {seq} 条事件校验失败：文件已损坏。请用 --salvage 同步，抢救完好的事件。</translation>
    </message>
    <message>
        <source>Trip store {file} does not exist.</source>
        <translation>出车数据 {file} 不存在。</translation>
    </message>
    <message>
        <source>The trip&apos;s reserved card numbers are all given; prepare a new trip.</source>
        <translation>本次出车预留的读者证号已用完，请重新准备出车。</translation>
    </message>
    <message>
        <source>No intact event in {file} ({damaged} damaged records); nothing to sync.</source>
        <translation>{file} 中没有完好的事件（{damaged} 条记录损坏），无可同步。</translation>
    </message>
    <message>
        <source>This trip store was prepared for another library database; it is refused.</source>
        <translation>该出车数据是为另一个图书馆数据库准备的，拒绝同步。</translation>
    </message>
    <message>
        <source>This trip store&apos;s trip is not known to this database; it is refused.</source>
        <translation>本数据库中没有该出车数据的出车记录，拒绝同步。</translation>
    </message>
    <message>
        <source>Event {seq} of the trip store belongs to another vehicle or database.</source>
        <translation>出车数据中第 {seq} 条事件属于另一辆车或另一个数据库。</translation>
    </message>
</context>
<context>
    <name>BookmobileTab</name>
    <message>
        <source>Lend</source>
        <translation>借出</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>归还</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>续借</translation>
    </message>
    <message>
        <source>New reader</source>
        <translation>新读者</translation>
    </message>
    <message>
        <source>Reservation</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Trip store file, e.g. D:\trip.sqlite3</source>
        <translation>出车数据文件，例如 D:\trip.sqlite3</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Prepare trip</source>
        <translation>准备出车</translation>
    </message>
    <message>
        <source>Salvage a damaged store</source>
        <translation>抢救已损坏的出车数据</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>读者证</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Reason (for apply anyway and discard)</source>
        <translation>原因（强制处理和作废时必填）</translation>
    </message>
    <message>
        <source>Apply anyway (manager)</source>
        <translation>强制处理（主管）</translation>
    </message>
    <message>
        <source>Discard (manager)</source>
        <translation>作废（主管）</translation>
    </message>
    <message>
        <source>Retry after a fix</source>
        <translation>修正后重试</translation>
    </message>
    <message>
        <source>Prepare a trip</source>
        <translation>准备出车</translation>
    </message>
    <message>
        <source>Sync a trip store back</source>
        <translation>同步出车数据</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>例外</translation>
    </message>
    <message>
        <source>Offline: prepare and sync at the library.</source>
        <translation>离线中：请回馆后准备出车和同步。</translation>
    </message>
    <message>
        <source>Bookmobile</source>
        <translation>流动图书车</translation>
    </message>
    <message>
        <source>Uploaded {uploaded} = applied {applied} (with a warning {warnings}) + exceptions {exceptions} + discarded {discarded}</source>
        <translation>上传 {uploaded} = 已处理 {applied}（其中有提醒 {warnings}）+ 例外 {exceptions} + 作废 {discarded}</translation>
    </message>
    <message>
        <source>Trip store</source>
        <translation>出车数据</translation>
    </message>
    <message>
        <source>Trip stores (*.sqlite3)</source>
        <translation>出车数据 (*.sqlite3)</translation>
    </message>
    <message>
        <source>Trip store {file}: {vehicle}, snapshot {at}; {readers} readers, {items} items, {loans} loans; new cards {first} to {last}.</source>
        <translation>出车数据 {file}：{vehicle}，快照 {at}；读者 {readers} 人，文献 {items} 册，在借 {loans} 册；新读者证号 {first} 至 {last}。</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <source>Preparing the trip store…</source>
        <translation>正在生成出车数据…</translation>
    </message>
    <message>
        <source>{vehicle}: {in_store} events in the store, {new} new; applied {applied}, exceptions {exceptions}, discarded {discarded}.</source>
        <translation>{vehicle}：文件中 {in_store} 条事件，新上传 {new} 条；已处理 {applied}，例外 {exceptions}，作废 {discarded}。</translation>
    </message>
    <message>
        <source>The laptop&apos;s clock was off by {minutes} minutes; the times were corrected.</source>
        <translation>笔记本电脑时钟偏差 {minutes} 分钟，时间已校正。</translation>
    </message>
    <message>
        <source>Salvage: {damaged} damaged records, {missing} event numbers missing.</source>
        <translation>抢救：{damaged} 条记录损坏，缺少 {missing} 个事件号。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Syncing the trip store…</source>
        <translation>正在同步出车数据…</translation>
    </message>
    <message>
        <source>Event {seq}: {state} {code}</source>
        <translation>事件 {seq}：{state} {code}</translation>
    </message>
</context>
</TS>
