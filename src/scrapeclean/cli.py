"""Command line: `scrapeclean clean FILE|-`, `scrapeclean explain FILE|-`, `scrapeclean batch`."""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import __version__
from .errors import ScrapecleanError
from .pipeline import Pipeline

_COLOURS = {"keep": "\033[32m", "drop": "\033[2;31m", "blank": ""}
_RESET = "\033[0m"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scrapeclean", description=__doc__)
    parser.add_argument("--version", action="version", version=f"scrapeclean {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", help="input file, or - for standard input")
        p.add_argument("--url", help="the page's URL (helps the site name)")
        p.add_argument("--kind", choices=("text", "markdown", "html"), help="force the input kind")
        p.add_argument("--pipeline", metavar="CONFIG.toml", help="a pipeline configuration file")

    p_clean = sub.add_parser("clean", help="print the clean article text")
    common(p_clean)
    p_clean.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p_clean.add_argument("--json", action="store_true", help="same as --format json")
    p_explain = sub.add_parser("explain", help="print every line with its verdict and reason")
    common(p_explain)
    p_explain.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    try:
        from .batch import add_batch_parser
    except ImportError:  # the batch module is optional
        pass
    else:
        add_batch_parser(sub)

    args = parser.parse_args(argv)
    if args.command == "batch":
        return int(args.run(args))
    try:
        raw = _read(args.file)
        pipe = Pipeline.from_toml(args.pipeline) if args.pipeline else Pipeline.default()
        if args.command == "clean":
            result = pipe.clean(raw, url=args.url, kind=args.kind)
            fmt = "json" if args.json else args.format
            if fmt == "json":
                print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            else:
                print(result.markdown if fmt == "markdown" else result.text)
            return 0
        colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                            and "NO_COLOR" not in os.environ)
        for lv in pipe.explain(raw, url=args.url, kind=args.kind):
            tag = "keep" if lv.verdict == "keep" else (f"drop {lv.filter}:{lv.reason}" if lv.verdict == "drop" else "")
            line = f"{lv.line + 1:>5} {tag:<44} {lv.text}"
            print(f"{_COLOURS[lv.verdict]}{line}{_RESET}" if colour and lv.verdict != "blank" else line)
        return 0
    except (ScrapecleanError, OSError, KeyError, ValueError) as exc:
        print(f"scrapeclean: error: {exc}", file=sys.stderr)
        return 2


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as f:
        return f.read()


if __name__ == "__main__":
    sys.exit(main())
