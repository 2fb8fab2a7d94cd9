"""The Django permissions the supplier pages check. orders/roles.py names them in its ACTIONS
table (it may import this app; this app may not import orders), so the roles table stays the one
place that says which role may do what."""

VIEW = ("suppliers.view_supplier", "suppliers.view_supplierorder")
CHANGE_SUPPLIERS = ("suppliers.add_supplier", "suppliers.change_supplier")
MANAGE_ORDERS = ("suppliers.add_supplierorder", "suppliers.change_supplierorder")
PAY = ("suppliers.add_supplierpayment",)
