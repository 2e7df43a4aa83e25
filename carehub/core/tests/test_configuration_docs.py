"""The README's configuration table and .env.example list exactly the variables that
settings.py reads, so operators are never told of a setting that does not exist, or left
to find one in the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READ = re.compile(r'(?:env_(?:bool|int|list|secret)|os\.getenv)\(\s*"([A-Z_]+)"')


def settings_variables() -> set[str]:
    names = set(READ.findall((ROOT / "carehub" / "settings.py").read_text()))
    return names - {"DJANGO_SETTINGS_MODULE"}


def test_it_documents_every_setting_in_the_readme():
    table = re.findall(r"^\| `([A-Z_]+)` \|", (ROOT / "README.md").read_text(), re.MULTILINE)
    assert set(table) == settings_variables()


def test_it_lists_every_setting_in_the_env_example():
    lines = (ROOT / ".env.example").read_text().splitlines()
    listed = {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}
    assert listed == settings_variables()
