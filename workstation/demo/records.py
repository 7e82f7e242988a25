"""The parts of the demo made through the services, where the volume is small: accounts,
configuration, closed days, activities, bookmobile trips, volunteers, monthly metrics,
acquisitions and the digitization projects. Every row is validated and audited as if a
librarian had typed it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.demo.accounts import DEMO_ACCOUNTS
from workstation.demo.calendar import Trip, Year, allocate, closed_days, spread_days
from workstation.demo.targets import BOOKMOBILE, PROJECTS, READING_ROOMS, YearTarget
from workstation.models import Role, ServicePoint, ServicePointKind, Staff
from workstation.models.collection import CollectionType
from workstation.models.digitization import DigitizationStage, DigitizationTemplate
from workstation.models.outreach import ActivityCategory
from workstation.reports.national_form import UMBRELLA_WORD
from workstation.services import calendar as library_calendar
from workstation.services.admin import service_points
from workstation.services.admin import staff as staff_service
from workstation.services.context import Actor
from workstation.services.digitization import projects as digi
from workstation.services.outreach import activities as act
from workstation.services.outreach import bookmobile, holdings, metrics, volunteers
from workstation.timeutil import at_local

# the desk staff on the rota of the desks and the bookmobile, a reading-room attendant and
# the digitization team; they exist for the records (their passwords are not published)
STAFF = (("zhangli", "张丽"), ("wanghong", "王红"), ("liujing", "刘静"), ("sunpeng", "孙鹏"), ("wuna", "吴娜"),
         ("guolei", "郭磊"))
EXTRA_STOPS = ("长治学院", "太行东街社区", "英雄南路社区", "紫金街道社区")
ROOM_SEATS = dict(zip(READING_ROOMS, (120, 90, 100, 24, 30, 40), strict=True))


def staff_password(seed: int, username: str) -> str:
    return f"{username}-{seed}-不公开"


def create_accounts(session: Session, seed: int) -> Actor:
    """The demo accounts and the library's desk staff; returns the administrator."""
    username, name, _role, password = DEMO_ACCOUNTS[0]
    admin = staff_service.create_first_admin(session, username, name, password)
    actor = Actor.of(admin, "demo")
    for username, name, role, password in DEMO_ACCOUNTS[1:]:
        staff_service.create_staff(session, actor, username, name, role, password)
    for username, name in STAFF:
        staff_service.create_staff(session, actor, username, name, Role.DESK, staff_password(seed, username))
    return actor


def staff_ids(session: Session) -> dict[str, int]:
    return {u: i for u, i in session.execute(select(Staff.username, Staff.id))}


def actor_for(session: Session, username: str, point_id: int | None = None) -> Actor:
    staff = session.scalar(select(Staff).where(Staff.username == username))
    assert staff is not None
    return Actor.of(staff, "demo", point_id)


def configure(session: Session, actor: Actor, years: list[int]) -> None:
    """Stops (the report's 15), seats, and the days the library is closed."""
    points = {p.name: p for p in session.scalars(select(ServicePoint))}
    mobile = points.get(BOOKMOBILE)
    if mobile is not None:
        have = {s.name for s in mobile.stops}
        for name in EXTRA_STOPS:
            if name not in have:
                service_points.add_stop(session, actor, mobile.id, name)
    for name, seats in ROOM_SEATS.items():
        if name in points:
            service_points.set_seats(session, actor, points[name].id, seats)
    for year in years:
        for day, reason in closed_days(year):
            library_calendar.add_closed_day(session, actor, day, reason)


def point_ids(session: Session) -> dict[str, int]:
    return {n: i for n, i in session.execute(select(ServicePoint.name, ServicePoint.id))}


def bookmobile_stop_ids(session: Session) -> list[int]:
    mobile = session.scalar(select(ServicePoint).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE)
                            .order_by(ServicePoint.id))
    if mobile is None:
        return []
    return [s.id for s in mobile.stops if s.active]


# -- activities --------------------------------------------------------------------------

GENERIC = {
    "reading_promotion": (["周末亲子阅读会", "经典诵读会", "新书推荐会", "读书分享会", "“书香上党”读书沙龙",
                           "好书共读"], (25, 120)),
    "exhibition": (["上党古建筑图片展", "馆藏地方文献展", "书法作品展", "摄影作品展", "非遗文化展"], (150, 900)),
    "film": (["周末公益电影放映", "经典影片展映", "少儿动画电影放映"], (40, 160)),
    "training": (["读者电脑培训", "数字资源使用培训", "智能手机应用培训", "基层图书馆员业务培训"], (15, 60)),
    "volunteer_service": (["志愿者书籍整理上架", "学雷锋志愿服务", "送书进社区", "关爱空巢老人送书上门"], (8, 40)),
    "youth": (["少儿绘本故事会", "少儿书法课堂", "小记者国学礼仪体验", "少儿手工制作", "英语角", "少儿科普阅读课"],
              (20, 80)),
    "blind": (["文化助盲：有声读物分享会", "文化助盲：无障碍电影放映"], (15, 40)),
    "disabled": (["送书进特殊教育学校", "残障读者阅读服务"], (15, 50)),
    "other": (["读者座谈会", "馆员开放日", "图书馆参观导览"], (20, 60)),
}
GENERIC_SHARE = {"reading_promotion": 0.28, "exhibition": 0.07, "film": 0.12, "training": 0.07,
                 "volunteer_service": 0.08, "youth": 0.28, "blind": 0.03, "disabled": 0.03, "other": 0.04}
PLACES = {
    "reading_promotion": ["多功能厅", "一楼报告厅", "期刊阅览室", "馆外社区"],
    "exhibition": ["展厅", "一楼大厅"],
    "film": ["一楼报告厅", "多功能厅"],
    "training": ["电子阅览室", "多功能厅"],
    "volunteer_service": ["总馆", "馆外社区", "书库"],
    "youth": ["少儿借阅区", "青少年阅览室", "多功能厅"],
    "blind": ["多功能厅"],
    "disabled": ["长治市特殊教育学校", "多功能厅"],
    "other": ["一楼大厅", "多功能厅"],
}
DAYS = {"exhibition": 14, "training": 2}  # how long such an activity runs
CULTURE_TOPICS = ["上党梆子的前世今生", "长治古建筑巡礼", "太行精神与时代价值", "《诗经》里的山西", "炎帝文化探源",
                  "上党堆锦艺术", "宋元戏曲与上党", "红色太行家书", "晋商与上党商帮", "唐诗中的长治",
                  "潞绸的历史", "上党民俗漫谈"]
HEALTH_TOPICS = ["春季常见病预防", "老年人慢病管理", "儿童视力保护", "科学饮食与健康", "夏季防暑常识",
                 "心脑血管疾病预防", "颈椎腰椎保健", "秋冬季呼吸道疾病预防", "心理健康与压力调节"]


def _d(month: int, day: int, year: int = 2019) -> dt.date:
    return dt.date(year, month, day)


def named_2019(series: dict[str, int]) -> list[act.ActivityInput]:
    """The report's named events of 2019 with their dates and participants."""
    spring, day423, seventy = series["spring"], series["423"], series["70"]
    A = act.ActivityInput  # noqa: N806 - short alias for a long list
    return [
        A("“春来节到·品书怡情”新春系列活动", None, _d(1, 15), _d(3, 1), "全馆", participants=3_260,
          chronicle=True, series_id=spring,
          chronicle_text="1月15日至3月1日，整合优势资源推出迎新春系列活动，为节日期间的市民奉上浓浓年味、万卷书香的文化盛宴。"),
        A("文源讲坛：其乐融融文化交流 互学互鉴", None, _d(1, 26), None, "一楼报告厅", participants=180,
          series_id=spring),
        A("泼墨挥洒祝福 锦书喜传春色", None, _d(1, 27), None, "多功能厅", participants=260, series_id=spring),
        A("民乐陶冶情操 雅韵喜迎新春", None, _d(1, 30), None, "一楼报告厅", participants=220, series_id=spring),
        A("少儿喜画脸谱 全民崇扬国粹", None, _d(2, 10), None, "少儿借阅区", participants=96, series_id=spring),
        A("学雷锋纪念日志愿服务", None, _d(3, 5), None, "总馆及社区", participants=60),
        A("“4·23”世界读书日系列活动", None, _d(4, 12), _d(4, 23), "全馆及馆外", participants=1_850,
          online_views=2_300, chronicle=True, series_id=day423,
          chronicle_text="4月12日至23日，以“读经典，学新知，链接美好生活”为主题，线上线下开展全民阅读活动。"),
        A("“读经典 学新知 链接美好生活”主题读者座谈会", None, _d(4, 20), None, "多功能厅", participants=45,
          series_id=day423),
        A("2018年度最美读者表彰会", None, _d(4, 23), None, "一楼报告厅", participants=120, series_id=day423),
        A("全体工作人员集体宣读全民阅读活动倡议书", None, _d(4, 23), None, "一楼大厅", participants=85,
          series_id=day423),
        A("“书香四溢，花满上党”少儿阅读活动", None, _d(4, 21), None, "少儿借阅区", participants=130),
        A("长治市图书馆学会2018年度表彰会暨2019年总分馆培训会", None, _d(4, 26), None, "襄垣县图书馆",
          partners="长治市图书馆学会、襄垣县图书馆", participants=90),
        A("无障碍活动进特殊教育学校", None, _d(5, 19), None, "长治市特殊教育学校", participants=140),
        A("“童年不孤读，绘本演绎我做主”大型亲子伴读线上活动", None, _d(5, 27), _d(6, 1), "线上",
          partners="超星集团", participants=420, online_views=3_600),
        A("小记者挑战国学礼仪", None, _d(7, 13), None, "少儿借阅区", participants=48),
        A("学习吟诵古诗", None, _d(7, 20), None, "少儿借阅区", participants=56),
        A("烽火太行山，追逐太行精神系列活动", None, _d(8, 1), _d(8, 15), "全馆", participants=640),
        A("少儿读书交流分享会", None, _d(8, 10), None, "少儿借阅区", participants=62),
        A("全国科普日宣传活动", None, _d(9, 14), _d(9, 20), "全馆及流动图书车", participants=780,
          chronicle=True, chronicle_text="9月14日至20日，以“礼赞共和国，智慧新生活”为主题，用讲座、展览、流动图书车、"
                                         "报刊征订等方式宣传科学知识。"),
        # 庆祝中华人民共和国成立70周年系列活动: 5,764 participants and 8,400 online views in all
        A("“祖国，我想对您说……”留言征集活动", None, _d(9, 15), _d(10, 30), "一楼大厅", participants=1_320,
          online_views=1_600, series_id=seventy, chronicle=True,
          chronicle_text="9月15日至10月30日开展庆祝中华人民共和国成立70周年系列活动，参加人数达5764人，"
                         "线上浏览量达8400多人。"),
        A("刘蒙将军红色教育主题报告会", None, _d(9, 20), None, "一楼报告厅", participants=420, series_id=seventy),
        A("“盛世中国、喜迎华诞——壮丽70年 阅读新时代”线上主题活动", None, _d(9, 20), _d(10, 20), "线上",
          participants=0, online_views=5_200, series_id=seventy),
        A("“书中的红色记忆”特种文献展", None, _d(9, 25), _d(10, 30), "展厅", participants=1_850, series_id=seventy),
        A("“我们一起读经典”红色文献荐读", None, _d(9, 28), _d(10, 30), "期刊阅览室", participants=760,
          online_views=1_600, series_id=seventy),
        A("“喜迎国庆 电影展播”线下活动", None, _d(10, 1), _d(10, 7), "一楼报告厅", participants=986,
          series_id=seventy),
        A("国歌唱响新时代", None, _d(10, 1), None, "一楼大厅", participants=428, series_id=seventy),
    ]


NAMED_CATEGORIES = [
    "reading_promotion", "reading_promotion", "exhibition", "other", "youth", "volunteer_service",
    "reading_promotion", "reading_promotion", "reading_promotion", "reading_promotion", "youth", "training",
    "disabled", "youth", "youth", "youth", "reading_promotion", "youth", "other",
    "reading_promotion", "party_building", "reading_promotion", "exhibition", "reading_promotion", "film", "other",
]


def record_activities(session: Session, actor: Actor, year: Year, goal: YearTarget, rng: np.random.Generator) -> None:
    codes = {c: i for c, i in session.execute(select(ActivityCategory.code, ActivityCategory.id))}
    inputs: list[act.ActivityInput] = []
    if goal.year == 2019:
        series = {
            "spring": act.create_series(session, actor, "春来节到·品书怡情新春系列活动", "2019年迎新春系列活动").id,
            "423": act.create_series(session, actor, "2019年“4·23”世界读书日系列活动",
                                     "读经典，学新知，链接美好生活").id,
            "70": act.create_series(session, actor, "庆祝中华人民共和国成立70周年系列活动",
                                    "2019年9月15日至10月30日").id,
        }
        named = named_2019(series)
        for data, code in zip(named, NAMED_CATEGORIES, strict=True):
            data.category_id = codes[code]
        inputs += named
        for month in range(1, 13):  # 文化助盲: 12 activities
            inputs.append(act.ActivityInput("文化助盲：无障碍电影放映", codes["blind"], _d(month, 16), place="多功能厅",
                                            partners="长治市盲人协会", participants=int(rng.integers(120, 260))))
    y = goal.year
    for i in range(goal.culture_lectures):
        inputs.append(act.ActivityInput(f"文化大讲堂：{CULTURE_TOPICS[(i + y) % len(CULTURE_TOPICS)]}",
                                        codes["culture_lecture"], _lecture_day(year, i, 12), place="一楼报告厅",
                                        participants=int(rng.integers(120, 260))))
    for i in range(goal.health_lectures):
        inputs.append(act.ActivityInput(f"健康大讲堂：{HEALTH_TOPICS[(i + y) % len(HEALTH_TOPICS)]}",
                                        codes["health_lecture"], _lecture_day(year, i + 2, 22), place="一楼报告厅",
                                        partners="和济医院", participants=int(rng.integers(80, 180))))
    # an umbrella row of a series whose events are recorded too is not an activity of its own
    rest = goal.activities - sum(1 for a in inputs if not (a.series_id and UMBRELLA_WORD in a.title))
    if rest < 0:
        raise ValueError(f"{y}: more named activities than the year's total")
    per_code = allocate(rest, np.array(list(GENERIC_SHARE.values())))
    days = spread_days(year, rest, rng)
    order = rng.permutation(rest)
    k = 0
    for code, n in zip(GENERIC_SHARE, per_code, strict=True):
        titles, (low, high) = GENERIC[code]
        for j in range(int(n)):
            day = days[int(order[k])]
            k += 1
            places = PLACES[code]
            end = day + dt.timedelta(days=DAYS.get(code, 1) - 1)
            inputs.append(act.ActivityInput(titles[j % len(titles)], codes[code], day, min(end, dt.date(y, 12, 31)),
                                            place=places[int(rng.integers(0, len(places)))],
                                            participants=int(rng.integers(low, high))))
    inputs.sort(key=lambda a: (a.start_day if isinstance(a.start_day, dt.date) else dt.date.min))
    for data in inputs:
        act.record_activity(session, actor, data)


def _lecture_day(year: Year, i: int, day: int) -> dt.date:
    """A Saturday near ``day`` of month ``i + 1`` on which the library is open."""
    month = i % 12 + 1
    candidate = dt.date(year.year, month, day)
    while candidate.weekday() != 5:
        candidate += dt.timedelta(days=1)
    return candidate


# -- bookmobile, volunteers, metrics, acquisitions ----------------------------------------

def record_trips(session: Session, actor: Actor, trips: list[Trip], stop_ids: list[int]) -> None:
    vehicles = bookmobile.list_vehicles(session)
    if not vehicles:
        return
    for trip in trips:
        vehicle = vehicles[trip.vehicle % len(vehicles)]
        bookmobile.record_trip(session, actor, trip.day, vehicle.id, [stop_ids[s] for s in trip.stops])


VOLUNTEERS = (
    [(n, "山西机电职业技术学院", True) for n in ("李佳怡", "王子豪", "张雨涵", "刘浩然", "陈思琪", "杨博文",
                                            "赵欣怡", "黄俊杰", "周梦瑶", "吴宇航", "徐静雯", "孙志远")]
    + [(n, "长治学院历史系", True) for n in ("郭晓燕", "何雨轩", "高诗涵", "林子轩", "罗晨曦", "梁嘉琪",
                                        "宋一鸣", "郑可馨", "谢天佑", "韩雪")]
    + [(n, "文化助盲志愿服务队", True) for n in ("冯秀兰", "董建国", "萧玉梅", "程卫东", "曹丽华", "袁志强", "邓淑珍")]
    + [(n, "", False) for n in ("许文博", "傅晓红", "沈国栋", "曾丽娟", "彭海涛", "吕晓婷", "苏建华", "卢美玲")]
)
VOLUNTEER_TASKS = [("书籍整理、上架", "书库"), ("报纸分拣", "报纸阅览室"), ("指导读者使用自助借还设备", "自助借还区"),
                   ("流动图书车随车服务", "流动图书车"), ("咨询台值守", "总馆咨询台"), ("文化助盲", "多功能厅")]


def record_volunteers(session: Session, actor: Actor, year: Year, hours: Decimal, rng: np.random.Generator) -> None:
    people = volunteers.list_volunteers(session)
    if not people:
        people = [volunteers.create_volunteer(session, actor, n, org, reg) for n, org, reg in VOLUNTEERS]
    remaining = int(hours * 2)  # half-hours
    steps = [4, 5, 6, 7, 8]
    pieces: list[int] = []
    while remaining > 0:
        piece = min(int(steps[int(rng.integers(0, len(steps)))]), remaining)
        pieces.append(piece)
        remaining -= piece
    days = spread_days(year, len(pieces), rng)
    for piece, day in zip(pieces, days, strict=True):
        who = people[int(rng.integers(0, len(people)))]
        task, place = VOLUNTEER_TASKS[int(rng.integers(0, len(VOLUNTEER_TASKS)))]
        volunteers.record_service(session, actor, who.id, day, Decimal(piece) / 2, place=place, note=task)


def record_metrics(session: Session, actor: Actor, goal: YearTarget, rng: np.random.Generator) -> None:
    month_days = [(dt.date(goal.year + (m == 12), m % 12 + 1, 1) - dt.date(goal.year, m, 1)).days
                  for m in range(1, 13)]
    web_w = np.array([0.85, 0.8, 1.0, 1.05, 1.0, 0.95, 1.1, 1.1, 1.0, 0.95, 1.0, 1.2]) * rng.lognormal(0, .05, 12)
    mobile_w = np.array([0.8, 0.85, 0.9, 0.95, 1.0, 1.0, 1.1, 1.1, 1.05, 1.05, 1.05, 1.15]) * rng.lognormal(0, .05, 12)
    led = allocate(goal.led_days, np.array(month_days, dtype=float))
    followers = 21_000 - 1_800 * (2019 - goal.year)
    values = {
        "website_hits": allocate(goal.website_hits, web_w),
        "mobile_library_hits": allocate(goal.mobile_hits, mobile_w),
        "led_days": led,
        "wechat_followers": np.array([max(0, followers - 150 * (12 - m)) for m in range(1, 13)]),
    }
    for code, months in values.items():
        metric = metrics.definition_by_label(session, code)
        for month, value in enumerate(months, start=1):
            metrics.enter_value(session, actor, metric.id, goal.year, month, int(value))


E_SOURCES = ("超星电子图书", "中国知网期刊库", "中华数字书苑", "万方数据资源")


def record_acquisitions(session: Session, actor: Actor, goal: YearTarget, catalogued: dict[str, int]) -> None:
    """What is not catalogued item by item: serials per month, e-resources per quarter, and
    whatever the (scaled) catalogue leaves of the year's new books."""
    y = goal.year
    serial = allocate(goal.new_holdings["serial"], np.ones(12))
    for month, n in enumerate(serial, start=1):
        if n:
            holdings.record_acquisition(session, actor, dt.date(y, month, 8), CollectionType.SERIAL, int(n),
                                        "邮局订阅报刊", "合订入藏")
    edoc = allocate(goal.new_holdings["e_document"], np.array([1.0, 0.8, 1.2, 1.4]))
    for q, n in enumerate(edoc):
        if n:
            holdings.record_acquisition(session, actor, dt.date(y, 3 * q + 3, 25), CollectionType.E_DOCUMENT, int(n),
                                        E_SOURCES[q], "数字资源年度采购")
    for kind, label in (("book", CollectionType.BOOK), ("audiovisual", CollectionType.AUDIOVISUAL)):
        missing = goal.new_holdings[kind] - catalogued.get(kind, 0)
        if missing < 0:
            raise ValueError(f"{y}: more {kind} catalogued than the year's new holdings")
        if missing:
            holdings.record_acquisition(session, actor, dt.date(y, 12, 20), label, missing, "捐赠及批量入藏",
                                        "未逐册编目")


# -- digitization ------------------------------------------------------------------------

def create_projects(session: Session, actor: Actor) -> dict[str, int]:
    templates = {t.name: t.id for t in session.scalars(select(DigitizationTemplate))}
    ids = {}
    for name, category, unit, target_qty, start, due, _q2019, _q2018 in PROJECTS:
        video = unit in ("节", "部")
        template = templates.get("音视频" if video else "纸质文献")
        stages = None if template is not None else [("采集", False), ("加工", False), ("质检", True), ("发布", False)]
        project = digi.create_project(session, actor, name=name, category=category, unit=unit, target=target_qty,
                                      start=start, due=due, template_id=template, stages=stages)
        ids[name] = project.id
    return ids


BATCH_SIZE = {"条": 500, "页": 1_500, "版": 500, "节": 5, "部": 1}


def record_digitization(session: Session, actors: list[Actor], projects: dict[str, int], year: int,
                        rng: np.random.Generator, *, unfinished: bool, scale: float = 1.0) -> None:
    """Batches that reach the final stage in ``year`` adding up to the year's output, each
    with its start/finish events per stage (and some rejections at the check stage); in the
    last year a few batches are still in the works."""
    for name, _category, unit, _target, start, _due, q2019, q2018 in PROJECTS:
        quantity = q2019 if year == 2019 else q2018 if year == 2018 else 0
        if quantity == 0:
            continue
        project_id = projects[name]
        stages = list(digi.project_stages(session, project_id))
        n = max(1, round(quantity / BATCH_SIZE[unit] * min(1.0, 10 * scale)))  # fewer batches in small builds
        sizes = allocate(quantity, rng.uniform(0.7, 1.3, n)) if n > 1 else np.array([quantity])
        first = max(dt.date(year, 1, 3), start)
        span = (dt.date(year, 12, 10) - first).days
        for k, size in enumerate(sizes):
            begin = first + dt.timedelta(days=int(span * k / len(sizes)))
            _batch_through(session, actors, project_id, f"{year}-{k + 1:03d}", int(size), stages, begin, rng,
                           year, complete=True)
        if unfinished and unit not in ("部",):
            for k in range(2):
                _batch_through(session, actors, project_id, f"{year}-W{k + 1}", int(BATCH_SIZE[unit]), stages,
                               dt.date(year, 12, 16 + 5 * k), rng, year, complete=False)


def _batch_through(session: Session, actors: list[Actor], project_id: int, label: str, size: int,
                   stages: list[DigitizationStage], begin: dt.date, rng: np.random.Generator, year: int, *,
                   complete: bool) -> None:
    actor = actors[int(rng.integers(0, len(actors)))]
    batch = digi.add_batch(session, actor, project_id, label, size)
    moment = at_local(begin, 9, 0)
    last_moment = at_local(dt.date(year, 12, 31), 17, 0)
    checks = [i for i, s in enumerate(stages) if s.is_check]
    rejected = False
    i = 0
    stop_at = len(stages) if complete else int(rng.integers(1, max(2, len(stages) - 1)))
    while i < stop_at:
        worker = actors[int(rng.integers(0, len(actors)))]
        moment = min(moment + dt.timedelta(hours=float(rng.uniform(1, 20))), last_moment)
        digi.start_stage(session, worker, batch.id, at=moment)
        moment = min(moment + dt.timedelta(hours=float(rng.uniform(2, 30))), last_moment)
        if i in checks and not rejected and rng.random() < 0.12:
            back = stages[i - 1]
            digi.reject_batch(session, worker, batch.id, back.id, "图像模糊、缺页，需重新加工", at=moment)
            rejected = True
            i -= 1
            continue
        digi.finish_stage(session, worker, batch.id, at=moment)
        i += 1


def room_point_ids(session: Session) -> dict[str, int]:
    return {n: i for n, i in session.execute(select(ServicePoint.name, ServicePoint.id).where(
        ServicePoint.kind == ServicePointKind.READING_ROOM))}
