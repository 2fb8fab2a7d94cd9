"""The default cache of a one-box install: files in a folder, shared by every gunicorn worker.

Django's FileBasedCache lists its whole folder on every write to decide whether to cull; with a
counter per buyer in the busiest minute that is thousands of files listed several times per order.
Here the listing runs at most once a minute per process, which keeps the folder bounded all the same.
"""
import time

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY_SECONDS = 60


class FolderCache(FileBasedCache):
    _last_cull = 0.0

    def _cull(self):
        now = time.monotonic()
        if now - self._last_cull < CULL_EVERY_SECONDS:
            return
        self._last_cull = now
        super()._cull()
