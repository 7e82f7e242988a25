"""Demonstration records for 2019 that add up to Changzhi City Library's reported figures
(488 activities, 12 culture and 9 health lectures, the 70th-anniversary series with 5,764
participants and 8,400 online views, 411 bookmobile trips, 826.5 volunteer hours, the
monthly web and LED figures, and 652,761 new holdings). Made through the services, so
every row is validated and audited like typed data. For demos and the statistics tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.errors import N_, Conflict
from workstation.models import Role
from workstation.models.collection import CollectionType
from workstation.models.outreach import Activity, ActivityCategory
from workstation.services.context import Actor, require_role
from workstation.services.outreach import activities as act
from workstation.services.outreach import bookmobile, holdings, metrics, volunteers
from workstation.services.outreach.summary import OutreachFigures, year_figures

YEAR = 2019
ACTIVITIES = 488
CULTURE_LECTURES = 12
HEALTH_LECTURES = 9
SERIES = "庆祝新中国成立70周年系列活动"
SERIES_PEOPLE = [1200, 900, 764, 1500, 1400]      # 5,764
SERIES_VIEWS = [2000, 1600, 1300, 1800, 1700]     # 8,400
TRIPS = 411
# 826.5 hours: (name, organisation, registered, hours per record, records)
VOLUNTEERS = [
    ("王芳", "长治学院", True, "3.5", 100),       # 350
    ("李强", "长治医学院", True, "4", 80),        # 320
    ("张敏", "", False, "2.5", 40),               # 100
    ("赵磊", "长治市第一中学", False, "1.5", 37),  # 55.5
    ("刘洋", "", False, "1", 1),                   # 1
]
MONTHS = range(1, 13)
METRICS = {
    "website_hits": [29_000] * 11 + [39_000],                         # 358,000
    "mobile_library_hits": [628_000] * 11 + [638_000],                # 7,546,000
    "led_days": [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],     # 365
    "wechat_followers": [18_000 + 400 * m for m in MONTHS],
}
NEW_HOLDINGS = {
    CollectionType.BOOK: 21_861,
    CollectionType.SERIAL: 8_102,
    CollectionType.AUDIOVISUAL: 12,
    CollectionType.E_DOCUMENT: 622_786,
}
OTHER_CATEGORIES = ["reading_promotion", "exhibition", "film", "training", "volunteer_service", "youth",
                    "blind", "disabled", "party_building", "other"]


def _day(n: int, total: int) -> dt.date:
    """The n-th of ``total`` dates spread over the year."""
    return dt.date(YEAR, 1, 2) + dt.timedelta(days=(n * 362) // max(total, 1))


def seed_2019(session: Session, actor: Actor) -> OutreachFigures:
    require_role(actor, Role.MANAGER)
    first, last = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    if session.scalar(select(func.count(Activity.id)).where(Activity.start_day.between(first, last))):
        raise Conflict(N_("The year {year} already has outreach records; the demonstration data is not added."),
                       year=YEAR)
    codes: dict[str, int] = {code: cid for code, cid in session.execute(
        select(ActivityCategory.code, ActivityCategory.id))}
    series = act.create_series(session, actor, SERIES, "全年围绕新中国成立70周年开展的系列活动")
    n = 0
    for i in range(CULTURE_LECTURES):
        act.record_activity(session, actor, act.ActivityInput(
            f"文化大讲堂第{i + 1}讲", codes["culture_lecture"], dt.date(YEAR, i + 1, 12), place="报告厅",
            participants=150 + i * 5))
        n += 1
    for i in range(HEALTH_LECTURES):
        act.record_activity(session, actor, act.ActivityInput(
            f"健康大讲堂第{i + 1}讲", codes["health_lecture"], dt.date(YEAR, i + 3, 22), place="报告厅",
            partners="和济医院", participants=120))
        n += 1
    for i, (people, views) in enumerate(zip(SERIES_PEOPLE, SERIES_VIEWS, strict=True)):
        act.record_activity(session, actor, act.ActivityInput(
            f"“我和我的祖国”主题活动（{i + 1}）", codes["reading_promotion"], dt.date(YEAR, 9, 20 + i),
            dt.date(YEAR, 10, 7), participants=people, online_views=views, series_id=series.id,
            chronicle=i == 0, chronicle_text="庆祝新中国成立70周年系列活动启动" if i == 0 else ""))
        n += 1
    rest = ACTIVITIES - n
    for i in range(rest):
        code = OTHER_CATEGORIES[i % len(OTHER_CATEGORIES)]
        act.record_activity(session, actor, act.ActivityInput(
            f"读者活动 {i + 1}", codes[code], _day(i, rest), participants=30 + i % 50))

    vehicles = bookmobile.list_vehicles(session)
    stops = [s for point in bookmobile.bookmobile_points(session) for s in point.stops if s.active]
    if vehicles and stops:
        for i in range(TRIPS):
            vehicle = vehicles[i % len(vehicles)]
            own = [s.id for s in stops if s.service_point_id == vehicle.service_point_id]
            bookmobile.record_trip(session, actor, _day(i // len(vehicles), (TRIPS + 1) // len(vehicles)),
                                   vehicle.id, [own[i % len(own)], own[(i + 3) % len(own)]],
                                   loans=68, returns=60, new_cards=1)

    for name, org, registered, hours, count in VOLUNTEERS:
        person = volunteers.create_volunteer(session, actor, name, org, registered)
        for i in range(count):
            volunteers.record_service(session, actor, person.id, _day(i, count), Decimal(hours), place="总馆")

    for code, values in METRICS.items():
        metric = metrics.definition_by_label(session, code)
        for month, value in zip(MONTHS, values, strict=True):
            metrics.enter_value(session, actor, metric.id, YEAR, month, value)

    # what the catalogue does not already hold for the year comes as dated acquisitions
    catalogued = holdings.new_holdings(session, YEAR)
    sources = {CollectionType.BOOK: "政府采购", CollectionType.SERIAL: "邮局订阅",
               CollectionType.AUDIOVISUAL: "采购", CollectionType.E_DOCUMENT: "中文数字资源数据库"}
    for kind, target in NEW_HOLDINGS.items():
        missing = target - catalogued[kind].total
        if missing > 0:
            holdings.record_acquisition(session, actor, dt.date(YEAR, 12, 20), kind, missing, sources[kind])
    return year_figures(session, YEAR)
