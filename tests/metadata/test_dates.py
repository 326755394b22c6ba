"""Tests for scrapeclean.metadata.dates.find_date."""

from __future__ import annotations

import time

import pytest

from scrapeclean.metadata.dates import MONTHS, DateFound, find_date

# (line, iso, is_dateline)
DATELINES = [
    ("25 August 2025 04:23", "2025-08-25T04:23", True),
    ("25 August 2025", "2025-08-25", True),
    ("25. August 2025", "2025-08-25", True),
    ("August 25, 2025", "2025-08-25", True),
    ("Aug 25 2025", "2025-08-25", True),
    ("25 Aug. 2025", "2025-08-25", True),
    ("Nov 19th, 2019", "2019-11-19", True),
    ("Published: 3 March 2021", "2021-03-03", True),
    ("Updated: 10:31, 25 Aug 2025", "2025-08-25T10:31", True),
    ("Posted on March 3, 2021", "2021-03-03", True),
    ("March 3, 2021 at 4:23 PM", "2021-03-03T16:23", True),
    ("Tue, 19 Nov 2019 22:31:00 GMT", "2019-11-19T22:31", True),
    ("Monday, 25 August 2025 | 12:00 CET", "2025-08-25T12:00", True),
    ("2019-11-19T22:31:00Z", "2019-11-19T22:31", True),
    ("2019-11-19T22:31:00+03:00", "2019-11-19T22:31", True),
    ("2025-08-25", "2025-08-25", True),
    ("2025-08-25 04:23:10", "2025-08-25T04:23", True),
    ("2025/08/25", "2025-08-25", True),
    ("25.08.2025", "2025-08-25", True),
    ("25.08.2025 14:05", "2025-08-25T14:05", True),
    ("12:45 | 25.08.2025", "2025-08-25T12:45", True),
    ("25/08/2025", "2025-08-25", True),
    ("08/25/2025", "2025-08-25", True),
    ("25-08-2025", "2025-08-25", True),
    ("25.08.25", "2025-08-25", True),
    ("Stand: 25.08.2025, 14:05 Uhr", "2025-08-25T14:05", True),
    ("Veröffentlicht am 25. August 2025 um 10.31 Uhr", "2025-08-25T10:31", True),
    ("Aktualisiert am 3. März 2021", "2021-03-03", True),
    ("Publié le 3 mars 2021 à 10h31", "2021-03-03T10:31", True),
    ("Mis à jour le 1er février 2024", "2024-02-01", True),
    ("25 de agosto de 2025", "2025-08-25", True),
    ("Publicado el 3 de marzo de 2021 a las 10:31", "2021-03-03T10:31", True),
    ("Pubblicato il 25 agosto 2025 alle 04:23", "2025-08-25T04:23", True),
    ("3 de março de 2021", "2021-03-03", True),
    ("25 augustus 2025", "2025-08-25", True),
    ("Opublikowano: 25 sierpnia 2025 r.", "2025-08-25", True),
    ("Опубликовано: 25 августа 2025 г., 04:23", "2025-08-25T04:23", True),
    ("25 августа 2025", "2025-08-25", True),
    ("Опубліковано 25 серпня 2025 о 04:23", "2025-08-25T04:23", True),
    ("25 Ağustos 2025 Pazartesi", "2025-08-25", True),
    ("25 avqust 2025", "2025-08-25", True),
    ("25 İyun 2025", "2025-06-25", True),
    ("25. srpna 2025", "2025-08-25", True),
    ("25 augusti 2025", "2025-08-25", True),
    ("25. elokuuta 2025 klo 10.31", "2025-08-25T10:31", True),
    ("2025. augusztus 25.", "2025-08-25", True),
    ("25 august 2025", "2025-08-25", True),
    ("25 martie 2025", "2025-03-25", True),
    ("2025年8月25日", "2025-08-25", True),
    ("发布时间：2025年8月25日 04:23", "2025-08-25T04:23", True),
    ("2025년 8월 25일", "2025-08-25", True),
    ("Published 25 Aug 2025 · Updated 26 Aug 2025 14:00 GMT+3", "2025-08-25", True),
    ("25. marts 2025", "2025-03-25", True),
    ("Publisert 24. desember 2024 kl. 10:15", "2024-12-24T10:15", True),
    ("25 janv. 2025", "2025-01-25", True),
    ("3 févr. 2021", "2021-02-03", True),
    ("25 сент. 2025", "2025-09-25", True),
    ("25 Eyl 2025", "2025-09-25", True),
    ("25 sie 2025", "2025-08-25", True),
    ("25. května 2025", "2025-05-25", True),
    ("25 października 2025", "2025-10-25", True),
    ("25 листопада 2025 р.", "2025-11-25", True),
    ("25 dicembre 2025", "2025-12-25", True),
    ("25 iulie 2025", "2025-07-25", True),
    ("2025. március 15.", "2025-03-15", True),
    ("15 maart 2025", "2025-03-15", True),
    ("Dienstag, 01. Februar 2022 12:10", "2022-02-01T12:10", True),
    ("Mittwoch, den 27. November 2019 um 15:21 Uhr", "2019-11-27T15:21", True),
    ("日付：2025年8月25日", "2025-08-25", True),
]


@pytest.mark.parametrize(("line", "iso", "dateline"), DATELINES)
def test_dates_parse_formats(line: str, iso: str, dateline: bool) -> None:
    found = find_date(line)
    assert found is not None, line
    assert found.iso == iso
    assert found.is_dateline is dateline


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Chris Davies - Nov 19, 2019, 10:31 pm CST", "2019-11-19T22:31"),
        ("Posted on March 3, 2021 by admin", "2021-03-03"),
        ("The summit ended on 25 August 2025 with no agreement.", "2025-08-25"),
        ("Views: 343 | 25.08.2025", "2025-08-25"),
        ("Jane Doe, 25.08.2025", "2025-08-25"),
    ],
)
def test_dates_found_but_not_dateline(line: str, iso: str) -> None:
    found = find_date(line)
    assert found is not None
    assert found.iso == iso
    assert found.is_dateline is False


def test_dates_span_covers_date_and_time() -> None:
    line = "Chris Davies - Nov 19, 2019, 10:31 pm CST"
    found = find_date(line)
    assert found is not None
    assert line[found.start : found.end] == "Nov 19, 2019, 10:31 pm"


def test_dates_is_frozen_dataclass() -> None:
    found = find_date("2025-08-25")
    assert found == DateFound("2025-08-25", 0, 10, True)
    with pytest.raises(AttributeError):
        found.iso = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "line",
    [
        "In 2003 the treaty was signed on 5 May.",
        "",
        "No digits here at all",
        "2025-13-01",  # month 13
        "31.02.2025",  # 31 February
        "1.1.1989",  # year before 1990
        "25 August 2099",  # year after 2035
        "v1.2.25",  # version number
        "Call 0800 123 4567 today",
        "Version 10.12.2020.1",
        "Room 12/14/16",
        "192.168.10.25",
        "He scored 25 points in 2025",
        "25 Widgets 2025",  # not a month name
        "August 2025",  # no day
        "x" * 300 + " 25 August 2025",  # too long to be a dateline
    ],
)
def test_dates_rejects(line: str) -> None:
    found = find_date(line)
    assert found is None or not found.is_dateline


@pytest.mark.parametrize(
    "line",
    [
        "In 2003 the treaty was signed on 5 May.",
        "2025-13-01",
        "31.02.2025",
        "1.1.1989",
        "25 August 2099",
        "v1.2.25",
        "192.168.10.25",
        "25 Widgets 2025",
    ],
)
def test_dates_rejects_strictly(line: str) -> None:
    assert find_date(line) is None


def test_dates_ambiguous_slash_defaults_day_first() -> None:
    found = find_date("05/08/2025")
    assert found is not None and found.iso == "2025-08-05"


def test_dates_ambiguous_slash_us_context() -> None:
    found = find_date("05/08/2025 10:00 am EST")
    assert found is not None and found.iso == "2025-05-08T10:00"


def test_dates_month_first_override() -> None:
    found = find_date("05/08/2025", month_first=True)
    assert found is not None and found.iso == "2025-05-08"
    found = find_date("05.08.2025", month_first=True)  # dotted is always day-first
    assert found is not None and found.iso == "2025-08-05"


def test_dates_dotted_month_first_when_day_over_12() -> None:
    found = find_date("08.25.2025")
    assert found is not None and found.iso == "2025-08-25"


def test_dates_pm_12_and_am_12() -> None:
    assert find_date("March 3, 2021, 12:05 pm").iso == "2021-03-03T12:05"  # type: ignore[union-attr]
    assert find_date("March 3, 2021, 12:05 am").iso == "2021-03-03T00:05"  # type: ignore[union-attr]


def test_dates_invalid_time_is_ignored() -> None:
    found = find_date("25.08.2025 27:99")
    assert found is not None and found.iso == "2025-08-25"


def test_dates_month_table_has_no_conflicts() -> None:
    assert MONTHS["august"] == 8 and MONTHS["августа"] == 8 and MONTHS["sierpnia"] == 8
    assert MONTHS["mai"] == 5 and MONTHS["maj"] == 5 and MONTHS["may"] == 5
    assert all(1 <= v <= 12 for v in MONTHS.values())


ADVERSARIAL = [
    "1" * 100_000,
    "1." * 50_000,
    "12/" * 33_000,
    "a" * 100_000,
    "25 " * 33_000,
    "August " * 14_000,
    "2025-" * 20_000,
    ("25 Aug " * 14_000)[:100_000],
    "12:" * 33_000,
    "年月日" * 33_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_dates_adversarial_fast(text: str) -> None:
    t0 = time.process_time()
    find_date(text)
    assert time.process_time() - t0 < 0.5


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_dates_adversarial_short_fast(text: str) -> None:
    # The length cut-off must not be what keeps us fast: try 200-char prefixes.
    t0 = time.process_time()
    for _ in range(100):
        find_date(text[:200])
    assert time.process_time() - t0 < 0.5


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("30/10/23 | StarsInsider", "2023-10-30"),
        ("veröffentlicht am 14 Feb ’20", "2020-02-14"),
        ("3 de mayo de 202221:25LA NACION", "2022-05-03T21:25"),  # innerText glued elements
        ("Posted on 25. Januar 202225. Januar 2022", "2022-01-25"),
        ("19.2.202016:20", "2020-02-19T16:20"),
        ("Von Deutscher Tennis Bund 4.\u20092.\u20092022.", "2022-02-04"),
        ("9. April 2019 @ 15:09", "2019-04-09T15:09"),
        ("(26 juin 2018 @20h05)", "2018-06-26T20:05"),
    ],
)
def test_dates_corpus_shapes(line: str, iso: str) -> None:
    found = find_date(line)
    assert found is not None and found.iso == iso


def test_dates_ampm_alone_is_not_us_in_spanish() -> None:
    # Latin American sites write a.m./p.m. with day-first dates.
    found = find_date("Actualizado el 08/05/2022 02:14 a.m.")
    assert found is not None and found.iso == "2022-05-08T02:14"
    found = find_date("08/05/2022 02:14 am")  # English-only line with a 12-hour clock
    assert found is not None and found.iso == "2022-08-05T02:14"


@pytest.mark.parametrize("line", ["1/2/23", "20221 Aug 2020", "Issue 12/2025", "Score 10/12/2020123"])
def test_dates_glue_and_short_forms_rejected(line: str) -> None:
    assert find_date(line) is None


def test_dates_seed_page_hits_only_the_expected_line() -> None:
    from pathlib import Path

    seed = Path(__file__).resolve().parents[3] / "shared" / "seed-caliber-article.txt"
    if not seed.exists():
        pytest.skip("shared seed page not present")
    hits = [line for line in seed.read_text("utf-8").splitlines() if find_date(line) is not None]
    assert hits == ["25 August 2025 04:23"]
