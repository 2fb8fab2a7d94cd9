"""Ready stock: goods already made or bought, kept as a list of movements per product.

The quantity on the shelf is never stored: it is the sum of the product's movements
(stock.selectors.on_hand). A StockItem marks a product as sold from stock and is the row that
every movement of that product locks (stock.services), so the sum can never go below zero.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.limits import MAX_QUANTITY
from production.models import Product


class StockItem(models.Model):
    """A product sold from ready stock, with the level under which it shows as running low."""

    product = models.OneToOneField(Product, on_delete=models.PROTECT, related_name="stock_item", verbose_name=_("product"))
    low_level = models.PositiveIntegerField(
        _("low-stock level"),
        default=0,
        validators=[MaxValueValidator(MAX_QUANTITY)],
        help_text=_("At or below this many units the product shows on the home page as running low. 0: never."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("ready-stock product")
        verbose_name_plural = _("ready-stock products")
        ordering = ["product__name"]
        permissions = [("count_stock", _("Can count the shelf (stock count)"))]

    def __str__(self):
        return str(self.product)


class MovementKind(models.TextChoices):
    PRODUCED = "produced", _("Made")
    PURCHASE = "purchase", _("Purchase")
    SALE = "sale", _("Sale")
    RETURN = "return", _("Return")
    CORRECTION = "correction", _("Correction")
    WASTE = "waste", _("Wasted, damaged or expired")


# Which way each kind moves the shelf: +1 in, -1 out, 0 either (a correction).
DIRECTION = {
    MovementKind.PRODUCED: 1,
    MovementKind.PURCHASE: 1,
    MovementKind.RETURN: 1,
    MovementKind.SALE: -1,
    MovementKind.WASTE: -1,
    MovementKind.CORRECTION: 0,
}


class StockCount(models.Model):
    """One stock count (stok opname): what was on the shelf, typed in by a helper."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        ordering = ["-at"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class StockCountLine(models.Model):
    """One product in a count: what the records said and what was on the shelf."""

    count = models.ForeignKey(StockCount, on_delete=models.CASCADE, related_name="lines", verbose_name=_("stock count"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+", verbose_name=_("product"))
    expected = models.IntegerField(_("recorded"))
    counted = models.PositiveIntegerField(_("counted"))

    class Meta:
        verbose_name = _("counted product")
        verbose_name_plural = _("counted products")
        ordering = ["product__name"]
        constraints = [models.UniqueConstraint(fields=["count", "product"], name="stock_count_product_once")]

    @property
    def difference(self):
        return self.counted - self.expected


class StockMovement(models.Model):
    """Units of a product into (+) or out of (−) the shelf, with who, when, why."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="stock_movements", verbose_name=_("product"))
    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    quantity = models.IntegerField(_("quantity"))
    # The order's channel for a sale (orders.models.Channel's value; stock sits below orders).
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    # The order a sale or return belongs to (its code), for reading the history.
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    count = models.ForeignKey(
        StockCount, on_delete=models.SET_NULL, null=True, blank=True, related_name="movements", verbose_name=_("stock count")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["product", "at"], name="stock_move_product_at_idx"),
            models.Index(fields=["at", "kind"], name="stock_move_at_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="stock_movement_not_zero"),
            models.CheckConstraint(
                condition=Q(kind__in=["produced", "purchase", "return"], quantity__gt=0)
                | Q(kind__in=["sale", "waste"], quantity__lt=0)
                | Q(kind="correction"),
                name="stock_movement_sign_by_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity:+d} {self.product}"
