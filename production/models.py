from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from production import capacity


class Unit(models.TextChoices):
    BOX = "box", _("box")
    LOYANG = "loyang", _("loyang (baking tin)")
    TOPLES = "toples", _("toples (jar)")
    PCS = "pcs", _("pcs")
    PACK = "pack", _("pack")
    BOTOL = "botol", _("botol (bottle)")
    KG = "kg", _("kg")


class Product(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.BOX)
    price = models.PositiveIntegerField(
        _("price (Rp)"), validators=[MaxValueValidator(100_000_000)], help_text=_("Whole Rupiah per unit.")
    )
    units_per_batch = models.PositiveIntegerField(
        _("units per batch"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("How many units one batch makes, e.g. 10 cakes."),
    )
    minutes_per_batch = models.PositiveIntegerField(
        _("minutes per batch"),
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("How long one batch takes one worker, e.g. 120 minutes for 2 hours."),
    )
    shelf_life_days = models.PositiveSmallIntegerField(
        _("keeps for (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "How many days it stays good after it is made, e.g. 14 for kue kering, 2 for brownies. "
            "Empty: made as late as possible before delivery."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Only a small thumbnail is kept (production/photos.py makes it on upload); its size goes on <img>.
    photo = models.ImageField(
        _("photo"), upload_to="products/", blank=True, width_field="photo_width", height_field="photo_height"
    )
    photo_width = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        permissions = [("change_price", _("Can change product prices"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(units_per_batch__gte=1), name="product_units_per_batch_positive"),
            models.CheckConstraint(condition=models.Q(minutes_per_batch__gte=1), name="product_minutes_per_batch_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def minutes_per_unit(self):
        """Exact minutes of one worker's time per unit (a Fraction)."""
        return capacity.minutes_per_unit(units_per_batch=self.units_per_batch, minutes_per_batch=self.minutes_per_batch)


class WorkCalendar(models.Model):
    """The shop's usual working day; there is one calendar per installation (pk=1)."""

    default_hours = models.DecimalField(
        _("work hours per day"),
        max_digits=4,
        decimal_places=2,
        default=6,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    default_workers = models.PositiveSmallIntegerField(
        _("workers per day"), default=1, validators=[MaxValueValidator(100)]
    )
    weekly_days_off = models.CharField(
        _("weekly days off"),
        max_length=7,
        blank=True,
        default="6",
        help_text=_("Weekday numbers, Monday 0 … Sunday 6."),
    )

    class Meta:
        verbose_name = _("work calendar")
        verbose_name_plural = _("work calendar")

    def __str__(self):
        return str(_("Work calendar"))

    @classmethod
    def load(cls):
        calendar, _created = cls.objects.get_or_create(pk=1)
        return calendar

    def read_overrides_from(self, start):
        """Read every override from `start` on now, in one query: work_days() from then on asks no more.

        For a writer that needs the calendar several times under one lock (the order service's
        caps and the kept kitchen plan): the overrides are read once. Returns the calendar.
        """
        self._overrides_from = (start, {item.day: item.as_hours_workers() for item in CalendarOverride.objects.filter(day__gte=start)})
        return self

    @property
    def days_off(self):
        return {int(ch) for ch in self.weekly_days_off if ch.isdigit()}

    def work_days(self, start, end):
        """Every day from start to end inclusive, with its hours and workers (a list of WorkDay)."""
        if end < start:
            return []
        read = getattr(self, "_overrides_from", None)
        if read is not None and read[0] <= start:
            overrides = {day: value for day, value in read[1].items() if start <= day <= end}
        else:
            overrides = {item.day: item.as_hours_workers() for item in CalendarOverride.objects.filter(day__gte=start, day__lte=end)}
        return capacity.work_days(
            start=start,
            end=end,
            default_hours=self.default_hours,
            default_workers=self.default_workers,
            weekly_days_off=self.days_off,
            overrides=overrides,
        )

    def minutes_between(self, start, end):
        """Total work minutes from start to end inclusive (a Fraction)."""
        return sum((day.minutes for day in self.work_days(start, end)), start=capacity.Fraction(0))

    def minutes_before(self, first_day, delivery_date):
        """Work minutes from first_day up to the day before delivery_date."""
        return self.minutes_between(first_day, delivery_date - timedelta(days=1))


class CalendarOverride(models.Model):
    """One date that differs from the usual: Lebaran eve with more hands, or a closed day."""

    day = models.DateField(_("date"), unique=True)
    hours = models.DecimalField(
        _("work hours"), max_digits=4, decimal_places=2, default=0, validators=[MinValueValidator(0), MaxValueValidator(24)]
    )
    workers = models.PositiveSmallIntegerField(_("workers"), default=0, validators=[MaxValueValidator(100)])
    closed = models.BooleanField(_("closed"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%Y-%m-%d}"

    def as_hours_workers(self):
        """(hours, workers) of this day; (0, 0) when closed."""
        return (0, 0) if self.closed else (self.hours, self.workers)

    def clean(self):
        super().clean()
        if not self.closed and (not self.hours or not self.workers):
            raise ValidationError(_("Give the hours and workers of this day, or mark it closed."))


class RecipeItem(models.Model):
    """One ingredient of one unit of a product: 'Kue Nastar: 50 g tepung terigu'."""

    class Measure(models.TextChoices):
        GRAM = "g", _("g")
        ML = "ml", _("ml")
        EGG = "butir", _("butir (egg)")
        PIECE = "pcs", _("pcs")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="recipe", verbose_name=_("product"))
    ingredient = models.CharField(_("ingredient"), max_length=120)
    quantity = models.DecimalField(
        _("quantity per unit"), max_digits=10, decimal_places=3, validators=[MinValueValidator(0)]
    )
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices, default=Measure.GRAM)

    class Meta:
        verbose_name = _("recipe ingredient")
        verbose_name_plural = _("recipe ingredients")
        ordering = ["product", "ingredient"]
        constraints = [
            models.UniqueConstraint(fields=["product", "ingredient", "measure"], name="recipe_ingredient_once_per_product"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="recipe_quantity_not_negative"),
        ]

    def __str__(self):
        return f"{self.product}: {self.quantity} {self.measure} {self.ingredient}"


class ProductionDone(models.Model):
    """Units of a product a helper marked made on a day ("Hari ini" → Selesai)."""

    day = models.DateField(_("date"), db_index=True)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="done", verbose_name=_("product"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("production done")
        verbose_name_plural = _("production done")
        ordering = ["-at"]
        permissions = [("record_production", _("Can mark production done"))]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.quantity} × {self.product}"
