from django.utils.formats import number_format


def rupiah(amount):
    """Whole Rupiah the way the active language writes it: Rp75.000 (id), Rp75,000 (en)."""
    return "Rp" + number_format(int(amount or 0), decimal_pos=0, force_grouping=True)
