"""Tests for scrapeclean.metadata.copyright."""

from __future__ import annotations

import time

import pytest

from scrapeclean.metadata.copyright import parse_copyright, site_from_copyright


@pytest.mark.parametrize(
    ("line", "holder", "year"),
    [
        ("Caliber.az © 2025. .", "Caliber.az", 2025),
        ("© 2025 Example Media GmbH. All rights reserved.", "Example Media GmbH", 2025),
        ("Copyright 2019 by John Doe", "John Doe", 2019),
        ("© 2010-2025 Foo Bar Ltd", "Foo Bar Ltd", 2025),
        ("Copyright © 2003–2024 The New York Times Company", "The New York Times Company", 2024),
        ("(c) 2021 Spiegel", "Spiegel", 2021),
        ("2025 © Sputnik. All rights reserved", "Sputnik", 2025),
        ("© Example Media", "Example Media", None),
        ("© 2025 Example Media | Impressum | Datenschutz", "Example Media", 2025),
        ("Copyright (C) 1999 - 2023, Acme Inc.", "Acme Inc", 2023),
    ],
)
def test_copyright_marks(line: str, holder: str | None, year: int | None) -> None:
    found = parse_copyright(line)
    assert found is not None
    assert found.kind == "copyright"
    assert found.holder == holder
    assert found.year == year
    assert found.text == line.strip()


@pytest.mark.parametrize(
    "line",
    [
        "All rights reserved",
        "All rights reserved.",
        "Alle Rechte vorbehalten",
        "Tous droits réservés",
        "Todos los derechos reservados",
        "Tutti i diritti riservati",
        "Todos os direitos reservados",
        "Alle rechten voorbehouden",
        "Все права защищены",
        "Wszelkie prawa zastrzeżone",
        "Tüm hakları saklıdır",
        "Bütün hüquqlar qorunur",
        "Všechna práva vyhrazena",
        "版权所有",
    ],
)
def test_copyright_rights_reserved(line: str) -> None:
    found = parse_copyright(line)
    assert found is not None
    assert found.kind == "rights_reserved"


def test_copyright_rights_reserved_with_holder() -> None:
    found = parse_copyright("Example Media GmbH. All rights reserved.")
    assert found is not None and found.kind == "rights_reserved"
    assert found.holder == "Example Media GmbH"


@pytest.mark.parametrize(
    ("line", "holder"),
    [
        ("Any use of materials is allowed only if there is a hyperlink to Caliber.az", "Caliber.az"),
        ("При использовании материалов ссылка на ria.ru обязательна", "ria.ru"),
        ("При использовании материалов гиперссылка обязательна", None),
        ("Використання матеріалів дозволено лише з посиланням на unian.ua", "unian.ua"),
        ("Reproduction without permission prohibited", None),
        ("Nachdruck nur mit Genehmigung", None),
        ("Toute reproduction interdite", None),
        ("Prohibida la reproducción total o parcial", None),
        ("Riproduzione riservata", None),
        ("Kopiowanie materiałów bez zgody redakcji jest zabronione", None),
        ("Materiallardan istifadə zamanı istinad vacibdir", None),
    ],
)
def test_copyright_reuse_notices(line: str, holder: str | None) -> None:
    found = parse_copyright(line)
    assert found is not None
    assert found.kind == "reuse_notice"
    assert found.holder == holder


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to improve your experience",
        "The right answer is 42",
        "Copyright law in the EU changed in 2019 and many publishers were affected by the new rules",
        "(c) the court shall decide on the matter",
        "He used the material for his thesis.",
        "",
        "Home | About | Contact",
        "25 August 2025 04:23",
        "Use of force",
    ],
)
def test_copyright_rejects(line: str) -> None:
    assert parse_copyright(line) is None


def test_copyright_site_helper() -> None:
    found = parse_copyright("Caliber.az © 2025. .")
    assert found is not None and site_from_copyright(found) == "Caliber.az"
    found = parse_copyright("© 2025 Example Media GmbH")
    assert found is not None and site_from_copyright(found) is None


ADVERSARIAL = [
    "©" * 100_000,
    "using " * 16_000,
    "any use of " * 9_000,
    "при использовании " * 5_000,
    "copyright " * 10_000,
    "1999-" * 20_000,
    "a." * 50_000,
    "reproduction " * 7_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_copyright_adversarial_fast(text: str) -> None:
    t0 = time.process_time()
    parse_copyright(text)
    for _ in range(20):
        parse_copyright(text[:400])
    assert time.process_time() - t0 < 0.5


@pytest.mark.parametrize(
    ("line", "holder"),
    [
        ("Copyright © 2020 HR Innovation – Designed by ZThemes Studio", "HR Innovation"),
        ("Copyright © 2002-2019 - Designed by Gray Digital Media - Powered by Clickability", None),
        ("Copyright 2019\u00a0- Alle Inhalte sind urheberrechtlich geschützt", None),
        ("Copyright Axios Media, 2020", "Axios Media"),
        ("Copyright ⓒ Entermedia.co.kr", "Entermedia.co.kr"),
        ("© 2021 Tierschutzpartei | Impressum | Datenschutzerklärung", "Tierschutzpartei"),
    ],
)
def test_copyright_holder_cleanup(line: str, holder: str | None) -> None:
    found = parse_copyright(line)
    assert found is not None and found.kind == "copyright"
    assert found.holder == holder


@pytest.mark.parametrize("line", ["無断転載を禁じます", "禁止转载", "무단전재 및 재배포금지"])
def test_copyright_cjk_reuse(line: str) -> None:
    found = parse_copyright(line)
    assert found is not None and found.kind == "reuse_notice"


def test_copyright_seed_page_hits_only_the_notices() -> None:
    from pathlib import Path

    seed = Path(__file__).resolve().parents[3] / "shared" / "seed-caliber-article.txt"
    if not seed.exists():
        pytest.skip("shared seed page not present")
    hits = [line for line in seed.read_text("utf-8").splitlines() if parse_copyright(line) is not None]
    assert hits == [
        "Any use of materials is allowed only if there is a hyperlink to Caliber.az",
        "Caliber.az © 2025. .",
    ]
