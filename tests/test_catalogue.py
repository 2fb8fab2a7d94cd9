"""The Indonesian catalogue is complete: every English string in the source has its translation."""
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

PROJECT = Path(settings.BASE_DIR)
CATALOGUE = PROJECT / "locale" / "id" / "LC_MESSAGES" / "django.po"
SOURCES = ["config", "customers", "orders", "production", "templates"]


def entries(po_text):
    """(msgid, msgstr, fuzzy) of every live entry but the header."""
    found = []
    for block in re.split(r"\n\s*\n", po_text):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        parts, current = {}, None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                parts[current] = match.group(2)
            elif line.startswith('"') and current:
                parts[current] += line[1:-1]
        if parts.get("msgid"):
            strs = [value for key, value in parts.items() if key.startswith("msgstr")]
            found.append((parts["msgid"], strs, fuzzy))
    return found


def test_the_catalogue_has_no_empty_or_fuzzy_translation():
    bad = [msgid for msgid, strs, fuzzy in entries(CATALOGUE.read_text()) if fuzzy or not all(strs)]
    assert bad == []


def test_every_string_in_the_source_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    for name in SOURCES:
        shutil.copytree(PROJECT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "migrations"))
    (tmp_path / "locale" / "id" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(CATALOGUE, tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["id"], verbosity=0, no_obsolete=True)
    fresh = entries((tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po").read_text())
    missing = [msgid for msgid, strs, fuzzy in fresh if fuzzy or not all(strs)]
    assert missing == []
