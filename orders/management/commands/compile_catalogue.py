"""Compile the translation catalogues (locale/*/LC_MESSAGES/*.po → .mo) in pure Python.

Django's own `compilemessages` needs GNU gettext's `msgfmt`, which a fresh machine with only
Python does not have. polib writes the same .mo file: translated entries only (fuzzy and empty
ones are left out, as msgfmt leaves them out), so a half-done translation falls back to English.
scripts/demo and scripts/test call this command.
"""
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every .po file under LOCALE_PATHS into its .mo file (no gettext needed)."

    def handle(self, *args, verbosity=1, **options):
        compiled = 0
        for root in settings.LOCALE_PATHS:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path), wrapwidth=0)
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
                if verbosity > 1:
                    self.stdout.write(f"{po_path}: {len(catalogue.translated_entries())} messages")
        if verbosity:
            self.stdout.write(f"Compiled {compiled} catalogue(s).")
