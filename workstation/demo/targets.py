"""The figures the demo database must reproduce, year by year.

``SEED_2019`` is Changzhi City Library's 2019 table (业务统计, ``docs`` domain page). Other
years are derived from it: 2018 a few percent lower; loans a little higher in the early
2010s, before digital reading grew; the bookmobile only from its start in January 2013.
A *scale* shrinks the figures that are stored row by row (loans, renewals, reading-room
counts, visitors) for fast tests. Every figure of a ``YearTarget`` is exact: the generator
makes records that add up to it, and the tests compare the program's statistics with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

LENDING_DESKS = ("综合借阅处", "文学借阅处", "青少年图书借阅处")
BOOKMOBILE = "流动图书车"
READING_ROOMS = ("期刊阅览室", "报纸阅览室", "青少年阅览室", "古籍阅览室", "地方文献阅览室", "电子阅览室")
HOLDING_TYPES = ("book", "serial", "audiovisual", "e_document")
BOOKMOBILE_START = dt.date(2013, 1, 9)  # “流动服务车进社区”正式启动
LAST_YEAR = 2019

# The five digitization projects (name, category, unit, target, start, due, 2019 output, 2018 output)
PROJECTS = (
    ("政府公开信息数字化", "政府信息", "条", 20_000, dt.date(2018, 3, 1), dt.date(2020, 12, 31), 8_000, 6_000),
    ("地方文献数字化", "地方文献", "页", 150_000, dt.date(2018, 1, 2), dt.date(2021, 6, 30), 54_000, 40_000),
    ("地方报纸数字化", "地方报纸", "版", 40_000, dt.date(2018, 5, 1), dt.date(2020, 12, 31), 15_000, 9_000),
    ("公开课制作", "公开课", "节", 120, dt.date(2019, 3, 1), dt.date(2020, 6, 30), 90, 0),
    ("图书馆宣传片制作", "宣传片", "部", 2, dt.date(2019, 5, 6), dt.date(2019, 12, 31), 2, 0),
)


@dataclass(frozen=True)
class YearTarget:
    year: int
    new_holdings: dict[str, int]          # 图书/报刊/视听资料/电子文献 by collection type value
    loans: dict[str, int]                 # service point name → initial loans (renewals not counted)
    renewals: int
    reading: dict[str, int]               # reading room → attendance
    visitors: int
    activities: int
    culture_lectures: int
    health_lectures: int
    bookmobile_trips: int
    website_hits: int
    mobile_hits: int
    led_days: int
    volunteer_hours: Decimal
    digitization: dict[str, int] = field(default_factory=dict)  # project → quantity done in the year

    @property
    def renewals_by_desk(self) -> dict[str, int]:
        """Renewals are made at the lending desks (the bookmobile does not renew), in
        proportion to their loans, largest remainder first."""
        desks = [d for d in LENDING_DESKS if self.loans.get(d)]
        total = sum(self.loans[d] for d in desks)
        if not total:
            return {}
        shares = {d: self.renewals * self.loans[d] / total for d in desks}
        out = {d: int(v) for d, v in shares.items()}
        for d in sorted(desks, key=lambda d: -(shares[d] - out[d]))[:self.renewals - sum(out.values())]:
            out[d] += 1
        return {d: n for d, n in out.items() if n}

    @property
    def loans_total(self) -> int:
        return sum(self.loans.values())

    @property
    def reading_total(self) -> int:
        return sum(self.reading.values())

    @property
    def new_holdings_total(self) -> int:
        return sum(self.new_holdings.values())


SEED_2019 = YearTarget(
    year=2019,
    new_holdings={"book": 21_861, "serial": 8_102, "audiovisual": 12, "e_document": 622_786},
    loans={"综合借阅处": 92_220, "文学借阅处": 132_926, "青少年图书借阅处": 156_854, "流动图书车": 28_000},
    renewals=45_100,  # not in the report: about 11 % of loans, counted apart (ISO 2789)
    reading={"期刊阅览室": 38_644, "报纸阅览室": 57_251, "青少年阅览室": 18_606, "古籍阅览室": 11_793,
             "地方文献阅览室": 11_578, "电子阅览室": 5_254},
    visitors=500_000,  # the report's “50 万余”
    activities=488,
    culture_lectures=12,
    health_lectures=9,
    bookmobile_trips=411,
    website_hits=358_000,
    mobile_hits=7_546_000,
    led_days=365,
    volunteer_hours=Decimal("826.5"),
    digitization={p[0]: p[6] for p in PROJECTS},
)


def _days_in_year(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def _shrink(value: int, factor: float) -> int:
    return round(value * factor)


def full_target(year: int) -> YearTarget:
    """The full-size target of ``year``: the seed's table for 2019, a few percent less for
    each year before (the e-resources and the mobile library grow faster)."""
    if year == LAST_YEAR:
        return SEED_2019
    if year > LAST_YEAR or year < 2000:
        raise ValueError(f"the demo covers 2000–{LAST_YEAR}, not {year}")
    back = LAST_YEAR - year
    s = SEED_2019
    bookmobile = year >= BOOKMOBILE_START.year
    # loans dipped in 2018 and grew back in 2019; before, they had declined slowly since 2010
    f_loans = 0.97 * 1.012 ** (back - 1)
    loans = {name: _shrink(v, f_loans * (1 - 0.004 * back * i)) for i, (name, v) in enumerate(s.loans.items())
             if name != BOOKMOBILE}
    loans[BOOKMOBILE] = _shrink(s.loans[BOOKMOBILE], 0.93 ** back) if bookmobile else 0
    half_hours = int(s.volunteer_hours * 2)
    return YearTarget(
        year=year,
        new_holdings={"book": _shrink(s.new_holdings["book"], 0.97 ** back),
                      "serial": _shrink(s.new_holdings["serial"], 0.99 ** back),
                      "audiovisual": max(0, s.new_holdings["audiovisual"] + (back % 3) - 1),
                      "e_document": _shrink(s.new_holdings["e_document"], 0.8 ** back)},
        loans=loans,
        renewals=_shrink(s.renewals, f_loans),
        reading={name: _shrink(v, 0.975 ** back) for name, v in s.reading.items()},
        visitors=_shrink(s.visitors, 0.97 ** back),
        activities=_shrink(s.activities, 0.94 ** back),
        culture_lectures=12 if year >= 2012 else 0,
        health_lectures=max(0, 9 - back),
        bookmobile_trips=_shrink(s.bookmobile_trips, 0.96 ** back) if bookmobile else 0,
        website_hits=_shrink(s.website_hits, 0.95 ** back),
        mobile_hits=_shrink(s.mobile_hits, 0.7 ** back),
        led_days=_days_in_year(year),
        volunteer_hours=Decimal(_shrink(half_hours, 0.92 ** back)) / 2 if year >= 2015 else Decimal("0.0"),
        digitization={p[0]: (p[7] if year == LAST_YEAR - 1 else 0) for p in PROJECTS},
    )


def scaled(target: YearTarget, scale: float) -> YearTarget:
    """Shrink what is stored row by row (loans, renewals, reading counts, visitors); keep the
    rest, which the services record one by one anyway."""
    if scale == 1:
        return target
    return replace(
        target,
        loans={k: _shrink(v, scale) for k, v in target.loans.items()},
        renewals=_shrink(target.renewals, scale),
        reading={k: _shrink(v, scale) for k, v in target.reading.items()},
        visitors=_shrink(target.visitors, scale),
    )


def target(year: int, scale: float = 1.0) -> YearTarget:
    return scaled(full_target(year), scale)


def demo_years(years: int) -> list[int]:
    if not 1 <= years <= LAST_YEAR - 2000 + 1:
        raise ValueError("years: between 1 and 20")
    return list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))


HOLDING_LABELS = {"book": "图书", "serial": "报刊", "audiovisual": "视听资料", "e_document": "电子文献"}
Table = dict[str, tuple[int | Decimal, dict[str, int]]]


def as_table(goal: YearTarget) -> Table:
    """The target as the yearly statistics show it: figure key → (value, breakdown by label)."""
    return {
        "new_holdings": (goal.new_holdings_total, {HOLDING_LABELS[k]: v for k, v in goal.new_holdings.items()}),
        "loans": (goal.loans_total, {k: v for k, v in goal.loans.items() if v}),
        "renewals": (goal.renewals, goal.renewals_by_desk),
        "reading": (goal.reading_total, dict(goal.reading)),
        "visitors": (goal.visitors, {}),
        "activities": (goal.activities, {}),
        "culture_lectures": (goal.culture_lectures, {}),
        "health_lectures": (goal.health_lectures, {}),
        "bookmobile_trips": (goal.bookmobile_trips, {}),
        "website_hits": (goal.website_hits, {}),
        "mobile_hits": (goal.mobile_hits, {}),
        "led_days": (goal.led_days, {}),
        "volunteer_hours": (goal.volunteer_hours, {}),
    }


# -- the county branches (总分馆) ------------------------------------------------------------

@dataclass(frozen=True)
class Branch:
    """A county library of the demo city: its lending desk and reading room, and the size of
    its year. A branch is much smaller than the central library; its figures are not in the
    annual report (which is the central library's), so they are sized like a county library's."""

    code: str
    name: str
    desk: str
    room: str
    seats: int
    region: str             # the county's code: the first six digits of its readers' ID numbers
    loans_2019: int
    reading_2019: int
    new_books_2019: int     # books catalogued in 2019 (items of its own)
    readers_per_year: int   # readers registered, per demo year (40 % of them before the first)
    items_per_year: int     # items held before the demo years, per demo year
    staff: tuple[tuple[str, str], ...]
    visitors_2019: int      # its entrance gate counter's visitors in 2019
    gate: str               # the counter's name


BRANCHES = (
    # 襄垣县图书馆 hosted the city's 2019 training on the central-and-branch system
    Branch("XY", "襄垣县图书馆", "襄垣县图书馆外借部", "襄垣县图书馆阅览室", 80, "140423", 36_000, 9_600, 2_400,
           2_500, 12_000, (("xy-hanli", "韩丽"), ("xy-niujianjun", "牛建军")), 86_000, "襄垣县图书馆正门"),
    Branch("ZZ", "长子县图书馆", "长子县图书馆外借部", "长子县图书馆阅览室", 60, "140428", 21_000, 6_200, 1_600,
           1_600, 7_500, (("zz-shenxiaoyan", "申晓燕"), ("zz-guozhiqiang", "郭志强")), 54_000, "长子县图书馆正门"),
)
BRANCH_RENEWAL_SHARE = 0.08  # a county library renews less than the city's (about 11 %)


@dataclass(frozen=True)
class BranchTarget:
    """A branch's exact figures of one year: what its records add up to."""

    year: int
    loans: int
    renewals: int
    reading: int
    new_books: int
    visitors: int


def branch_target(branch: Branch, year: int, scale: float = 1.0) -> BranchTarget:
    """A branch's year: loans follow the central library's trend from 2019, reading rooms
    and new books the same yearly change as the central library's, visitors the central
    library's yearly change (3 %); ``scale`` shrinks the
    row-by-row figures as ``target`` does (and the books, as the central catalogue does)."""
    full = full_target(year)
    back = LAST_YEAR - year
    loans = _shrink(_shrink(branch.loans_2019, full.loans_total / SEED_2019.loans_total), scale)
    return BranchTarget(
        year=year,
        loans=loans,
        renewals=round(loans * BRANCH_RENEWAL_SHARE),
        reading=_shrink(_shrink(branch.reading_2019, 0.975 ** back), scale),
        new_books=_shrink(_shrink(branch.new_books_2019, 0.97 ** back), scale),
        visitors=_shrink(_shrink(branch.visitors_2019, 0.97 ** back), scale),
    )
