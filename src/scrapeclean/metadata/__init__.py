"""Line-level metadata parsers: dates, bylines, counters, copyright, language."""

from .authors import is_byline, parse_byline
from .copyright import CopyrightFound, parse_copyright, site_from_copyright
from .counters import CounterFound, parse_counter
from .dates import DateFound, find_date
from .language import detect_language, stopword_ratio, stopwords

__all__ = [
    "CopyrightFound",
    "CounterFound",
    "DateFound",
    "detect_language",
    "find_date",
    "is_byline",
    "parse_byline",
    "parse_copyright",
    "parse_counter",
    "site_from_copyright",
    "stopword_ratio",
    "stopwords",
]
