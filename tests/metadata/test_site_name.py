"""site_name: the copyright holder where it names the site at the page's address, else the host."""
from __future__ import annotations

import pytest

import scrapeclean
from scrapeclean.render import page_host

PROSE = ("The committee met on Tuesday to discuss the budget, and after a long debate it "
         "decided to postpone the vote until the next session in the spring.")


def _site(footer: str, url: str | None) -> str | None:
    page = "\n\n".join([PROSE, PROSE.replace("Tuesday", "Friday"), footer])
    return scrapeclean.clean(page, url=url).metadata.site_name


@pytest.mark.parametrize(("footer", "url", "site"), [
    ("© 2019 MEEDIA GmbH", "https://meedia.de/2016/03/08/a", "MEEDIA GmbH"),  # a word of the host
    ("© 2022 Fundacja Liberté! All Rights Reserved", "https://liberte.pl/a", "Fundacja Liberté!"),  # accents
    ("© 2021 Übermedien", "https://uebermedien.de/a", "Übermedien"),  # ü spelt out
    ("© 2021 Bundesamt für Naturschutz", "https://www.bfn.de/a", "Bundesamt für Naturschutz"),  # initials
    ("© 2019 Gannett", "https://www.usatoday.com/story/a", "usatoday.com"),  # the publisher's company
    ("© 2019 Hearst Communications, Inc.", "https://www.timesunion.com/a", "timesunion.com"),
    ("© 2019 Gannett", None, "Gannett"),  # no address: the holder is all there is
])
def test_holder_or_host(footer: str, url: str | None, site: str) -> None:
    assert _site(footer, url) == site


@pytest.mark.parametrize(("url", "host"), [
    ("https://www.example.com/a/b", "example.com"),
    ("https://web.archive.org/web/20131110121040/http://www.peptalks.de/haben", "peptalks.de"),
    ("https://web.archive.org/web/2019/https://swap-stop.org/", "swap-stop.org"),
    ("http://[::1", ""),  # broken: no host, no error
])
def test_page_host_is_the_page_an_archive_copies(url: str, host: str) -> None:
    assert page_host(url) == host
