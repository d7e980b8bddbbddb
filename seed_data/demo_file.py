"""The command line shared by the scripts that add a mix to the demo data
(``demo_trust.py``, ``demo_practice.py``): read ``demo_practitioners.json``, apply the
mix, write the file back in the form ``generate_demo.py`` writes it."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_FILE = Path(__file__).resolve().parent / "demo_practitioners.json"


def rewrite(apply: Callable[[dict[str, Any]], dict[str, Any]], description: str, what: str) -> int:
    """Parse ``--file``, apply the mix to that file and say so; returns the exit code."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args()
    data = apply(json.loads(args.file.read_text(encoding="utf-8")))
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    args.file.write_text(text, encoding="utf-8")
    print(f"Applied {what} to {args.file}")
    return 0
