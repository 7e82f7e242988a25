"""The large tables of the demo, generated with numpy and written with ``executemany`` on
the SQLite connection: readers, items, loans, renewals, reading-room counts and daily
visitor totals.

Each row carries what the services would have written: aware UTC timestamps (stored the
way ``UTCDateTime`` stores them), the library-local day computed with ``timeutil``, the
service point (and bookmobile stop), and the staff member on duty.

How the figures come out believable:

* Loans of a desk are spread over its open days by weights (weekends busier; the youth
  desk peaks in the winter and summer school holidays) and over its opening hours.
* The bookmobile lends only on its trip days, at the two stops of each trip (morning and
  afternoon), and takes most of its returns back on later trips.
* Items are lent in turn from each desk's shelves (new books first), so no item is lent
  again before it comes back; each reader borrows at their own desk's shelves, long-time
  readers more often.
* About 11 % of loans are renewed once, at the desk, before they are due; renewals are
  rows of their own and never loans.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from workstation.demo.calendar import HOUR_WEIGHTS, HOURS, Trip, Year, allocate
from workstation.demo.targets import BOOKMOBILE, LENDING_DESKS, READING_ROOMS, YearTarget
from workstation.timeutil import LIBRARY_TZ

Progress = Callable[[str, float], None]
DESKS = (*LENDING_DESKS, BOOKMOBILE)
GENERAL, LITERATURE, YOUTH, MOBILE = range(4)
LOAN_DAYS = 30
TS_SQL = "strftime('%Y-%m-%d %H:%M:%S', ?, 'unixepoch') || '.000000'"  # UTCDateTime's SQLite form

SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜"
    "范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏晶辉建国志成斌宇浩然子轩梓涵欣怡雨婷佳琪博文晨")
CLC = {
    GENERAL: ["B84", "D63", "F27", "G25", "K20", "K29", "O13", "R16", "TP31", "TS97", "H31", "J21"],
    LITERATURE: ["I247.5", "I247.7", "I207.2", "I266", "I712.4", "I313.4", "I561.4", "I512.4"],
    YOUTH: ["I287.5", "I287.8", "G624", "Z228.1", "I712.85", "N49", "J228"],
    MOBILE: ["I247.5", "R16", "TS976", "K20", "I287.5", "G252"],
}
WORDS_A = ["太行", "上党", "长治", "山河", "春秋", "少年", "时光", "城市", "星空", "田野", "故乡", "江湖", "大地",
           "岁月", "云端", "草原", "海洋", "古城", "晨光", "远方"]
WORDS_B = ["故事", "记忆", "笔记", "简史", "漫谈", "传", "诗选", "概论", "指南", "百科", "札记", "往事", "之歌",
           "奇遇记", "研究", "读本"]


@dataclass
class Context:
    """Ids and state shared by the yearly steps."""

    points: dict[str, int]
    rooms: dict[str, int]
    stops: list[int]
    desk_staff: dict[int, list[int]]  # desk index → staff ids on duty in turn
    room_staff: list[int]
    rng_seed: int
    first_year: int
    years: list[int]
    scale: float
    readers_by_cat: dict[str, np.ndarray] = field(default_factory=dict)
    reader_reg_day: dict[str, np.ndarray] = field(default_factory=dict)
    cycles: dict[int, np.ndarray] = field(default_factory=dict)
    pointers: dict[int, int] = field(default_factory=dict)
    new_items: dict[int, dict[int, np.ndarray]] = field(default_factory=dict)  # year → desk → item ids
    trip_days: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # sorted ordinals
    next_loan_id: int = 1
    catalogued: dict[int, dict[str, int]] = field(default_factory=dict)  # year → kind → items

    def rng(self, *key: int) -> np.random.Generator:
        return np.random.default_rng([self.rng_seed, *key])


def midnight_epochs(first: int, last: int) -> np.ndarray:
    """UTC epoch seconds of each library-local midnight from ordinal ``first`` to ``last``."""
    out = np.empty(last - first + 1, dtype=np.int64)
    for i, o in enumerate(range(first, last + 1)):
        out[i] = int(dt.datetime.combine(dt.date.fromordinal(o), dt.time(0), tzinfo=LIBRARY_TZ).timestamp())
    return out


class Clock:
    """Library-local day + seconds → UTC epoch seconds, and ordinal → ISO date text."""

    def __init__(self, first_year: int, last_year: int) -> None:
        self.base = dt.date(first_year - 30, 1, 1).toordinal()
        self.last = dt.date(last_year + 1, 12, 31).toordinal()
        self.midnight = midnight_epochs(self.base, self.last)
        self.iso = [dt.date.fromordinal(o).isoformat() for o in range(self.base, self.last + 1)]

    def epoch(self, ordinal: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        out: np.ndarray = self.midnight[ordinal - self.base] + seconds
        return out

    def day_text(self, ordinal: np.ndarray) -> list[str]:
        iso = self.iso
        return [iso[o] for o in (ordinal - self.base).tolist()]


def _seconds(rng: np.random.Generator, n: int, hours: np.ndarray = HOURS,
             weights: np.ndarray = HOUR_WEIGHTS) -> np.ndarray:
    out: np.ndarray = rng.choice(hours, size=n, p=weights) * 3600 + rng.integers(0, 3600, size=n)
    return out


def _next_open(closed: set[int], base: int, last: int) -> np.ndarray:
    """next_open[o - base]: the first open day on or after ordinal o."""
    out = np.arange(base, last + 1)
    for i in range(out.size - 1, -1, -1):
        if int(out[i]) in closed and i + 1 < out.size:
            out[i] = out[i + 1]
    return out


# -- readers -------------------------------------------------------------------------------

CATEGORY_SHARE = {"adult": 0.695, "child": 0.28, "disabled": 0.015, "other": 0.01}


def _id_number(rng: np.random.Generator, birth: dt.date, k: int) -> str:
    body = f"140402{birth:%Y%m%d}{k % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def reader_rows(ctx: Context, clock: Clock, n: int, open_days: dict[int, np.ndarray]) -> Iterator[tuple[object, ...]]:
    """``n`` readers: 40 % registered before the first demo year, the rest spread over the
    years; ids in registration order. Fills ``ctx.readers_by_cat``."""
    rng = ctx.rng(1)
    cats = list(CATEGORY_SHARE)
    category = rng.choice(len(cats), size=n, p=list(CATEGORY_SHARE.values()))
    legacy = int(n * 0.4)
    first = dt.date(ctx.first_year, 1, 1).toordinal()
    reg_day = np.empty(n, dtype=np.int64)
    reg_day[:legacy] = rng.integers(first - 5 * 365, first, size=legacy)
    later = n - legacy
    per_year = allocate(later, np.ones(len(ctx.years)))
    pos = legacy
    for y, m in zip(ctx.years, per_year, strict=True):
        reg_day[pos:pos + m] = rng.choice(open_days[y], size=m)
        pos += m
    # a card made at the bookmobile is made on one of its trips; before the demo years (no
    # trips recorded) and after the last trip, the reader registered at a desk instead
    desk_pick = rng.choice(3, size=n, p=[0.5, 0.4, 0.1])  # general, literature, bookmobile
    child = category == cats.index("child")
    mobile = np.flatnonzero((desk_pick == 2) & ~child)
    desk_pick[child] = YOUTH
    trips = ctx.trip_days
    at = np.searchsorted(trips, reg_day[mobile]) if trips.size else np.zeros(mobile.size, dtype=np.int64)
    on_trip = (reg_day[mobile] >= first) & (at < trips.size)
    desk_pick[mobile[~on_trip]] = 0
    reg_day[mobile[on_trip]] = trips[at[on_trip]]
    desk_pick[mobile[on_trip]] = MOBILE
    order = np.argsort(reg_day, kind="stable")
    reg_day, category, desk_pick = reg_day[order], category[order], desk_pick[order]
    seconds = np.where(desk_pick == MOBILE, rng.integers(int(9.5 * 3600), int(16.5 * 3600), size=n),
                       _seconds(rng, n))
    epochs = clock.epoch(reg_day, seconds)
    ids = np.arange(1, n + 1)
    for c, name in enumerate(cats):
        mask = category == c
        ctx.readers_by_cat[name] = ids[mask]
        ctx.reader_reg_day[name] = reg_day[mask]
    points = [ctx.points[d] for d in DESKS]
    surname = rng.integers(0, len(SURNAMES), size=n)
    given1 = rng.integers(0, len(GIVEN), size=n)
    given2 = rng.integers(-len(GIVEN) // 2, len(GIVEN), size=n)
    phone = rng.integers(10_000_000, 99_999_999, size=n)
    prefix = rng.choice(["139", "138", "137", "159", "158", "186", "188", "135", "152"], size=n)
    reg_text = clock.day_text(reg_day)
    for i in range(n):
        cat = cats[int(category[i])]
        reg = dt.date.fromisoformat(reg_text[i])
        birth_year = reg.year - 6 - int(i % 10) if cat == "child" else reg.year - 18 - int(i % 55)
        point = points[int(desk_pick[i])]
        birth = dt.date(birth_year, 1 + i % 12, 1 + i % 28)
        g2 = int(given2[i])
        name = SURNAMES[surname[i]] + GIVEN[given1[i]] + (GIVEN[g2] if g2 >= 0 else "")
        valid = dt.date(2028, 12, 31) + dt.timedelta(days=i % 365)
        yield (i + 1, f"0401{i + 1:08d}", name, cat, "resident_id", _id_number(rng, birth, i),
               f"{prefix[i]}{phone[i]}", point, int(epochs[i]), valid.isoformat())


READER_SQL = ("INSERT INTO reader (id, card_number, name, category, id_type, id_number, phone, registered_point_id, "
              f"registered_at, valid_until, status, deposit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, {TS_SQL}, ?, 'active', 0)")


# -- items ---------------------------------------------------------------------------------

ITEM_SHARE = (0.33, 0.32, 0.30, 0.05)  # general, literature, youth, bookmobile shelves


def _isbn(k: int) -> str:
    body = f"9787{5000_0000 + k % 4000_0000:08d}"
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def item_rows(ctx: Context, clock: Clock, n_total: int, books: dict[int, int], av: dict[int, int],
              open_days: dict[int, np.ndarray]) -> Iterator[tuple[object, ...]]:
    """Legacy items catalogued before the demo years, then each year's new books and
    audiovisual items (new holdings). Sets up each desk's lending cycle."""
    rng = ctx.rng(2)
    new_total = sum(books.values()) + sum(av.values())
    legacy = max(n_total - new_total, 400)
    first = dt.date(ctx.first_year, 1, 1).toordinal()
    desk = rng.choice(4, size=legacy, p=ITEM_SHARE)
    days = np.sort(rng.integers(first - 15 * 365, first, size=legacy))
    kinds = ["book"] * legacy
    item_id = 1
    plan: list[tuple[np.ndarray, np.ndarray, list[str]]] = [(desk, days, kinds)]
    for d in range(4):
        ids = np.arange(1, legacy + 1)[desk == d]
        ctx.cycles[d] = rng.permutation(ids)
        ctx.pointers[d] = 0
    item_id = legacy + 1
    for y in ctx.years:
        nb, na = books.get(y, 0), av.get(y, 0)
        y_desk = np.concatenate([rng.choice(4, size=nb, p=ITEM_SHARE), np.zeros(na, dtype=np.int64)])
        y_days = np.sort(rng.choice(open_days[y], size=nb + na))
        ids = np.arange(item_id, item_id + nb + na)
        kind_list = ["book"] * nb + ["audiovisual"] * na
        shuffle = rng.permutation(nb + na)
        y_desk, kind_list = y_desk[shuffle], [kind_list[int(j)] for j in shuffle]
        ctx.new_items[y] = {d: ids[(y_desk == d) & np.array([k == "book" for k in kind_list], dtype=bool)]
                            for d in range(4)}
        ctx.catalogued[y] = {"book": nb, "audiovisual": na}
        plan.append((y_desk, y_days, kind_list))
        item_id += nb + na
    points = [ctx.points[d] for d in DESKS]
    k = 0
    for desks, day_arr, kind_list in plan:
        secs = rng.integers(9 * 3600, 17 * 3600, size=day_arr.size)
        epochs = clock.epoch(day_arr, secs)
        a = rng.integers(0, len(WORDS_A), size=day_arr.size)
        b = rng.integers(0, len(WORDS_B), size=day_arr.size)
        who = rng.integers(0, len(SURNAMES), size=day_arr.size)
        for j in range(day_arr.size):
            k += 1
            d = int(desks[j])
            clc = CLC[d][k % len(CLC[d])]
            kind = kind_list[j]
            title = f"{WORDS_A[a[j]]}{WORDS_B[b[j]]}" + (f"（第{k % 7 + 1}卷）" if k % 5 == 0 else "")
            if kind == "audiovisual":
                title = f"{title}（光盘）"
            author = SURNAMES[who[j]] + GIVEN[(k * 7) % len(GIVEN)] + GIVEN[(k * 3) % len(GIVEN)]
            yield (k, f"C{k:09d}", title, author, _isbn(k), f"{clc}/{k % 9000 + 100}", clc, kind, points[d],
                   int(epochs[j]))


ITEM_SQL = ("INSERT INTO item (id, barcode, title, author, isbn, call_number, clc_class, collection_type, "
            f"home_point_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'available', {TS_SQL})")


def records_for_items(con: sqlite3.Connection) -> int:
    """One bibliographic record (书目) per demo item (each has its own ISBN), with the
    item's title, author, ISBN and call number; the item points to it."""
    con.execute("INSERT INTO bib_record (id, control_number, title, responsibility, isbn, price_text, publisher, "
                "place, pub_year, clc_class, call_number, pinyin, created_at, updated_at) "
                "SELECT id, '', title, author, isbn, '', '', '', '', clc_class, call_number, '', created_at, "
                "created_at FROM item")
    con.execute("UPDATE item SET record_id = id")
    return int(con.execute("SELECT count(*) FROM bib_record").fetchone()[0])


# -- loans and renewals --------------------------------------------------------------------

@dataclass
class YearLoans:
    rows: list[tuple[object, ...]]
    renewals: list[tuple[object, ...]]
    open_items: list[int]


LOAN_SQL = (
    "INSERT INTO loan (id, item_id, reader_id, service_point_id, stop_id, staff_id, lent_at, local_day, due_date, "
    "renewal_count, returned_at, return_local_day, return_point_id, return_stop_id, return_staff_id) "
    f"VALUES (?, ?, ?, ?, ?, ?, {TS_SQL}, ?, ?, ?, {TS_SQL}, ?, ?, ?, ?)")
RENEWAL_SQL = ("INSERT INTO renewal (loan_id, number, service_point_id, stop_id, staff_id, renewed_at, local_day, "
               f"old_due, new_due) VALUES (?, 1, ?, NULL, ?, {TS_SQL}, ?, ?, ?)")

READER_MIX = {  # desk → category → share of its loans
    GENERAL: {"adult": 0.93, "child": 0.03, "disabled": 0.025, "other": 0.015},
    LITERATURE: {"adult": 0.94, "child": 0.03, "disabled": 0.02, "other": 0.01},
    YOUTH: {"child": 0.9, "adult": 0.1},
    MOBILE: {"adult": 0.78, "child": 0.2, "disabled": 0.02},
}


def _take_items(ctx: Context, desk: int, n: int) -> np.ndarray:
    cycle = ctx.cycles[desk]
    if cycle.size == 0:
        raise ValueError("no items on a desk's shelves: build with more items")
    p = ctx.pointers[desk]
    idx = (p + np.arange(n)) % cycle.size
    ctx.pointers[desk] = int((p + n) % cycle.size)
    return cycle[idx]


def _add_new_items(ctx: Context, year: int) -> None:
    """Books catalogued last year join each desk's cycle right at its pointer: lent first."""
    for d, ids in ctx.new_items.get(year - 1, {}).items():
        if ids.size:
            p = ctx.pointers[d]
            ctx.cycles[d] = np.concatenate([ctx.cycles[d][:p], ids, ctx.cycles[d][p:]])


def _pick_readers(ctx: Context, rng: np.random.Generator, desk: int, n: int, year_start: int) -> np.ndarray:
    mix = READER_MIX[desk]
    cats = [c for c in mix if ctx.readers_by_cat.get(c) is not None and ctx.readers_by_cat[c].size]
    shares = np.array([mix[c] for c in cats])
    which = rng.choice(len(cats), size=n, p=shares / shares.sum())
    out = np.empty(n, dtype=np.int64)
    for c_i, c in enumerate(cats):
        mask = which == c_i
        m = int(mask.sum())
        if not m:
            continue
        registered = int(np.searchsorted(ctx.reader_reg_day[c], year_start))
        pool = max(registered, min(50, ctx.readers_by_cat[c].size))
        # long-time readers borrow more: a skewed draw over the registration order
        pick = np.floor(pool * rng.random(m) ** 1.6).astype(np.int64)
        out[mask] = ctx.readers_by_cat[c][pick]
    return out


def year_loans(ctx: Context, clock: Clock, year: Year, goal: YearTarget, trips: list[Trip],
               closed: set[int], last_year: bool) -> YearLoans:
    rng = ctx.rng(10, year.year)
    _add_new_items(ctx, year.year)
    year_start = int(year.ordinal[0])
    year_end = int(year.ordinal[-1])
    next_open = _next_open(closed, clock.base, clock.last)
    trip_days = np.array([t.day.toordinal() for t in trips], dtype=np.int64)
    parts: list[dict[str, np.ndarray]] = []
    for d, name in enumerate(DESKS):
        n = goal.loans.get(name, 0)
        if n == 0:
            continue
        if d == MOBILE:
            if not trips:
                raise ValueError(f"{year.year}: bookmobile loans without trips")
            per_trip = allocate(n, rng.lognormal(0, 0.25, size=len(trips)))
            trip_idx = np.repeat(np.arange(len(trips)), per_trip)
            day = trip_days[trip_idx]
            morning = rng.random(n) < 0.5
            stop = np.array([ctx.stops[t.stops[0]] for t in trips])[trip_idx]
            stop_pm = np.array([ctx.stops[t.stops[1]] for t in trips])[trip_idx]
            stop = np.where(morning, stop, stop_pm)
            secs = np.where(morning, rng.integers(int(9.5 * 3600), int(11.5 * 3600), size=n),
                            rng.integers(int(14.5 * 3600), int(16.5 * 3600), size=n))
        else:
            kind = "youth" if d == YOUTH else "adult"
            counts = allocate(n, year.weights(kind, rng))
            day = np.repeat(year.open_days(), counts)
            secs = _seconds(rng, n)
            stop = np.full(n, -1, dtype=np.int64)
        order = np.lexsort((secs, day))
        day, secs, stop = day[order], secs[order], stop[order]
        parts.append({"desk": np.full(n, d), "day": day, "secs": secs, "stop": stop,
                      "item": _take_items(ctx, d, n), "reader": _pick_readers(ctx, rng, d, n, year_start)})
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.lexsort((cols["secs"], cols["day"]))
    cols = {k: v[order] for k, v in cols.items()}
    n = cols["day"].size
    desk, day, secs = cols["desk"], cols["day"], cols["secs"]
    lent = clock.epoch(day, secs)
    due = next_open[day + LOAN_DAYS - clock.base]
    # renewals: at the desk, 18–29 days after the loan, for loans made early enough
    chosen = []
    for d, name in enumerate(DESKS):
        wanted = goal.renewals_by_desk.get(name, 0)
        eligible = np.flatnonzero((desk == d) & (day <= year_end - 40))
        if wanted > eligible.size:
            raise ValueError(f"{year.year}: too many renewals for the loans of {name}")
        chosen.append(rng.choice(eligible, size=wanted, replace=False))
    renewed = np.sort(np.concatenate(chosen))
    renew_n = renewed.size
    r_day = next_open[day[renewed] + rng.integers(18, 30, size=renew_n) - clock.base]
    r_secs = _seconds(rng, renew_n)
    new_due = due.copy()
    new_due[renewed] = next_open[due[renewed] + LOAN_DAYS - clock.base]
    renewal_count = np.zeros(n, dtype=np.int64)
    renewal_count[renewed] = 1
    # returns: mostly within the loan period, some late
    keep = np.minimum(np.ceil(rng.gamma(2.2, 8.0, size=n)).astype(np.int64) + 1, 75)
    back_day = day + keep
    back_day[renewed] = r_day + rng.integers(3, 31, size=renew_n)
    back_day = next_open[np.minimum(back_day, clock.last) - clock.base]
    back_point = desk.copy()
    back_stop = np.full(n, -1, dtype=np.int64)
    elsewhere = rng.random(n) < 0.12
    back_point[elsewhere & (desk != YOUTH)] = GENERAL
    mobile = np.flatnonzero(desk == MOBILE)
    if mobile.size:
        # most bookmobile loans come back on a later trip; the rest at the general desk
        on_trip = rng.random(mobile.size) < 0.7
        pos = np.searchsorted(trip_days, back_day[mobile])
        has_trip = on_trip & (pos < trip_days.size)
        pos = np.minimum(pos, max(trip_days.size - 1, 0))
        back_point[mobile] = np.where(has_trip, MOBILE, GENERAL)
        back_day[mobile] = np.where(has_trip, trip_days[pos], back_day[mobile])
        trip_stop = np.array([ctx.stops[t.stops[0]] for t in trips])
        back_stop[mobile] = np.where(has_trip, trip_stop[pos], -1)
    back_secs = np.where(back_point == MOBILE, rng.integers(int(9.5 * 3600), int(11.5 * 3600), size=n),
                         _seconds(rng, n))
    back_secs = np.where(back_day == day, np.maximum(back_secs, secs + 600), back_secs)
    returned = clock.epoch(back_day, back_secs)
    open_loan = back_day > year_end if last_year else np.zeros(n, dtype=bool)
    # an item lent again before its open loan came back cannot be: that loan was returned
    if last_year:
        items_open = cols["item"][open_loan]
        _, first_pos = np.unique(items_open[::-1], return_index=True)
        unique_open = np.zeros(items_open.size, dtype=bool)
        unique_open[items_open.size - 1 - first_pos] = True
        open_idx = np.flatnonzero(open_loan)
        fix = open_idx[~unique_open]
        open_loan[fix] = False
        back_day[fix] = year_end
        back_secs[fix] = np.maximum(19 * 3600, secs[fix] + 600)
        returned[fix] = clock.epoch(back_day[fix], back_secs[fix])
    staff = _staff(ctx, desk, day, secs)
    back_staff = _staff(ctx, back_point, back_day, back_secs)
    points = np.array([ctx.points[d] for d in DESKS])
    ids = np.arange(ctx.next_loan_id, ctx.next_loan_id + n)
    ctx.next_loan_id += n
    day_text, due_text, back_text = clock.day_text(day), clock.day_text(new_due), clock.day_text(back_day)
    rows: list[tuple[object, ...]] = []
    L = (ids.tolist(), cols["item"].tolist(), cols["reader"].tolist(), points[desk].tolist(),  # noqa: N806
         cols["stop"].tolist(), staff.tolist(), lent.tolist(), renewal_count.tolist(), returned.tolist(),
         points[back_point].tolist(), back_stop.tolist(), back_staff.tolist(), open_loan.tolist())
    for i in range(n):
        is_open = L[12][i]
        stop_id = L[4][i] if L[4][i] >= 0 else None
        rows.append((L[0][i], L[1][i], L[2][i], L[3][i], stop_id, L[5][i], L[6][i], day_text[i], due_text[i],
                     L[7][i],
                     None if is_open else L[8][i], None if is_open else back_text[i],
                     None if is_open else L[9][i],
                     None if is_open or L[10][i] < 0 else L[10][i],
                     None if is_open else L[11][i]))
    r_epoch = clock.epoch(r_day, r_secs)
    r_staff = _staff(ctx, desk[renewed], r_day, r_secs)
    r_day_text, old_text, new_text = clock.day_text(r_day), clock.day_text(due[renewed]), clock.day_text(
        new_due[renewed])
    renewals: list[tuple[object, ...]] = [
        (int(ids[j]), int(points[desk[j]]), int(r_staff[k]), int(r_epoch[k]), r_day_text[k], old_text[k], new_text[k])
        for k, j in enumerate(renewed.tolist())]
    return YearLoans(rows, renewals, cols["item"][open_loan].tolist())


def _staff(ctx: Context, desk: np.ndarray, day: np.ndarray, secs: np.ndarray) -> np.ndarray:
    """Two librarians per desk: one in the morning, one in the afternoon, swapping daily."""
    shift = (day + (secs >= 13 * 3600)) % 2
    table = np.array([ctx.desk_staff[d] for d in range(4)])
    return np.asarray(table[desk, shift])


# -- reading rooms and visitors ------------------------------------------------------------

SESSIONS = {  # room kind → (local hour:minute of each count, share of the day's readers)
    "long": ((dt.time(10, 30), dt.time(15, 30), dt.time(19, 30)), (0.42, 0.4, 0.18)),
    "day": ((dt.time(10, 30), dt.time(15, 30)), (0.5, 0.5)),
}


def head_count_rows(ctx: Context, clock: Clock, year: Year, goal: YearTarget) -> list[tuple[object, ...]]:
    rng = ctx.rng(20, year.year)
    rows: list[tuple[object, ...]] = []
    for r, room in enumerate(READING_ROOMS):
        total = goal.reading.get(room, 0)
        if room not in ctx.rooms or total == 0:
            continue
        counts = allocate(total, year.weights("youth" if room == "青少年阅览室" else "quiet", rng))
        kind = "day" if room in ("古籍阅览室", "地方文献阅览室", "电子阅览室") else "long"
        times, shares = SESSIONS[kind]
        days = year.open_days()
        day_text = clock.day_text(days)
        staff = ctx.room_staff[r % len(ctx.room_staff)]
        midnight = clock.epoch(days, np.zeros(days.size, dtype=np.int64)).tolist()
        offsets = [t.hour * 3600 + t.minute * 60 for t in times]
        for i, c in enumerate(counts.tolist()):
            split = allocate(int(c), np.array(shares)).tolist() if c else [0] * len(times)
            for off, n in zip(offsets, split, strict=True):
                epoch = midnight[i] + off
                rows.append((ctx.rooms[room], day_text[i], epoch, n, "typed" if n else "empty", staff, epoch))
    return rows


HEAD_COUNT_SQL = ("INSERT INTO head_count (room_id, local_day, counted_at, count, method, staff_id, entered_at, note) "
                  f"VALUES (?, ?, {TS_SQL}, ?, ?, ?, {TS_SQL}, '')")


def visitor_rows(ctx: Context, clock: Clock, year: Year, goal: YearTarget) -> list[tuple[object, ...]]:
    rng = ctx.rng(30, year.year)
    days = year.open_days()
    counts = allocate(goal.visitors, year.weights("adult", rng))
    entered = clock.epoch(days + 1, np.full(days.size, 8 * 3600 + 40 * 60))
    staff = ctx.room_staff[0]
    return [(d, int(c), "imported", staff, int(e), "入口闸机计数日报")
            for d, c, e in zip(clock.day_text(days), counts.tolist(), entered.tolist(), strict=True)]


VISITOR_SQL = ("INSERT INTO visitor_day (local_day, count, method, staff_id, entered_at, note) "
               f"VALUES (?, ?, ?, ?, {TS_SQL}, ?)")


def executemany(con: sqlite3.Connection, sql: str, rows: Iterable[tuple[object, ...]], chunk: int = 50_000,
                progress: Callable[[int], None] | None = None) -> int:
    """Insert in chunks, reporting the rows written so far."""
    total = 0
    batch: list[tuple[object, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == chunk:
            con.executemany(sql, batch)
            total += len(batch)
            batch.clear()
            if progress is not None:
                progress(total)
    if batch:
        con.executemany(sql, batch)
        total += len(batch)
        if progress is not None:
            progress(total)
    return total
