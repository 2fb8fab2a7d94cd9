"""Bar charts as SVG drawn on the server: no script, readable with JavaScript off, every text escaped.

Pure: plain labels and numbers in, markup out. Each bar carries a <title> with its exact value, and
the chart a <title> and <desc>, so a screen reader (and a long press on a phone) gives the figure.
"""
from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT = 640, 220
TOP, BOTTOM, LEFT = 16, 36, 8


def _px(value):
    """A coordinate with one decimal and a dot, whatever the active language writes."""
    return f"{value:.1f}"


def bar_chart(title, labels, series, *, chart_id, describe=str, short=str):
    """Stacked bars, one per label. `series` = [(name, [value per label])]; `describe(value)` words a value
    in full (the bar's title), `short(value)` above the bar.

    Bars are drawn in the order of `series` from the bottom up, with classes s0, s1, … for colour.
    """
    count = len(labels)
    totals = [sum(values[i] for _name, values in series) for i in range(count)]
    highest = max(totals, default=0) or 1
    slot = (WIDTH - LEFT * 2) / max(count, 1)
    bar = slot * 0.7
    usable = HEIGHT - TOP - BOTTOM
    shapes = []
    every = 2 if count > 8 else 1  # a phone has room for every other label only
    for i, label in enumerate(labels):
        x = LEFT + i * slot + (slot - bar) / 2
        bottom = HEIGHT - BOTTOM
        for number, (name, values) in enumerate(series):
            value = values[i]
            if value <= 0:
                continue
            height = usable * value / highest
            bottom -= height
            shapes.append(
                format_html(
                    '<rect class="s{}" x="{}" y="{}" width="{}" height="{}"><title>{}: {} — {}</title></rect>',
                    number, _px(x), _px(bottom), _px(bar), _px(height), label, name, describe(value),
                )
            )
        if totals[i] and i % every == (count - 1) % every:
            shapes.append(
                format_html('<text class="value" x="{}" y="{}">{}</text>', _px(x + bar / 2), _px(bottom - 3), short(totals[i]))
            )
        if i % every == (count - 1) % every:
            shapes.append(format_html('<text class="label" x="{}" y="{}">{}</text>', _px(x + bar / 2), HEIGHT - BOTTOM + 14, label))
    legend = format_html_join(" · ", '<tspan class="s{}">■</tspan> {}', ((n, name) for n, (name, _v) in enumerate(series)))
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t"><title id="{}-t">{}</title>'
        '<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>{}<text class="legend" x="{}" y="{}">{}</text></svg>',
        WIDTH, HEIGHT, chart_id, chart_id, title,
        LEFT, WIDTH - LEFT, HEIGHT - BOTTOM, HEIGHT - BOTTOM,
        format_html_join("", "{}", ((shape,) for shape in shapes)),
        LEFT, HEIGHT - 4, legend,
    )
