"""Files only signed-in staff may see (supplier QC photos, payment proofs).

MEDIA_ROOT is served by the proxy to anyone (product photos are public); these files live in
PRIVATE_MEDIA_ROOT instead, which nothing serves but a view that checks who asks.
"""
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileStorage(FileSystemStorage):
    """A FileSystemStorage rooted at settings.PRIVATE_MEDIA_ROOT, read on every use (tests move it)."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view that checks the user.")


def private_storage():
    """The storage callable the models name (a callable keeps the location out of migrations)."""
    return PrivateFileStorage()
