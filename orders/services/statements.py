"""The order path's few statements, turned into SQL once per process instead of on every order.

Django's ORM builds and compiles a query's SQL afresh each time it runs. For the public order
POST in the busiest minute that compiling was most of the work, and most of the time the write
lock was held (profiled with bench/war_po.py). So the statements every order runs are generated
here from the models' own metadata — tables, columns and each field's conversions to and from the
database — the first time they are needed; later runs only bind values. They do what the ORM calls
named in each docstring do, and tests/test_statements.py checks them against the ORM.
"""
import functools

from django.db import connections


def _quote(connection, table, column=None):
    qn = connection.ops.quote_name
    return qn(table) if column is None else f"{qn(table)}.{qn(column)}"


@functools.cache
def _insert_statement(model, alias):
    connection = connections[alias]
    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {_quote(connection, meta.db_table)} ({columns}) VALUES ({marks}) "
        f"RETURNING {_quote(connection, meta.db_table, meta.pk.column)}"
    )
    return fields, sql


def insert(instance, using="default"):
    """`instance.save(force_insert=True)` in one INSERT … RETURNING; returns the instance.

    Defaults and auto_now_add apply and values are prepared as the ORM prepares them. It sends no
    model signals and calls no save() override: it is only used for models that have neither.
    """
    connection = connections[using]
    if not connection.features.can_return_columns_from_insert:
        instance.save(force_insert=True, using=using)
        return instance
    fields, sql = _insert_statement(type(instance), using)
    values = [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        (pk,) = cursor.fetchone()
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = using
    return instance


class _Columns:
    """The select list of one model's concrete fields, and how to turn a row's values into it."""

    def __init__(self, connection, model):
        meta = model._meta
        self.model = model
        self.selects = [_quote(connection, meta.db_table, field.column) for field in meta.concrete_fields]
        self.names = [field.attname for field in meta.concrete_fields]
        self.converters = []
        for field in meta.concrete_fields:
            col = field.get_col(meta.db_table)
            self.converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))

    def build(self, values, connection, using):
        converted = []
        for value, (col, functions) in zip(values, self.converters):
            for function in functions:
                value = function(value, col, connection)
            converted.append(value)
        return self.model.from_db(using, self.names, converted)


@functools.cache
def _select_statement(model, alias, field_name):
    connection = connections[alias]
    columns = _Columns(connection, model)
    meta = model._meta
    column = meta.get_field(field_name).column
    sql = (
        f"SELECT {', '.join(columns.selects)} FROM {_quote(connection, meta.db_table)} "
        f"WHERE {_quote(connection, meta.db_table, column)} = %s LIMIT 1"
    )
    return columns, sql


def find(model, field_name, value, using="default"):
    """`model.objects.filter(**{field_name: value}).first()` for a unique field: the row or None."""
    connection = connections[using]
    columns, sql = _select_statement(model, using, field_name)
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.get_field(field_name).get_db_prep_value(value, connection)])
        row = cursor.fetchone()
    return None if row is None else columns.build(row, connection, using)


@functools.cache
def _offers_statement(alias, by, product_count, lock):
    from orders.models import PeriodProduct, PreorderPeriod
    from production.models import Product

    connection = connections[alias]
    parts = [_Columns(connection, model) for model in (PeriodProduct, PreorderPeriod, Product)]
    offer, period, product = (part.model._meta.db_table for part in parts)
    q = functools.partial(_quote, connection)
    where = f"{q(period, 'slug')} = %s" if by == "slug" else f"{q(offer, 'period_id')} = %s"
    if product_count is not None:
        where += f" AND {q(offer, 'product_id')} IN ({', '.join(['%s'] * product_count)})"
    sql = (
        f"SELECT {', '.join(select for part in parts for select in part.selects)} FROM {q(offer)} "
        f"INNER JOIN {q(period)} ON {q(offer, 'period_id')} = {q(period, 'id')} "
        f"INNER JOIN {q(product)} ON {q(offer, 'product_id')} = {q(product, 'id')} "
        f"WHERE {where} ORDER BY {q(product, 'name')}"
    )
    if lock and connection.features.has_select_for_update_of:
        sql += f" FOR UPDATE OF {q(period)}"
    return sql, parts


def period_offers(*, slug=None, period_id=None, product_ids=None, lock=False, using="default"):
    """The period's offers by product name, each with .period and .product; one period object shared.

    Like PeriodProduct.objects.filter(period__slug=slug) (or period_id=…, and product_id__in=…)
    .select_related("period", "product").order_by("product__name"), with `lock` adding
    select_for_update(of=("period",)): on PostgreSQL the period's row lock. Empty when the period
    offers none of them (or does not exist).
    """
    connection = connections[using]
    by, key = ("slug", slug) if slug is not None else ("id", period_id)
    product_ids = None if product_ids is None else sorted(product_ids)
    sql, parts = _offers_statement(using, by, None if product_ids is None else len(product_ids), lock)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, *(product_ids or ())])
        rows = cursor.fetchall()
    offers, period = [], None
    for row in rows:
        built, start = [], 0
        for part in parts:
            built.append(part.build(row[start : start + len(part.names)], connection, using))
            start += len(part.names)
        offer, row_period, product = built
        period = period or row_period
        offer.period = period
        offer.product = product
        offers.append(offer)
    return offers
