"""Keeping an uploaded sheet between its preview and its import, and clearing the ones left behind."""
import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from orders.models import SheetUpload

UPLOAD_KEPT_HOURS = 24


def keep_upload(data, *, name, by):
    """Store the bytes under a random token; return the SheetUpload. Old unconfirmed uploads go first."""
    clean_old_uploads()
    return SheetUpload.objects.create(
        token=secrets.token_urlsafe(24),
        file_name=name[:100],
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by if by is not None and by.is_authenticated else None,
    )


def kept_upload(token, *, by):
    """The upload with that token, made by that user and not tampered with, or None."""
    if not token:
        return None
    upload = SheetUpload.objects.filter(token=token, uploaded_by=by if by.is_authenticated else None).first()
    if upload is None or hashlib.sha256(bytes(upload.data)).hexdigest() != upload.sha256:
        return None
    return upload


def clean_old_uploads(now=None):
    """Delete uploads older than UPLOAD_KEPT_HOURS (previews never confirmed, imports left halfway); return how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=UPLOAD_KEPT_HOURS)
    deleted, _by_model = SheetUpload.objects.filter(uploaded_at__lt=cutoff).delete()
    return deleted
