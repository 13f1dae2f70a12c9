# datetime: dates, times, durations, arithmetic, formatting (naive; now() is UTC).
from datetime import date, datetime, timedelta, time, timezone
d = date(2024, 2, 28)
print(d, repr(d), d + timedelta(days=2), d - date(2023, 12, 25), d.weekday(), d.isoweekday(), d.toordinal())
print(date.fromordinal(738000), date.fromisoformat("2000-02-29"), d.replace(day=1), d.isocalendar(), date(2021, 1, 3).isocalendar())
print(d.strftime("%Y/%m/%d %a %A %b %B %j %y %w"), f"{d:%d.%m.%Y}", d < date(2024, 3, 1), d == date(2024, 2, 28))
td = timedelta(days=1, hours=2, minutes=3, seconds=4.5)
print(td, repr(td), td.total_seconds(), td * 2, td / 2, -td, abs(-td), td // timedelta(hours=1), timedelta(0), repr(timedelta(0)))
print(timedelta(weeks=1) > timedelta(days=6), timedelta(microseconds=-1), timedelta(days=-1, seconds=5))
dt = datetime(2024, 12, 31, 23, 59, 30, 500)
print(dt, repr(dt), dt + timedelta(seconds=45), dt - datetime(2024, 1, 1), dt.date(), dt.time(), dt.isoformat())
print(datetime.fromtimestamp(0), datetime.fromtimestamp(1700000000.25), datetime(2024, 1, 1).timestamp())
print(datetime.fromisoformat("2024-05-06T07:08:09.123"), datetime.fromisoformat("2024-05-06"), dt.strftime("%H:%M:%S.%f %p %I"))
print(datetime.combine(date(2020, 1, 2), time(3, 4)), time(12, 30), repr(time(1, 2, 3)), datetime(2020, 1, 1, tzinfo=timezone.utc))
print(sorted([datetime(2020, 5, 1), datetime(2019, 1, 1), datetime(2020, 1, 1, 12)]), type(datetime.now()).__name__)
for bad in [lambda: date(2023, 2, 29), lambda: date(2023, 13, 1), lambda: datetime(2020, 1, 1, 24)]:
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
