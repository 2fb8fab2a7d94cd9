"""Shopping list arithmetic, pure: units to make per product × ingredients per unit, summed."""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Need:
    ingredient: str
    measure: str
    quantity: Decimal


def shopping_list(units_by_product, recipe):
    """[Need] summed over products, by ingredient name (case-insensitive) and measure.

    `units_by_product` maps a product key to units; `recipe` is an iterable of
    (product key, ingredient, measure, quantity per unit).
    """
    totals = defaultdict(Decimal)
    names = {}
    for product, ingredient, measure, per_unit in recipe:
        units = units_by_product.get(product, 0)
        if not units:
            continue
        key = (ingredient.strip().lower(), measure)
        names.setdefault(key, ingredient.strip())
        totals[key] += Decimal(units) * Decimal(per_unit)
    return sorted(
        (Need(ingredient=names[key], measure=key[1], quantity=total) for key, total in totals.items()),
        key=lambda need: (need.ingredient.lower(), need.measure),
    )
