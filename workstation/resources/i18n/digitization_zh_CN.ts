<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>waiting</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>in work</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>reject</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>reopen</source>
        <translation>重开</translation>
    </message>
    <message>
        <source>hold</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Batch name</source>
        <translation>批次名称</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>{field}: a whole number from 1 to {max}.</source>
        <translation>{field}：请填写 1 到 {max} 之间的整数。</translation>
    </message>
    <message>
        <source>{field}: give a calendar date.</source>
        <translation>{field}：请填写一个日期。</translation>
    </message>
    <message>
        <source>{field}: a date between {first} and {last}.</source>
        <translation>{field}：日期须在 {first} 年到 {last} 年之间。</translation>
    </message>
    <message>
        <source>{field}: must not be empty.</source>
        <translation>{field}：不能为空。</translation>
    </message>
    <message>
        <source>{field}: at most {n} characters.</source>
        <translation>{field}：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Stages: give at least two stages, the last one being publication.</source>
        <translation>环节：至少需要两个环节，最后一个为发布。</translation>
    </message>
    <message>
        <source>Stages: each stage needs its own name.</source>
        <translation>环节：各环节名称不能重复。</translation>
    </message>
    <message>
        <source>Stages: the first stage cannot be a check; a check needs an earlier stage to send work back to.</source>
        <translation>环节：第一个环节不能是检查环节；检查环节需要有可退回的前序环节。</translation>
    </message>
    <message>
        <source>{field}: the time needs a time zone.</source>
        <translation>{field}：时间缺少时区。</translation>
    </message>
    <message>
        <source>{field}: the time is in the future.</source>
        <translation>{field}：时间不能晚于现在。</translation>
    </message>
    <message>
        <source>Name: a template called {name} already exists.</source>
        <translation>名称：已有名为 {name} 的模板。</translation>
    </message>
    <message>
        <source>No digitization project with number {id}.</source>
        <translation>没有编号为 {id} 的数字化项目。</translation>
    </message>
    <message>
        <source>Name: a project called {name} already exists.</source>
        <translation>名称：已有名为 {name} 的项目。</translation>
    </message>
    <message>
        <source>Due date: must not be before the start date.</source>
        <translation>截止日期：不能早于开始日期。</translation>
    </message>
    <message>
        <source>Stages: choose a template or list the stages.</source>
        <translation>环节：请选择一个模板，或列出各环节（二者选一）。</translation>
    </message>
    <message>
        <source>Template: choose one from the list.</source>
        <translation>模板：请从列表中选择。</translation>
    </message>
    <message>
        <source>No batch with number {id}.</source>
        <translation>没有编号为 {id} 的批次。</translation>
    </message>
    <message>
        <source>{name} is closed; reopen the project to add batches.</source>
        <translation>{name} 已关闭；请先重新启用该项目再添加批次。</translation>
    </message>
    <message>
        <source>Batch: {label} already exists in this project.</source>
        <translation>批次：本项目中已有 {label}。</translation>
    </message>
    <message>
        <source>Batch {label} has moved on in the meantime; look again at its stage.</source>
        <translation>批次 {label} 已被他人推进到其他环节，请刷新后再看。</translation>
    </message>
    <message>
        <source>Time: must not be before the batch&apos;s last step ({last}).</source>
        <translation>时间：不能早于该批次的上一步（{last}）。</translation>
    </message>
    <message>
        <source>Reason: say why, so the next person knows what to fix.</source>
        <translation>原因：请写明原因，便于下一位同事知道要改什么。</translation>
    </message>
    <message>
        <source>Batch {label} cannot be started: it is {state}.</source>
        <translation>批次 {label} 无法开始：当前状态为“{state}”。</translation>
    </message>
    <message>
        <source>Batch {label} cannot be finished: it is {state}; start the stage first.</source>
        <translation>批次 {label} 无法完成：当前状态为“{state}”，请先开始本环节。</translation>
    </message>
    <message>
        <source>Send back to: choose a stage of this project.</source>
        <translation>退回到：请选择本项目的一个环节。</translation>
    </message>
    <message>
        <source>Only a check stage can reject a batch; {label} is at {stage}.</source>
        <translation>只有检查环节可以退回批次；{label} 当前在“{stage}”环节。</translation>
    </message>
    <message>
        <source>Batch {label} cannot be rejected: it is {state}; start the check first.</source>
        <translation>批次 {label} 无法退回：当前状态为“{state}”，请先开始检查。</translation>
    </message>
    <message>
        <source>Send back to: choose a stage before {stage}.</source>
        <translation>退回到：请选择“{stage}”之前的环节。</translation>
    </message>
    <message>
        <source>Batch {label} is not finished, so there is nothing to reopen.</source>
        <translation>批次 {label} 尚未完成，无需重开。</translation>
    </message>
    <message>
        <source>Batch {label} cannot be put on hold: it is {state}.</source>
        <translation>批次 {label} 无法暂停：当前状态为“{state}”。</translation>
    </message>
    <message>
        <source>Batch {label} is not on hold.</source>
        <translation>批次 {label} 未处于暂停状态。</translation>
    </message>
</context>
<context>
    <name>BurnupChart</name>
    <message>
        <source>Choose a project to see its burn-up chart.</source>
        <translation>请选择一个项目以查看其燃起图。</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际完成</translation>
    </message>
    <message>
        <source>Target {target}</source>
        <translation>目标 {target}</translation>
    </message>
    <message>
        <source>Due {date}</source>
        <translation>截止 {date}</translation>
    </message>
    <message>
        <source>Forecast finish {date}</source>
        <translation>预测完成 {date}</translation>
    </message>
    <message>
        <source>Not enough data yet for a forecast</source>
        <translation>数据不足，暂无预测</translation>
    </message>
    <message>
        <source>Completed on {date}</source>
        <translation>已于 {date} 完成</translation>
    </message>
    <message>
        <source>Quantity ({unit})</source>
        <translation>数量（{unit}）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>DigitizationTab</name>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Percent</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Show closed projects</source>
        <translation>显示已关闭的项目</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>e.g. {units}</source>
        <translation>如：{units}</translation>
    </message>
    <message>
        <source>or type them: {stages} (* marks a check)</source>
        <translation>或直接输入：{stages}（* 表示检查环节）</translation>
    </message>
    <message>
        <source>Create project</source>
        <translation>创建项目</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Stages from</source>
        <translation>环节模板</translation>
    </message>
    <message>
        <source>Selected project</source>
        <translation>所选项目</translation>
    </message>
    <message>
        <source>New target</source>
        <translation>新目标</translation>
    </message>
    <message>
        <source>Move the plan line too</source>
        <translation>同时调整计划线</translation>
    </message>
    <message>
        <source>Without this, the plan line stays where it was when the target was set, so added scope shows as a gap.</source>
        <translation>不勾选时，计划线保持设定目标时的样子，新增的工作量会显示为差距。</translation>
    </message>
    <message>
        <source>Change target</source>
        <translation>修改目标</translation>
    </message>
    <message>
        <source>Close project</source>
        <translation>关闭项目</translation>
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
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Batch name</source>
        <translation>批次名称</translation>
    </message>
    <message>
        <source>Add batch</source>
        <translation>添加批次</translation>
    </message>
    <message>
        <source>Correct quantity of selected</source>
        <translation>更正所选批次数量</translation>
    </message>
    <message>
        <source>Type the right quantity and a reason, then press this.</source>
        <translation>先输入正确的数量和原因，再按此按钮。</translation>
    </message>
    <message>
        <source>Start stage</source>
        <translation>开始本环节</translation>
    </message>
    <message>
        <source>Finish stage</source>
        <translation>完成本环节</translation>
    </message>
    <message>
        <source>Reason (for reject, reopen, hold)</source>
        <translation>原因（退回、重开、暂停时填写）</translation>
    </message>
    <message>
        <source>Reject back to</source>
        <translation>退回到</translation>
    </message>
    <message>
        <source>Reopen at</source>
        <translation>重开于</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>History of the selected batch</source>
        <translation>所选批次的处理记录</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>In work</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>批次数</translation>
    </message>
    <message>
        <source>Average time (hours)</source>
        <translation>平均用时（小时）</translation>
    </message>
    <message>
        <source>Week of</source>
        <translation>周（起始日）</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完成量</translation>
    </message>
    <message>
        <source>Work in progress per stage</source>
        <translation>各环节在制量</translation>
    </message>
    <message>
        <source>Throughput per week</source>
        <translation>每周完成量</translation>
    </message>
    <message>
        <source>Throughput per person</source>
        <translation>每人完成量</translation>
    </message>
    <message>
        <source>Batches and stages</source>
        <translation>批次与环节</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进展</translation>
    </message>
    <message>
        <source>Burn-up chart</source>
        <translation>燃起图</translation>
    </message>
    <message>
        <source>Digitization</source>
        <translation>数字化</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>on track</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>有风险</translation>
    </message>
    <message>
        <source>late</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>No project chosen</source>
        <translation>未选择项目</translation>
    </message>
    <message>
        <source>{name} — {done} of {target} {unit} ({percent})</source>
        <translation>{name} — 已完成 {done} / {target} {unit}（{percent}）</translation>
    </message>
    <message>
        <source>Reopen project</source>
        <translation>重新启用项目</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>状态：{status}</translation>
    </message>
    <message>
        <source>Target reached on {date}.</source>
        <translation>已于 {date} 达到目标。</translation>
    </message>
    <message>
        <source>Forecast: not enough data yet (nothing finished in the last {days} days, or the project is less than a week old).</source>
        <translation>预测：数据不足（最近 {days} 天内没有完成量，或项目开始不足一周）。</translation>
    </message>
    <message>
        <source>Forecast finish: {date}, at {rate} {unit} a day over the last {days} days.</source>
        <translation>预测完成日期：{date}（按最近 {days} 天每天 {rate} {unit} 的速度估计）。</translation>
    </message>
    <message>
        <source>Required: {rate} {unit} per working day for the {days} working days left.</source>
        <translation>需要：剩余 {days} 个工作日，每个工作日 {rate} {unit}。</translation>
    </message>
    <message>
        <source>Plan for today: {planned} {unit}; done: {done} {unit}.</source>
        <translation>按计划今天应完成 {planned} {unit}；实际完成 {done} {unit}。</translation>
    </message>
    <message>
        <source>QC rejection rate: {rate} ({rejected} of {inspected} {unit} inspected).</source>
        <translation>质检退回率：{rate}（{rejected} / {inspected} {unit}）。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Select a batch in the list first.</source>
        <translation>请先在列表中选择一个批次。</translation>
    </message>
</context>
</TS>
