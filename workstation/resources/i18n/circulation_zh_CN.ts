<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Date: give a date between {first} and {last}.</source>
        <translation>日期：请填写 {first} 年至 {last} 年之间的日期。</translation>
    </message>
    <message>
        <source>The calendar has no open day in the {n} days after {date}; check the closed days.</source>
        <translation>{date} 之后 {n} 天内没有开馆日，请检查闭馆日设置。</translation>
    </message>
    <message>
        <source>by the reader</source>
        <translation>读者本人</translation>
    </message>
    <message>
        <source>by staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>{label}: type the number with ordinary (half-width) digits 0-9.</source>
        <translation>{label}：请用半角数字 0-9 输入。</translation>
    </message>
    <message>
        <source>{label}: a whole number from {low} to {high}.</source>
        <translation>{label}：应为 {low} 到 {high} 之间的整数。</translation>
    </message>
    <message>
        <source>Hold shelf days</source>
        <translation>预约保留天数</translation>
    </message>
    <message>
        <source>No reservation on the hold shelf with number {id}.</source>
        <translation>预约架上没有编号为 {id} 的预约。</translation>
    </message>
    <message>
        <source>Cancelled by: choose the reader or staff.</source>
        <translation>取消方：请选择读者本人或工作人员。</translation>
    </message>
    <message>
        <source>Reason: say why the reservation is cancelled.</source>
        <translation>原因：请说明取消预约的原因。</translation>
    </message>
    <message>
        <source>Reason: at most {n} characters.</source>
        <translation>原因：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Date: {date} is already a closed day.</source>
        <translation>日期：{date} 已是闭馆日。</translation>
    </message>
    <message>
        <source>{date} is not a closed day.</source>
        <translation>{date} 不是闭馆日。</translation>
    </message>
    <message>
        <source>Weekly closing: days are 0 (Monday) to 6 (Sunday).</source>
        <translation>每周闭馆日：取值 0（周一）至 6（周日）。</translation>
    </message>
    <message>
        <source>Weekly closing: the library must open on at least one day.</source>
        <translation>每周闭馆日：每周至少要开馆一天。</translation>
    </message>
    <message>
        <source>Year: give a year between {first} and {last}.</source>
        <translation>年份：请填写 {first} 至 {last} 之间的年份。</translation>
    </message>
    <message>
        <source>File: choose a .csv or .xlsx file.</source>
        <translation>文件：请选择 .csv 或 .xlsx 文件。</translation>
    </message>
    <message>
        <source>File: the first row must name the columns; missing: {columns}. See the import format.</source>
        <translation>文件：第一行必须是列名；缺少：{columns}。请参阅导入格式说明。</translation>
    </message>
    <message>
        <source>File: {path} does not exist.</source>
        <translation>文件：{path} 不存在。</translation>
    </message>
    <message>
        <source>File: it is empty.</source>
        <translation>文件：文件是空的。</translation>
    </message>
    <message>
        <source>File: none of its first {n} rows can be imported (row {row}: {problem}); is this the right file? Nothing was imported.</source>
        <translation>文件：前 {n} 行没有一行可以导入（第 {row} 行：{problem}）；请确认文件是否选对。未导入任何数据。</translation>
    </message>
    <message>
        <source>Barcode: {barcode} appears again (first in row {row}).</source>
        <translation>条码：{barcode} 重复出现（首次出现在第 {row} 行）。</translation>
    </message>
    <message>
        <source>Home service point: no service point called {name}.</source>
        <translation>馆藏地：没有名为“{name}”的服务点。</translation>
    </message>
    <message>
        <source>Barcode: {barcode} is already in the catalogue.</source>
        <translation>条码：{barcode} 已在馆藏目录中。</translation>
    </message>
    <message>
        <source>File: {n} rows have errors; fix them, or choose to import the good rows only. Nothing was imported.</source>
        <translation>文件：有 {n} 行错误；请改正，或选择只导入正确的行。未导入任何数据。</translation>
    </message>
    <message>
        <source>File: no rows to import.</source>
        <translation>文件：没有可导入的行。</translation>
    </message>
    <message>
        <source>Import: another desk added some of these barcodes meanwhile; read the file again. Nothing was imported.</source>
        <translation>导入：其他工作台刚刚添加了其中部分条码，请重新读取文件。未导入任何数据。</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>on its way to the pickup library</source>
        <translation>正在运往取书馆</translation>
    </message>
    <message>
        <source>ready for pickup</source>
        <translation>待取书</translation>
    </message>
    <message>
        <source>fulfilled</source>
        <translation>已借出</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>No reader with number {id}.</source>
        <translation>没有编号为 {id} 的读者。</translation>
    </message>
    <message>
        <source>Reservation: card {card} is not valid for reservations.</source>
        <translation>预约：读者证 {card} 当前不能预约。</translation>
    </message>
    <message>
        <source>Barcode: {barcode} is not in the catalogue.</source>
        <translation>条码：{barcode} 不在馆藏目录中。</translation>
    </message>
    <message>
        <source>ISBN: no copy of {isbn} in the catalogue.</source>
        <translation>ISBN：馆藏中没有 {isbn} 的复本。</translation>
    </message>
    <message>
        <source>Reservation: give a barcode or an ISBN.</source>
        <translation>预约：请填写条码或 ISBN。</translation>
    </message>
    <message>
        <source>Pickup point: choose a lending desk or the bookmobile.</source>
        <translation>取书地点：请选择外借处或流动图书车。</translation>
    </message>
    <message>
        <source>Reservation: this reader has already reserved it.</source>
        <translation>预约：该读者已预约过此书。</translation>
    </message>
    <message>
        <source>No open reservation with number {id}.</source>
        <translation>没有编号为 {id} 的有效预约。</translation>
    </message>
    <message>
        <source>on the shelf</source>
        <translation>在架</translation>
    </message>
    <message>
        <source>on loan</source>
        <translation>已借出</translation>
    </message>
    <message>
        <source>waiting for a reservation</source>
        <translation>预约保留中</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已剔除</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>破损</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>in repair</source>
        <translation>修补中</translation>
    </message>
    <message>
        <source>in transit</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Barcode: must not be empty.</source>
        <translation>条码：不能为空。</translation>
    </message>
    <message>
        <source>Barcode: 3 to 32 letters, digits or hyphens.</source>
        <translation>条码：3 至 32 位字母、数字或连字符。</translation>
    </message>
    <message>
        <source>ISBN: {isbn} is not a valid ISBN (check the last digit).</source>
        <translation>ISBN：{isbn} 不是有效的 ISBN（请核对最后一位校验位）。</translation>
    </message>
    <message>
        <source>Title: must not be empty.</source>
        <translation>题名：不能为空。</translation>
    </message>
    <message>
        <source>Title: at most {n} characters.</source>
        <translation>题名：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Author: at most {n} characters.</source>
        <translation>责任者：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Call number: at most {n} characters.</source>
        <translation>索书号：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Call number: should begin with a CLC class such as I247.5/123.</source>
        <translation>索书号：应以中图法分类号开头，例如 I247.5/123。</translation>
    </message>
    <message>
        <source>Collection type: book, serial, audiovisual or e-document ({names}).</source>
        <translation>文献类型：请填 {names} 之一。</translation>
    </message>
    <message>
        <source>Home service point: unknown.</source>
        <translation>馆藏地：未知的服务点。</translation>
    </message>
    <message>
        <source>No item with number {id}.</source>
        <translation>没有编号为 {id} 的文献。</translation>
    </message>
    <message>
        <source>Item status: choose one of the statuses offered.</source>
        <translation>文献状态：请从列出的状态中选择。</translation>
    </message>
    <message>
        <source>Item status: the item is already marked so.</source>
        <translation>文献状态：该文献已是此状态。</translation>
    </message>
    <message>
        <source>Item status: withdrawing an item, or undoing a withdrawal, is a manager&apos;s decision.</source>
        <translation>文献状态：注销文献或撤销注销须由主管操作。</translation>
    </message>
    <message>
        <source>Item {barcode} is set aside for a reservation; cancel the reservation or lend it first.</source>
        <translation>文献 {barcode} 已留作预约书，请先取消预约或借出。</translation>
    </message>
    <message>
        <source>Item {barcode} is on loan: return it first (only its reader&apos;s report that it is lost closes the loan).</source>
        <translation>文献 {barcode} 已借出：请先归还（只有读者报失才会以遗失结束这笔借阅）。</translation>
    </message>
    <message>
        <source>Service point: log in at a lending desk or the bookmobile to lend and return.</source>
        <translation>服务点：请在外借处或流动图书车登录后再办理借还。</translation>
    </message>
    <message>
        <source>Bookmobile stop: choose the stop the bookmobile is at.</source>
        <translation>流动图书车站点：请选择图书车所在的站点。</translation>
    </message>
    <message>
        <source>Loan {id} is not open; nothing to renew.</source>
        <translation>借阅记录 {id} 已归还，无法续借。</translation>
    </message>
    <message>
        <source>Override: unknown refusal.</source>
        <translation>特批：未知的拒绝原因。</translation>
    </message>
    <message>
        <source>Override: this refusal cannot be overridden.</source>
        <translation>特批：此项拒绝不能特批放行。</translation>
    </message>
    <message>
        <source>Reason: say why the rule is set aside.</source>
        <translation>原因：请说明为何破例。</translation>
    </message>
    <message>
        <source>Service point: unknown.</source>
        <translation>服务点：未知。</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>reported lost</source>
        <translation>挂失</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <source>passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <source>other document</source>
        <translation>其他证件</translation>
    </message>
    <message>
        <source>Card number: must not be empty.</source>
        <translation>读者证号：不能为空。</translation>
    </message>
    <message>
        <source>Card number: 4 to 32 letters, digits or hyphens.</source>
        <translation>读者证号：4 至 32 位字母、数字或连字符。</translation>
    </message>
    <message>
        <source>Card number: numbers beginning with {prefix} are kept for anonymised loans.</source>
        <translation>读者证号：以 {prefix} 开头的号码留作匿名化借阅记录之用，不能发给读者。</translation>
    </message>
    <message>
        <source>Name: must not be empty.</source>
        <translation>姓名：不能为空。</translation>
    </message>
    <message>
        <source>Name: at most {n} characters.</source>
        <translation>姓名：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Reader category: choose adult, child, blind or disabled, or other.</source>
        <translation>读者类型：请选择成人、少儿、视障或残障读者、其他。</translation>
    </message>
    <message>
        <source>ID type: choose resident ID card, passport or other.</source>
        <translation>证件类型：请选择居民身份证、护照或其他证件。</translation>
    </message>
    <message>
        <source>ID number: must not be empty.</source>
        <translation>证件号码：不能为空。</translation>
    </message>
    <message>
        <source>ID number: a resident ID card number has 18 characters, 17 digits and a digit or X.</source>
        <translation>证件号码：居民身份证号码为 18 位，前 17 位是数字，最后一位是数字或 X。</translation>
    </message>
    <message>
        <source>ID number: the birth date in it is not a real date.</source>
        <translation>证件号码：其中的出生日期不是有效日期。</translation>
    </message>
    <message>
        <source>ID number: the birth date in it is in the future or before 1900.</source>
        <translation>证件号码：其中的出生日期晚于今天或早于 1900 年。</translation>
    </message>
    <message>
        <source>ID number: the check digit (last character) is wrong; check the number again.</source>
        <translation>证件号码：校验位（最后一位）不正确，请重新核对号码。</translation>
    </message>
    <message>
        <source>ID number: the region code in it is not valid.</source>
        <translation>证件号码：其中的地区代码无效。</translation>
    </message>
    <message>
        <source>ID number: 5 to 40 letters or digits.</source>
        <translation>证件号码：5 至 40 位字母或数字。</translation>
    </message>
    <message>
        <source>Phone: an 11-digit mobile number or a landline with area code.</source>
        <translation>电话：11 位手机号码，或带区号的固定电话。</translation>
    </message>
    <message>
        <source>Valid until: a date after today and at most {n} years ahead.</source>
        <translation>有效期至：须晚于今天，且不超过 {n} 年。</translation>
    </message>
    <message>
        <source>Deposit: an amount in yuan, such as 100 or 100.00.</source>
        <translation>押金：以元为单位的金额，如 100 或 100.00。</translation>
    </message>
    <message>
        <source>Deposit: from 0 to {max} yuan, at most two decimals.</source>
        <translation>押金：0 至 {max} 元，最多两位小数。</translation>
    </message>
    <message>
        <source>Card number: {card} is already registered.</source>
        <translation>读者证号：{card} 已被登记。</translation>
    </message>
    <message>
        <source>ID number: already registered to card {card} ({name}).</source>
        <translation>证件号码：已登记在读者证 {card}（{name}）名下。</translation>
    </message>
    <message>
        <source>Card number: {card} was a lost card&apos;s number and cannot be given again.</source>
        <translation>证号：{card} 是已挂失补办的旧证号，不能再次使用。</translation>
    </message>
    <message>
        <source>Phone: also the phone of card {card} ({name}); saved all the same (a shared phone, such as a guardian&apos;s).</source>
        <translation>电话：与读者证 {card}（{name}）的电话相同；已照常保存（如监护人电话）。</translation>
    </message>
    <message>
        <source>Card status: lifting a block or a lost report needs a manager&apos;s grant (their username and password).</source>
        <translation>读者证状态：解除停用或挂失须经主管授权（输入主管用户名和密码）。</translation>
    </message>
    <message>
        <source>Card validity: from 1 to {n} years.</source>
        <translation>读者证有效期：1 至 {n} 年。</translation>
    </message>
    <message>
        <source>Valid until: the card is reported lost; replace it first.</source>
        <translation>有效期：此证已挂失，请先补办新证。</translation>
    </message>
    <message>
        <source>Card number: the new card needs a new number.</source>
        <translation>证号：新证须使用新的证号。</translation>
    </message>
    <message>
        <source>Service point: log in at a service point to register readers.</source>
        <translation>服务点：请在服务点登录后再办理读者证。</translation>
    </message>
    <message>
        <source>Reason: say why (at least 2 characters).</source>
        <translation>原因：请说明原因（至少 2 个字）。</translation>
    </message>
    <message>
        <source>Card status: choose active, lost or blocked.</source>
        <translation>读者证状态：请选择正常、挂失或停用。</translation>
    </message>
    <message>
        <source>Card {card} is not registered.</source>
        <translation>读者证 {card} 未登记。</translation>
    </message>
    <message>
        <source>Card {card} of {name} expired on {date}.</source>
        <translation>{name} 的读者证 {card} 已于 {date} 过期。</translation>
    </message>
    <message>
        <source>Card {card} is reported lost. Keep the card and check the reader&apos;s identity.</source>
        <translation>读者证 {card} 已挂失。请扣下此证并核实读者身份。</translation>
    </message>
    <message>
        <source>Card {card} of {name} is blocked.</source>
        <translation>{name} 的读者证 {card} 已停用。</translation>
    </message>
    <message>
        <source>{card} is a reader card ({name}), not an item: nothing was returned.</source>
        <translation>{card} 是读者证（{name}），不是图书：没有归还任何图书。</translation>
    </message>
    <message>
        <source>{barcode} is an item, and no reader is at the desk.</source>
        <translation>{barcode} 是图书条码，当前还没有读者。</translation>
    </message>
    <message>
        <source>Reader found.</source>
        <translation>读者已识别</translation>
    </message>
    <message>
        <source>Lent.</source>
        <translation>借出成功</translation>
    </message>
    <message>
        <source>Returned.</source>
        <translation>还书成功</translation>
    </message>
    <message>
        <source>Renewed.</source>
        <translation>续借成功</translation>
    </message>
    <message>
        <source>Reserved: put this book aside.</source>
        <translation>此书已被预约，请留出</translation>
    </message>
    <message>
        <source>Another library&apos;s book: put it in the transfer box.</source>
        <translation>外馆图书：请放入调拨箱。</translation>
    </message>
    <message>
        <source>Received.</source>
        <translation>已接收。</translation>
    </message>
    <message>
        <source>Refused.</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>Press Enter to confirm.</source>
        <translation>请按回车确认</translation>
    </message>
    <message>
        <source>Scanned twice.</source>
        <translation>重复扫描</translation>
    </message>
    <message>
        <source>Card not registered.</source>
        <translation>读者证未登记</translation>
    </message>
    <message>
        <source>The card has expired.</source>
        <translation>读者证已过期</translation>
    </message>
    <message>
        <source>The card is reported lost.</source>
        <translation>读者证已挂失</translation>
    </message>
    <message>
        <source>The card is blocked.</source>
        <translation>读者证已停用</translation>
    </message>
    <message>
        <source>This is a reader card, not a book.</source>
        <translation>这是读者证，不是图书</translation>
    </message>
    <message>
        <source>Scan a reader card first.</source>
        <translation>请先扫描读者证。</translation>
    </message>
    <message>
        <source>No reader at the desk.</source>
        <translation>当前没有读者。</translation>
    </message>
    <message>
        <source>Nothing to renew.</source>
        <translation>没有可续借的图书</translation>
    </message>
    <message>
        <source>Invalid barcode.</source>
        <translation>条码无效</translation>
    </message>
    <message>
        <source>The database is busy.</source>
        <translation>数据库忙</translation>
    </message>
    <message>
        <source>Close the window first.</source>
        <translation>请先关闭窗口</translation>
    </message>
    <message>
        <source>Loan limit reached.</source>
        <translation>已达借阅上限</translation>
    </message>
    <message>
        <source>The reader has overdue books.</source>
        <translation>有超期未还图书</translation>
    </message>
    <message>
        <source>Book not in the catalogue.</source>
        <translation>此书不在目录中</translation>
    </message>
    <message>
        <source>This book cannot be lent.</source>
        <translation>此书不能外借</translation>
    </message>
    <message>
        <source>Already on loan to this reader.</source>
        <translation>此书已借给该读者</translation>
    </message>
    <message>
        <source>On loan to another reader.</source>
        <translation>此书已借给其他读者</translation>
    </message>
    <message>
        <source>This book is reserved.</source>
        <translation>此书已被预约</translation>
    </message>
    <message>
        <source>This book is not on loan.</source>
        <translation>此书未被借出</translation>
    </message>
    <message>
        <source>Renewal limit reached.</source>
        <translation>已达续借上限</translation>
    </message>
    <message>
        <source>No loan rule.</source>
        <translation>没有借阅规则</translation>
    </message>
    <message>
        <source>The reader owes fees.</source>
        <translation>读者有未缴费用。</translation>
    </message>
    <message>
        <source>This card was replaced.</source>
        <translation>此证已挂失补办。</translation>
    </message>
    <message>
        <source>Too soon to renew.</source>
        <translation>现在还不能续借。</translation>
    </message>
    <message>
        <source>In transit to another library.</source>
        <translation>此书正运往其他馆。</translation>
    </message>
    <message>
        <source>No loans chosen to renew.</source>
        <translation>没有选中要续借的图书。</translation>
    </message>
    <message>
        <source>{code} is neither a card number nor a barcode.</source>
        <translation>{code} 既不是读者证号，也不是图书条码。</translation>
    </message>
    <message>
        <source>The database is busy; nothing was saved.</source>
        <translation>数据库正忙，本次操作没有保存。</translation>
    </message>
    <message>
        <source>This cannot be done here.</source>
        <translation>此处不能办理这项操作。</translation>
    </message>
    <message>
        <source>A window is open, so {code} was not handled. Close the window, then scan again.</source>
        <translation>有窗口未关闭，{code} 没有处理。请关闭该窗口后重新扫描。</translation>
    </message>
    <message>
        <source>{name} already has {count} loans of this kind; the limit is {limit}.</source>
        <translation>{name} 已借此类文献 {count} 册，上限为 {limit} 册。</translation>
    </message>
    <message>
        <source>{name} has {count} overdue items; return them first.</source>
        <translation>{name} 有 {count} 册超期未还，请先归还。</translation>
    </message>
    <message>
        <source>Item {barcode} is not in the catalogue.</source>
        <translation>文献 {barcode} 不在馆藏目录中。</translation>
    </message>
    <message>
        <source>Item {barcode} cannot circulate: it is marked {status}.</source>
        <translation>文献 {barcode} 不能外借：状态为“{status}”。</translation>
    </message>
    <message>
        <source>Item {barcode} is already on loan to this reader (due {date}). Renew it?</source>
        <translation>文献 {barcode} 已借给该读者（应还日期 {date}）。要续借吗？</translation>
    </message>
    <message>
        <source>Item {barcode} is on loan to another reader ({card}). Return it first, then lend it?</source>
        <translation>文献 {barcode} 借给了另一位读者（{card}）。先办理归还再借出吗？</translation>
    </message>
    <message>
        <source>Item {barcode} is reserved for another reader ({card}).</source>
        <translation>文献 {barcode} 已被另一位读者（{card}）预约。</translation>
    </message>
    <message>
        <source>Item {barcode} is not on loan; nothing to return.</source>
        <translation>文献 {barcode} 未借出，无需归还。</translation>
    </message>
    <message>
        <source>Item {barcode} has been renewed {count} times; the limit is {limit}.</source>
        <translation>文献 {barcode} 已续借 {count} 次，上限为 {limit} 次。</translation>
    </message>
    <message>
        <source>No loan rule for this reader category and collection type; a manager can add one.</source>
        <translation>没有此读者类型与文献类型的借阅规则；请主管添加。</translation>
    </message>
    <message>
        <source>{name} owes {amount} yuan of overdue fees; they must be paid first.</source>
        <translation>{name} 欠逾期费 {amount} 元，须先缴清。</translation>
    </message>
    <message>
        <source>Card {card} was reported lost and replaced by card {new}. Keep the old card.</source>
        <translation>读者证 {card} 已挂失，已补办为 {new}。请收回旧证。</translation>
    </message>
    <message>
        <source>Item {barcode} cannot be renewed yet: renewing now would not move its due date ({date}). It can be renewed from {first}.</source>
        <translation>文献 {barcode} 现在还不能续借：现在续借不会延长应还日期（{date}）。{first} 起可以续借。</translation>
    </message>
    <message>
        <source>Item {barcode} is in transit to {library} ({code}); it was not received here. Send it on to {library} with its transfer slip.</source>
        <translation>图书 {barcode} 正在运往{library}（{code}），本馆未接收。请连同调拨单转送{library}。</translation>
    </message>
    <message>
        <source>adult</source>
        <translation>成人</translation>
    </message>
    <message>
        <source>child</source>
        <translation>少儿</translation>
    </message>
    <message>
        <source>blind or disabled</source>
        <translation>视障或残障读者</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>book</source>
        <translation>图书</translation>
    </message>
    <message>
        <source>serial</source>
        <translation>报刊</translation>
    </message>
    <message>
        <source>audiovisual</source>
        <translation>视听资料</translation>
    </message>
    <message>
        <source>e-document</source>
        <translation>电子文献</translation>
    </message>
    <message>
        <source>{field}: a whole number from {low} to {high}.</source>
        <translation>{field}：{low} 至 {high} 之间的整数。</translation>
    </message>
    <message>
        <source>Reader category: unknown.</source>
        <translation>读者类型：未知。</translation>
    </message>
    <message>
        <source>Collection type: unknown.</source>
        <translation>文献类型：未知。</translation>
    </message>
    <message>
        <source>Loan rule: only a library&apos;s own rule can be removed.</source>
        <translation>借阅规则：只能删除某个馆自己的规则。</translation>
    </message>
    <message>
        <source>Retention: give a whole number of months.</source>
        <translation>保留期限：请填写整数个月。</translation>
    </message>
    <message>
        <source>Retention: from 0 (keep everything) to {n} months.</source>
        <translation>保留期限：0（全部保留）到 {n} 个月。</translation>
    </message>
    <message>
        <source>Retention: the library has no service point yet.</source>
        <translation>保留期限：图书馆还没有任何服务点。</translation>
    </message>
    <message>
        <source>Override: there is no refusal a manager can lift.</source>
        <translation>主管特批：当前没有可由主管特批解除的拒绝。</translation>
    </message>
    <message>
        <source>The file {path} cannot be written: {reason}</source>
        <translation>无法写入文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>PowerShell was not found, so Windows&apos; voice cannot be used.</source>
        <translation>未找到 PowerShell，无法使用 Windows 的语音。</translation>
    </message>
    <message>
        <source>No speech program was found: install espeak-ng.</source>
        <translation>未找到语音程序：请安装 espeak-ng。</translation>
    </message>
    <message>
        <source>PIN: {min} to {max} digits.</source>
        <translation>密码：{min} 至 {max} 位数字。</translation>
    </message>
    <message>
        <source>PIN: not one digit repeated.</source>
        <translation>密码：不能全是同一个数字。</translation>
    </message>
    <message>
        <source>deposit</source>
        <translation>押金</translation>
    </message>
    <message>
        <source>deposit refunded</source>
        <translation>退押金</translation>
    </message>
    <message>
        <source>overdue fee</source>
        <translation>逾期费</translation>
    </message>
    <message>
        <source>fee waived</source>
        <translation>减免</translation>
    </message>
    <message>
        <source>{label}: must not be negative.</source>
        <translation>{label}：不能为负数。</translation>
    </message>
    <message>
        <source>{label}: type the amount with ordinary (half-width) digits 0-9.</source>
        <translation>{label}：请用半角数字 0-9 输入金额。</translation>
    </message>
    <message>
        <source>{label}: an amount in yuan such as 100 or 0.50 (at most two decimals).</source>
        <translation>{label}：以元为单位的金额，如 100 或 0.50（最多两位小数）。</translation>
    </message>
    <message>
        <source>{label}: at most {max} yuan.</source>
        <translation>{label}：最多 {max} 元。</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>押金</translation>
    </message>
    <message>
        <source>Fee per day</source>
        <translation>每日逾期费</translation>
    </message>
    <message>
        <source>Cap per item</source>
        <translation>单册上限</translation>
    </message>
    <message>
        <source>Cap per reader</source>
        <translation>每位读者上限</translation>
    </message>
    <message>
        <source>Fees block borrowing: set a fee per day first.</source>
        <translation>欠费停借：请先设置每日逾期费。</translation>
    </message>
    <message>
        <source>Service point: log in at a desk to take or pay back money.</source>
        <translation>服务点：收款或退款须在借阅台登录。</translation>
    </message>
    <message>
        <source>Reason: say why.</source>
        <translation>原因：请说明原因。</translation>
    </message>
    <message>
        <source>Deposit: this library takes no deposit (see the money settings).</source>
        <translation>押金：本馆不收押金（见收费设置）。</translation>
    </message>
    <message>
        <source>Deposit: must be more than 0.</source>
        <translation>押金：须大于 0。</translation>
    </message>
    <message>
        <source>Card {card} holds no deposit.</source>
        <translation>读者证 {card} 没有押金。</translation>
    </message>
    <message>
        <source>Card {card}: {n} items are still on loan; they must be returned before the deposit is paid back.</source>
        <translation>读者证 {card}：尚有 {n} 册未还，须全部归还后才能退押金。</translation>
    </message>
    <message>
        <source>Card {card}: {amount} yuan of fees are owed; they must be settled before the deposit is paid back.</source>
        <translation>读者证 {card}：欠费 {amount} 元，须缴清后才能退押金。</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Amount: card {card} owes nothing.</source>
        <translation>金额：读者证 {card} 没有欠费。</translation>
    </message>
    <message>
        <source>Amount: card {card} owes {owed} yuan; take exactly that.</source>
        <translation>金额：读者证 {card} 欠费 {owed} 元，请按此金额收取。</translation>
    </message>
    <message>
        <source>Card {card} owes nothing.</source>
        <translation>读者证 {card} 没有欠费。</translation>
    </message>
    <message>
        <source>No receipt with number {id}.</source>
        <translation>没有编号为 {id} 的收据。</translation>
    </message>
    <message>
        <source>a shelf (call numbers beginning with)</source>
        <translation>一个书架（索书号开头为）</translation>
    </message>
    <message>
        <source>a call-number range</source>
        <translation>索书号范围</translation>
    </message>
    <message>
        <source>a whole collection</source>
        <translation>整个馆藏类型</translation>
    </message>
    <message>
        <source>No stocktake with number {id}.</source>
        <translation>没有编号为 {id} 的清点。</translation>
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
        <source>Stocktake name: must not be empty.</source>
        <translation>清点名称：不能为空。</translation>
    </message>
    <message>
        <source>Stocktake name: at most {n} characters.</source>
        <translation>清点名称：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Scope: choose a shelf, a call-number range or a collection.</source>
        <translation>范围：请选择书架、索书号范围或馆藏类型。</translation>
    </message>
    <message>
        <source>Collection: choose one of the collection types.</source>
        <translation>馆藏类型：请选择一种馆藏类型。</translation>
    </message>
    <message>
        <source>From call number</source>
        <translation>起始索书号</translation>
    </message>
    <message>
        <source>To call number</source>
        <translation>截止索书号</translation>
    </message>
    <message>
        <source>To call number: must not come before the first one.</source>
        <translation>截止索书号：不能排在起始索书号之前。</translation>
    </message>
    <message>
        <source>Service point: choose a lending desk or the bookmobile.</source>
        <translation>服务点：请选择借阅台或流动图书车。</translation>
    </message>
    <message>
        <source>Stocktake {name} is closed; start a new one.</source>
        <translation>清点“{name}”已结束，请新建清点。</translation>
    </message>
    <message>
        <source>Barcode: scan the item&apos;s barcode (at most 32 characters).</source>
        <translation>条码：请扫描文献条码（最多 32 个字符）。</translation>
    </message>
    <message>
        <source>Nothing to mark missing: every expected item was seen.</source>
        <translation>没有可标为缺失的文献：应在架的都已扫到。</translation>
    </message>
    <message>
        <source>Stocktake {name} is closed already.</source>
        <translation>清点“{name}”已经结束。</translation>
    </message>
    <message>
        <source>loan voided</source>
        <translation>作废外借</translation>
    </message>
    <message>
        <source>return voided</source>
        <translation>撤销归还</translation>
    </message>
    <message>
        <source>No loan with number {id}.</source>
        <translation>没有编号为 {id} 的借阅记录。</translation>
    </message>
    <message>
        <source>Loan {id} is already voided.</source>
        <translation>借阅记录 {id} 已作废。</translation>
    </message>
    <message>
        <source>Loan {id} was closed because its reader lost the item; a lost item&apos;s loan is not voided.</source>
        <translation>借阅记录 {id} 已因读者遗失文献而结束；遗失文献的借阅不作废。</translation>
    </message>
    <message>
        <source>Loan {id} has no return to void.</source>
        <translation>借阅记录 {id} 没有可撤销的归还。</translation>
    </message>
    <message>
        <source>Item {barcode} has moved on since that return (lent again, reserved or marked); its return cannot be voided.</source>
        <translation>文献 {barcode} 在那次归还之后已有变动（再次借出、预约或标记），不能撤销那次归还。</translation>
    </message>
    <message>
        <source>back to its home library</source>
        <translation>送回所属馆</translation>
    </message>
    <message>
        <source>for a reservation</source>
        <translation>预约取书</translation>
    </message>
</context>
<context>
    <name>CancelHoldDialog</name>
    <message>
        <source>Cancel reservation</source>
        <translation>取消预约</translation>
    </message>
    <message>
        <source>Reservation</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>提出方</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Cancel the reservation</source>
        <translation>取消该预约</translation>
    </message>
</context>
<context>
    <name>CardStatusDialog</name>
    <message>
        <source>Card status</source>
        <translation>读者证状态</translation>
    </message>
    <message>
        <source>Change the card from {old} to {new}.</source>
        <translation>将读者证由“{old}”改为“{new}”。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Lifting it needs a manager.</source>
        <translation>解除须经主管授权。</translation>
    </message>
    <message>
        <source>Manager username</source>
        <translation>主管用户名</translation>
    </message>
    <message>
        <source>Manager password</source>
        <translation>主管密码</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>更改状态</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CirculationSlips</name>
    <message>
        <source>Loan slip</source>
        <translation>借书凭条</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>读者证</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>文献</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>文献</translation>
    </message>
    <message>
        <source>RESERVED</source>
        <translation>预约保留</translation>
    </message>
    <message>
        <source>Pick up at</source>
        <translation>取书地点</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>TRANSFER</source>
        <translation>调拨单</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>送往</translation>
    </message>
    <message>
        <source>From</source>
        <translation>发出馆</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发出日期</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>CirculationTab</name>
    <message>
        <source>Lend (F2)</source>
        <translation>借出 (F2)</translation>
    </message>
    <message>
        <source>Return (F3)</source>
        <translation>归还 (F3)</translation>
    </message>
    <message>
        <source>Bookmobile stop</source>
        <translation>图书车站点</translation>
    </message>
    <message>
        <source>Scan a reader card or an item barcode</source>
        <translation>扫描读者证或文献条码</translation>
    </message>
    <message>
        <source>Manager override…</source>
        <translation>主管特批…</translation>
    </message>
    <message>
        <source>No (Esc)</source>
        <translation>不要 (Esc)</translation>
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
        <source>Due</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <source>Renewals</source>
        <translation>续借次数</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>读者</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>超期天数</translation>
    </message>
    <message>
        <source>Reserved for</source>
        <translation>预约读者</translation>
    </message>
    <message>
        <source>Renew selected</source>
        <translation>续借所选</translation>
    </message>
    <message>
        <source>Renew all (F5)</source>
        <translation>全部续借 (F5)</translation>
    </message>
    <message>
        <source>Print loan slip (F9)</source>
        <translation>打印借书凭条 (F9)</translation>
    </message>
    <message>
        <source>End reader (Esc)</source>
        <translation>结束本读者 (Esc)</translation>
    </message>
    <message>
        <source>Register reader… (F7)</source>
        <translation>办理读者证… (F7)</translation>
    </message>
    <message>
        <source>Search… (F8)</source>
        <translation>查询… (F8)</translation>
    </message>
    <message>
        <source>Overdue list…</source>
        <translation>超期清单…</translation>
    </message>
    <message>
        <source>Import catalogue…</source>
        <translation>导入馆藏…</translation>
    </message>
    <message>
        <source>Reserve… (F6)</source>
        <translation>预约… (F6)</translation>
    </message>
    <message>
        <source>Hold shelf… (F4)</source>
        <translation>预约架…（F4）</translation>
    </message>
    <message>
        <source>Money… (F10)</source>
        <translation>收费…（F10）</translation>
    </message>
    <message>
        <source>Stocktake… (F11)</source>
        <translation>清点…（F11）</translation>
    </message>
    <message>
        <source>Reservations… (Shift+F6)</source>
        <translation>读者的预约…（Shift+F6）</translation>
    </message>
    <message>
        <source>In transit… (Shift+F4)</source>
        <translation>在途清单…（Shift+F4）</translation>
    </message>
    <message>
        <source>Reader record… (F12)</source>
        <translation>读者信息…（F12）</translation>
    </message>
    <message>
        <source>Item record… (Shift+F12)</source>
        <translation>文献信息…（Shift+F12）</translation>
    </message>
    <message>
        <source>Sounds…</source>
        <translation>声音…</translation>
    </message>
    <message>
        <source>Rules and closed days…</source>
        <translation>借阅规则与闭馆日…</translation>
    </message>
    <message>
        <source>Card status</source>
        <translation>读者证状态</translation>
    </message>
    <message>
        <source>Current loans</source>
        <translation>当前借阅</translation>
    </message>
    <message>
        <source>Returned at this desk</source>
        <translation>本台已还</translation>
    </message>
    <message>
        <source>To register the card: F7.</source>
        <translation>办理读者证：按 F7。</translation>
    </message>
    <message>
        <source>To find the reader: F8.</source>
        <translation>查找读者：按 F8。</translation>
    </message>
    <message>
        <source>A manager can override.</source>
        <translation>可请主管特批。</translation>
    </message>
    <message>
        <source>Scan the reader&apos;s card first.</source>
        <translation>请先扫描读者证。</translation>
    </message>
    <message>
        <source>To return it: F3.</source>
        <translation>要还书：按 F3。</translation>
    </message>
    <message>
        <source>To lend to this reader: F2, then scan the card.</source>
        <translation>要为该读者借书：按 F2，再扫描读者证。</translation>
    </message>
    <message>
        <source>Set it aside for cataloguing.</source>
        <translation>请将此书放到一边，交编目处理。</translation>
    </message>
    <message>
        <source>Scan again.</source>
        <translation>请重新扫描。</translation>
    </message>
    <message>
        <source>Select loans in the table first.</source>
        <translation>请先在表格中选中要续借的图书。</translation>
    </message>
    <message>
        <source>Return some items first (F3).</source>
        <translation>请先还回部分图书（F3）。</translation>
    </message>
    <message>
        <source>Ask the administrator.</source>
        <translation>请联系系统管理员。</translation>
    </message>
    <message>
        <source>To take the fees: F10.</source>
        <translation>收取欠费：F10。</translation>
    </message>
    <message>
        <source>Renew it (Enter)</source>
        <translation>续借 (Enter)</translation>
    </message>
    <message>
        <source>Return and lend (Enter)</source>
        <translation>还书并借出 (Enter)</translation>
    </message>
    <message>
        <source>Enter: yes. Esc: no.</source>
        <translation>按 Enter 确认，按 Esc 取消。</translation>
    </message>
    <message>
        <source>IN TRANSIT: send {barcode} to {library} ({code}); put it in the transfer box with its slip.</source>
        <translation>在途：请将 {barcode} 连同调拨单放入调拨箱，送往{library}（{code}）。</translation>
    </message>
    <message>
        <source>received from {library}</source>
        <translation>接收自{library}</translation>
    </message>
    <message>
        <source>Received {barcode} from {library} after {n} days: shelve it.</source>
        <translation>已接收来自{library}的 {barcode}（在途 {n} 天），请上架。</translation>
    </message>
    <message>
        <source>Ready. Scan a reader card.</source>
        <translation>就绪。请扫描读者证。</translation>
    </message>
    <message>
        <source>in transit to {library}</source>
        <translation>在途，送往{library}</translation>
    </message>
    <message>
        <source>No printer is installed: choose where to save the slip as a PDF file, or Esc to leave it.</source>
        <translation>没有安装打印机：请选择把凭条保存为 PDF 文件的位置，或按 Esc 不保存。</translation>
    </message>
    <message>
        <source>Save the slip as PDF</source>
        <translation>将凭条保存为 PDF</translation>
    </message>
    <message>
        <source>PDF file (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Slip saved as {path}.</source>
        <translation>凭条已保存为 {path}。</translation>
    </message>
    <message>
        <source>The slip could not be saved as {path}.</source>
        <translation>凭条未能保存为 {path}。</translation>
    </message>
    <message>
        <source>Circulation</source>
        <translation>流通借还</translation>
    </message>
    <message>
        <source>LEND</source>
        <translation>借出</translation>
    </message>
    <message>
        <source>RETURN</source>
        <translation>归还</translation>
    </message>
    <message>
        <source>{n} waiting</source>
        <translation>{n} 条待处理</translation>
    </message>
    <message>
        <source>Unexpected error with {code}; it was not processed. The error is in the log.</source>
        <translation>处理 {code} 时发生意外错误，未办理。错误已记入日志。</translation>
    </message>
    <message>
        <source>{code} was scanned twice; the second scan was ignored.</source>
        <translation>{code} 被重复扫描，第二次扫描已忽略。</translation>
    </message>
    <message>
        <source>To extend the card: F4 (reader record).</source>
        <translation>续期：按 F4（读者信息）延长有效期。</translation>
    </message>
    <message>
        <source>Renew it later.</source>
        <translation>请稍后再续借。</translation>
    </message>
    <message>
        <source>{name}: {n} overdue items.</source>
        <translation>{name}：{n} 册超期。</translation>
    </message>
    <message>
        <source>{name} ({card}). Scan items to lend.</source>
        <translation>{name}（{card}）。请扫描要借的文献。</translation>
    </message>
    <message>
        <source>Lent {barcode} {title}, due {date}.</source>
        <translation>已借出 {barcode} {title}，应还日期 {date}。</translation>
    </message>
    <message>
        <source>Return: scan the items.</source>
        <translation>还书：请扫描图书。</translation>
    </message>
    <message>
        <source>No reader. Scan a card, or search (F8).</source>
        <translation>尚无读者。请扫描读者证，或查询 (F8)。</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Card: {card} ({category})</source>
        <translation>读者证：{card}（{category}）</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>状态：{status}</translation>
    </message>
    <message>
        <source>Valid until: {date}</source>
        <translation>有效期至：{date}</translation>
    </message>
    <message>
        <source>ID: {id}</source>
        <translation>证件：{id}</translation>
    </message>
    <message>
        <source>Phone: {phone}</source>
        <translation>电话：{phone}</translation>
    </message>
    <message>
        <source>Loans: {n} · overdue: {o}</source>
        <translation>在借：{n} · 超期：{o}</translation>
    </message>
    <message>
        <source>Reservations:</source>
        <translation>预约：</translation>
    </message>
    <message>
        <source>No reservations.</source>
        <translation>无预约。</translation>
    </message>
    <message>
        <source>Card status of {card}: {status}.</source>
        <translation>读者证 {card} 的状态：{status}。</translation>
    </message>
    <message>
        <source>RESERVED: put {barcode} aside for {name} ({card}), pick up at {point}.</source>
        <translation>有预约：请将 {barcode} 留给 {name}（{card}），在{point}取书。</translation>
    </message>
    <message>
        <source>Returned {barcode}, {n} days overdue.</source>
        <translation>已归还 {barcode}，超期 {n} 天。</translation>
    </message>
    <message>
        <source>Returned {barcode} {title}.</source>
        <translation>已归还 {barcode} {title}。</translation>
    </message>
    <message>
        <source>Scan a reader card first.</source>
        <translation>请先扫描读者证。</translation>
    </message>
    <message>
        <source>Renewed {done}; refused {bad}: {reason}</source>
        <translation>已续借 {done} 册；{bad} 册被拒绝：{reason}</translation>
    </message>
    <message>
        <source>Renewed {done} loans.</source>
        <translation>已续借 {done} 册。</translation>
    </message>
    <message>
        <source>Renewed {barcode}, due {date}.</source>
        <translation>已续借 {barcode}，应还日期 {date}。</translation>
    </message>
    <message>
        <source>Returned and lent {barcode}, due {date}.</source>
        <translation>已还后再借 {barcode}，应还日期 {date}。</translation>
    </message>
    <message>
        <source>Not done. Scan the next item.</source>
        <translation>未办理。请扫描下一本。</translation>
    </message>
    <message>
        <source>Override granted by {manager} for this reader.</source>
        <translation>{manager} 已为本读者特批放行。</translation>
    </message>
    <message>
        <source>Reservation placed.</source>
        <translation>预约成功。</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Loan history</source>
        <translation>借阅历史</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>on loan</source>
        <translation>已借出</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>已还</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Lent from</source>
        <translation>借出日期从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason for the correction</source>
        <translation>更正原因</translation>
    </message>
    <message>
        <source>Void loan</source>
        <translation>作废外借</translation>
    </message>
    <message>
        <source>Void return</source>
        <translation>撤销归还</translation>
    </message>
    <message>
        <source>{n} loans shown</source>
        <translation>显示 {n} 条借阅记录</translation>
    </message>
    <message>
        <source>Choose a loan in the table first.</source>
        <translation>请先在表中选择一条借阅记录。</translation>
    </message>
    <message>
        <source>Corrected: loan {id}. The original record stays; the day&apos;s figures change by this correction.</source>
        <translation>已更正借阅记录 {id}。原记录保留；当日统计按此更正调整。</translation>
    </message>
</context>
<context>
    <name>HoldPrompt</name>
    <message>
        <source>Reserved item</source>
        <translation>预约文献</translation>
    </message>
    <message>
        <source>RESERVED — put this item aside</source>
        <translation>有预约——请将此书留出</translation>
    </message>
    <message>
        <source>{title} ({barcode})
for {name}, card {card}
pick up at {point}</source>
        <translation>{title}（{barcode}）
预约读者：{name}，读者证 {card}
取书地点：{point}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>HoldShelfDialog</name>
    <message>
        <source>Hold shelf</source>
        <translation>预约架</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>保留至</translation>
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
        <source>Call number</source>
        <translation>索书号</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>读者</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>读者证</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>上架日期</translation>
    </message>
    <message>
        <source>Expire uncollected (Ctrl+R)</source>
        <translation>处理逾期未取（Ctrl+R）</translation>
    </message>
    <message>
        <source>Cancel reservation… (Del)</source>
        <translation>取消预约…（Del）</translation>
    </message>
    <message>
        <source>Export notification list… (Ctrl+E)</source>
        <translation>导出到书通知名单…（Ctrl+E）</translation>
    </message>
    <message>
        <source>Reprint slip (Ctrl+P)</source>
        <translation>重印凭条（Ctrl+P）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>An item waits this many opening days:</source>
        <translation>预约书保留的开馆日数：</translation>
    </message>
    <message>
        <source>{n} items waiting; {e} past their last day. An item waits {d} opening days.</source>
        <translation>预约架上 {n} 册；其中 {e} 册已过保留期。预约书保留 {d} 个开馆日。</translation>
    </message>
    <message>
        <source>{n} reservations expired: {p} items passed to the next reader (slips printed), {r} back to the shelf.</source>
        <translation>{n} 个预约已过期：{p} 册转给下一位预约读者（已打印凭条），{r} 册放回书架。</translation>
    </message>
    <message>
        <source>{t} go to another library: put them in the transfer box with their slips.</source>
        <translation>{t} 册需送往其他馆：请连同调拨单放入调拨箱。</translation>
    </message>
    <message>
        <source>Choose a line first.</source>
        <translation>请先选择一行。</translation>
    </message>
    <message>
        <source>Reservation cancelled.</source>
        <translation>预约已取消。</translation>
    </message>
    <message>
        <source>The item goes to the next reader; the slip is printed.</source>
        <translation>该书转给下一位预约读者，已打印凭条。</translation>
    </message>
    <message>
        <source>The item goes to {library}: put it in the transfer box with its slip.</source>
        <translation>此书需送往{library}：请连同调拨单放入调拨箱。</translation>
    </message>
    <message>
        <source>Export notification list</source>
        <translation>导出到书通知名单</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>{n} readers to notify written to {path} (with full phone numbers: keep the file for staff).</source>
        <translation>已将 {n} 位待通知读者写入 {path}（含完整电话号码，仅供工作人员使用）。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import catalogue</source>
        <translation>导入馆藏</translation>
    </message>
    <message>
        <source>No file chosen. Columns are described in the import format.</source>
        <translation>未选择文件。各列的含义见导入格式说明。</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
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
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Import the good rows only</source>
        <translation>只导入正确的行</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Catalogue file</source>
        <translation>馆藏文件</translation>
    </message>
    <message>
        <source>Catalogue (*.csv *.xlsx)</source>
        <translation>馆藏文件 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}……</translation>
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
        <source>Author</source>
        <translation>责任者</translation>
    </message>
    <message>
        <source>Call number</source>
        <translation>索书号</translation>
    </message>
    <message>
        <source>Collection type</source>
        <translation>文献类型</translation>
    </message>
    <message>
        <source>Home service point</source>
        <translation>馆藏地</translation>
    </message>
    <message>
        <source>{n} rows, all correct.</source>
        <translation>共 {n} 行，全部正确。</translation>
    </message>
    <message>
        <source>{bad} of {n} rows have errors; nothing will be imported unless you fix them or choose the good rows only.</source>
        <translation>{n} 行中有 {bad} 行错误；除非改正或选择只导入正确的行，否则不会导入任何数据。</translation>
    </message>
    <message>
        <source>{n} items imported.</source>
        <translation>已导入 {n} 册。</translation>
    </message>
    <message>
        <source>Importing the catalogue…</source>
        <translation>正在导入馆藏……</translation>
    </message>
</context>
<context>
    <name>ItemRecordDialog</name>
    <message>
        <source>Item record</source>
        <translation>文献信息</translation>
    </message>
    <message>
        <source>Scan or type the item&apos;s barcode, then Enter</source>
        <translation>扫描或输入文献条码，然后按回车</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>文献</translation>
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
        <source>Author</source>
        <translation>责任者</translation>
    </message>
    <message>
        <source>Collection type</source>
        <translation>文献类型</translation>
    </message>
    <message>
        <source>Home service point</source>
        <translation>馆藏地</translation>
    </message>
    <message>
        <source>Call number</source>
        <translation>索书号</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Mark as</source>
        <translation>标记为</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Loan history…</source>
        <translation>借阅历史…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No item with barcode {barcode}.</source>
        <translation>没有条码为 {barcode} 的文献。</translation>
    </message>
    <message>
        <source>Status: {status}{note} · catalogued {day} · loans: {n}</source>
        <translation>状态：{status}{note} · 编目于 {day} · 借阅 {n} 次</translation>
    </message>
    <message>
        <source>On loan to card {card}, due {date}</source>
        <translation>借给读者证 {card}，应还日期 {date}</translation>
    </message>
    <message>
        <source>Withdrawn on {day}</source>
        <translation>注销于 {day}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Marked {status}.</source>
        <translation>已标记为“{status}”。</translation>
    </message>
</context>
<context>
    <name>MoneyDialog</name>
    <message>
        <source>Money</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Reader at the desk</source>
        <translation>当前读者</translation>
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
        <source>Due</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <source>Days late</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已归还</translation>
    </message>
    <message>
        <source>Reason (to refund or waive)</source>
        <translation>原因（退押金或减免时填写）</translation>
    </message>
    <message>
        <source>Take deposit (Ctrl+D)</source>
        <translation>收押金（Ctrl+D）</translation>
    </message>
    <message>
        <source>Take fees (Ctrl+F)</source>
        <translation>收欠费（Ctrl+F）</translation>
    </message>
    <message>
        <source>Cancel card and refund deposit</source>
        <translation>退证并退押金</translation>
    </message>
    <message>
        <source>Waive fees</source>
        <translation>减免欠费</translation>
    </message>
    <message>
        <source>Deposit (yuan)</source>
        <translation>押金（元）</translation>
    </message>
    <message>
        <source>Fees paid (yuan)</source>
        <translation>实收欠费（元）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Cash journal of this desk</source>
        <translation>本服务台现金日记账</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>In</source>
        <translation>收入</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>支出</translation>
    </message>
    <message>
        <source>Waived</source>
        <translation>减免</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>读者证</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Export to Excel… (Ctrl+E)</source>
        <translation>导出到 Excel…（Ctrl+E）</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Money settings of the library (managers)</source>
        <translation>本馆收费设置（管理人员）</translation>
    </message>
    <message>
        <source>Fees owed stop the reader borrowing</source>
        <translation>欠费停借</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Deposit at registration (0: none)</source>
        <translation>办证押金（0：不收）</translation>
    </message>
    <message>
        <source>Overdue fee per item and day (0: none)</source>
        <translation>每册每日逾期费（0：不收）</translation>
    </message>
    <message>
        <source>Cap per item (0: none)</source>
        <translation>单册上限（0：不限）</translation>
    </message>
    <message>
        <source>Cap per reader (0: none)</source>
        <translation>每位读者上限（0：不限）</translation>
    </message>
    <message>
        <source>{name} ({card}): deposit held {deposit} yuan; fees owed {owed} yuan.</source>
        <translation>{name}（{card}）：押金 {deposit} 元；欠费 {owed} 元。</translation>
    </message>
    <message>
        <source>No reader at the desk.</source>
        <translation>当前没有读者。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no (still on loan)</source>
        <translation>否（尚未归还）</translation>
    </message>
    <message>
        <source>In {cash_in} · out {cash_out} · net {net} yuan (waived {waived}).</source>
        <translation>收入 {cash_in} · 支出 {cash_out} · 净额 {net} 元（减免 {waived}）。</translation>
    </message>
    <message>
        <source>Scan a reader card first.</source>
        <translation>请先扫描读者证。</translation>
    </message>
    <message>
        <source>{kind}: {amount} yuan, receipt {receipt}.</source>
        <translation>{kind}：{amount} 元，收据号 {receipt}。</translation>
    </message>
    <message>
        <source>Export the cash journal</source>
        <translation>导出现金日记账</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Written to {path}.</source>
        <translation>已写入 {path}。</translation>
    </message>
    <message>
        <source>Money settings saved.</source>
        <translation>收费设置已保存。</translation>
    </message>
</context>
<context>
    <name>OverdueDialog</name>
    <message>
        <source>Overdue items</source>
        <translation>超期文献</translation>
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
        <source>Card</source>
        <translation>读者证</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>读者</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>超期天数</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>{n} overdue items</source>
        <translation>共 {n} 册超期</translation>
    </message>
    <message>
        <source>Export overdue list</source>
        <translation>导出超期清单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>{n} lines written to {path}</source>
        <translation>已将 {n} 行写入 {path}</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Manager override</source>
        <translation>主管特批</translation>
    </message>
    <message>
        <source>Manager username</source>
        <translation>主管用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>特批放行</translation>
    </message>
</context>
<context>
    <name>ReaderHoldsDialog</name>
    <message>
        <source>Reservations of this reader</source>
        <translation>该读者的预约</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Pick up at</source>
        <translation>取书地点</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>预约日期</translation>
    </message>
    <message>
        <source>Cancel reservation… (Del)</source>
        <translation>取消预约…（Del）</translation>
    </message>
    <message>
        <source>{n} open reservations.</source>
        <translation>{n} 个未完成的预约。</translation>
    </message>
</context>
<context>
    <name>ReaderRecordDialog</name>
    <message>
        <source>Reader record</source>
        <translation>读者信息</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>读者</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Category</source>
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
        <source>New card number (scan the new card)</source>
        <translation>新证号（扫描新证）</translation>
    </message>
    <message>
        <source>Replace lost card</source>
        <translation>挂失补证</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>读者证号</translation>
    </message>
    <message>
        <source>Validity</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>补证</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>更改状态</translation>
    </message>
    <message>
        <source>Card status</source>
        <translation>读者证状态</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Manager username</source>
        <translation>主管用户名</translation>
    </message>
    <message>
        <source>Manager password</source>
        <translation>主管密码</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <source>Kiosk PIN</source>
        <translation>自助机密码</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Loan history…</source>
        <translation>借阅历史…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>card {card}</source>
        <translation>读者证 {card}</translation>
    </message>
    <message>
        <source>Status: {status} · valid until {date}{expired}</source>
        <translation>状态：{status} · 有效期至 {date}{expired}</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Registered on {day} at {point} · loans now: {open} · all loans: {all}</source>
        <translation>{day} 于{point}办证 · 在借 {open} 册 · 累计借阅 {all} 次</translation>
    </message>
    <message>
        <source>Kiosk PIN: {pin}</source>
        <translation>自助机密码：{pin}</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Replaced cards: {cards}</source>
        <translation>已补办的旧证：{cards}</translation>
    </message>
    <message>
        <source>Extend by {n} years</source>
        <translation>延长 {n} 年</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Card extended until {date}.</source>
        <translation>读者证已延长至 {date}。</translation>
    </message>
    <message>
        <source>Card {old} replaced by {new}; the old card will be refused.</source>
        <translation>读者证 {old} 已补办为 {new}；旧证将被拒绝。</translation>
    </message>
    <message>
        <source>Card status: {status}.</source>
        <translation>读者证状态：{status}。</translation>
    </message>
    <message>
        <source>PIN: the two entries differ; type it again.</source>
        <translation>密码：两次输入不一致，请重新输入。</translation>
    </message>
    <message>
        <source>PIN set.</source>
        <translation>密码已设置。</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <source>Register a reader card</source>
        <translation>办理读者证</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>读者证号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Category</source>
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
        <source>Deposit (yuan)</source>
        <translation>押金（元）</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>办理</translation>
    </message>
</context>
<context>
    <name>ReserveDialog</name>
    <message>
        <source>Reserve</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Item barcode</source>
        <translation>文献条码</translation>
    </message>
    <message>
        <source>or ISBN (any copy)</source>
        <translation>或 ISBN（任一复本）</translation>
    </message>
    <message>
        <source>Pick up at</source>
        <translation>取书地点</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Loan rules and closed days</source>
        <translation>借阅规则与闭馆日</translation>
    </message>
    <message>
        <source>All libraries</source>
        <translation>所有图书馆</translation>
    </message>
    <message>
        <source>Reader category</source>
        <translation>读者类型</translation>
    </message>
    <message>
        <source>Collection type</source>
        <translation>文献类型</translation>
    </message>
    <message>
        <source>Loan days</source>
        <translation>借期（天）</translation>
    </message>
    <message>
        <source>Max loans</source>
        <translation>最多可借</translation>
    </message>
    <message>
        <source>Max renewals</source>
        <translation>最多续借</translation>
    </message>
    <message>
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <source>Closed every week on:</source>
        <translation>每周闭馆：</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Add closed day</source>
        <translation>添加闭馆日</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Add public holidays of {year}</source>
        <translation>添加 {year} 年法定节假日</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>Rules saved.</source>
        <translation>规则已保存。</translation>
    </message>
    <message>
        <source>Weekly closing saved.</source>
        <translation>每周闭馆日已保存。</translation>
    </message>
    <message>
        <source>{n} public holidays added.</source>
        <translation>已添加 {n} 个法定节假日。</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>Search readers and items</source>
        <translation>查询读者和文献</translation>
    </message>
    <message>
        <source>Card, name, phone, ID number, barcode, title, author or ISBN</source>
        <translation>读者证号、姓名、电话、证件号码、条码、题名、责任者或 ISBN</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>读者证</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
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
        <source>Author</source>
        <translation>责任者</translation>
    </message>
    <message>
        <source>ISBN</source>
        <translation>ISBN</translation>
    </message>
    <message>
        <source>Call number</source>
        <translation>索书号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Readers</source>
        <translation>读者</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>文献</translation>
    </message>
    <message>
        <source>Record… (F12)</source>
        <translation>详细信息…（F12）</translation>
    </message>
    <message>
        <source>{readers} readers, {items} items</source>
        <translation>{readers} 位读者，{items} 册文献</translation>
    </message>
</context>
<context>
    <name>SoundSettingsDialog</name>
    <message>
        <source>Sounds at this desk</source>
        <translation>本服务台的声音</translation>
    </message>
    <message>
        <source>Play sounds</source>
        <translation>播放提示音</translation>
    </message>
    <message>
        <source>Say the reason of a refusal aloud</source>
        <translation>朗读拒绝原因</translation>
    </message>
    <message>
        <source>The program&apos;s language</source>
        <translation>与程序语言相同</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>No voice on this computer, so the desk plays sounds alone: {why}</source>
        <translation>本机没有可用的语音，服务台只播放提示音：{why}</translation>
    </message>
    <message>
        <source>Voice: {engine}.</source>
        <translation>语音：{engine}。</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>试听</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>语音</translation>
    </message>
</context>
<context>
    <name>StocktakeDialog</name>
    <message>
        <source>Stocktake</source>
        <translation>清点</translation>
    </message>
    <message>
        <source>New stocktake</source>
        <translation>新建清点</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>What</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Call numbers from (or beginning with)</source>
        <translation>索书号起（或开头为）</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>馆藏类型</translation>
    </message>
    <message>
        <source>Scan the items on the shelf</source>
        <translation>扫描书架上的文献</translation>
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
        <source>Call number</source>
        <translation>索书号</translation>
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
        <source>Expected, not seen</source>
        <translation>应在架未扫到</translation>
    </message>
    <message>
        <source>Belongs elsewhere</source>
        <translation>错架</translation>
    </message>
    <message>
        <source>Recorded as on loan</source>
        <translation>记录为借出</translation>
    </message>
    <message>
        <source>Not in the catalogue</source>
        <translation>未知条码</translation>
    </message>
    <message>
        <source>Return the chosen item (Ctrl+Enter)</source>
        <translation>归还所选文献（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Export to Excel… (Ctrl+E)</source>
        <translation>导出到 Excel…（Ctrl+E）</translation>
    </message>
    <message>
        <source>Mark the unseen missing</source>
        <translation>将未扫到的标为缺失</translation>
    </message>
    <message>
        <source>Close the stocktake</source>
        <translation>结束清点</translation>
    </message>
    <message>
        <source>Open stocktake</source>
        <translation>进行中的清点</translation>
    </message>
    <message>
        <source>{name} ({point}, since {day})</source>
        <translation>{name}（{point}，{day} 开始）</translation>
    </message>
    <message>
        <source>Stocktake started: scan the shelf.</source>
        <translation>清点已开始：请扫描书架。</translation>
    </message>
    <message>
        <source>{barcode} {title}: in its place.</source>
        <translation>{barcode} {title}：在架。</translation>
    </message>
    <message>
        <source>{barcode} was scanned already.</source>
        <translation>{barcode} 已经扫描过。</translation>
    </message>
    <message>
        <source>{barcode} {title} belongs elsewhere {where}: set it aside.</source>
        <translation>{barcode} {title} 不属于此处 {where}：请取出。</translation>
    </message>
    <message>
        <source>{barcode} {title} is recorded as on loan ({card}): return it (Ctrl+Enter in the list).</source>
        <translation>{barcode} {title} 记录为借出（{card}）：请办理归还（在列表中按 Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>{barcode} is not in the catalogue: set it aside.</source>
        <translation>{barcode} 不在馆藏目录中：请取出。</translation>
    </message>
    <message>
        <source>No open stocktake: start one.</source>
        <translation>没有进行中的清点：请新建。</translation>
    </message>
    <message>
        <source>Expected on the shelf: {e}. Scanned: {s}. Not seen: {n}.</source>
        <translation>应在架 {e} 册，已扫描 {s} 个，未扫到 {n} 册。</translation>
    </message>
    <message>
        <source>Choose an item in the list of items recorded as on loan.</source>
        <translation>请在“记录为借出”列表中选择一册。</translation>
    </message>
    <message>
        <source>Returned {barcode}.</source>
        <translation>已归还 {barcode}。</translation>
    </message>
    <message>
        <source>Export the stocktake</source>
        <translation>导出清点结果</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Written to {path}.</source>
        <translation>已写入 {path}。</translation>
    </message>
    <message>
        <source>{n} items marked missing.</source>
        <translation>已将 {n} 册标为缺失。</translation>
    </message>
    <message>
        <source>Stocktake closed.</source>
        <translation>清点已结束。</translation>
    </message>
</context>
<context>
    <name>TransitDialog</name>
    <message>
        <source>Items in transit</source>
        <translation>在途清单</translation>
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
        <source>Call number</source>
        <translation>索书号</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发出日期</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>在途天数</translation>
    </message>
    <message>
        <source>From</source>
        <translation>发出馆</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>送往</translation>
    </message>
    <message>
        <source>Receive an item on its way here with a return scan (F3) at the desk. F5: reload. Esc: close.</source>
        <translation>运往本馆的文献，在服务台用还书扫描（F3）即可接收。F5：刷新。Esc：关闭。</translation>
    </message>
    <message>
        <source>On the way to {library}: {n}</source>
        <translation>正运往{library}：{n} 册</translation>
    </message>
    <message>
        <source>Sent from {library}, not yet received: {n}</source>
        <translation>由{library}发出、尚未接收：{n} 册</translation>
    </message>
    <message>
        <source>{n} items are in transit longer than the limit: look for them.</source>
        <translation>有 {n} 册在途时间超过期限，请查找。</translation>
    </message>
    <message>
        <source>No item is in transit longer than the limit.</source>
        <translation>没有在途超期的文献。</translation>
    </message>
    <message>
        <source>LATE</source>
        <translation>超期</translation>
    </message>
</context>
</TS>
