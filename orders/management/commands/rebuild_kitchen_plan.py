"""Rebuild the kept kitchen plan from the full planner and say whether the kept figures matched."""
import time

from django.core.management.base import BaseCommand

from orders.services.kitchen import rebuild_kitchen_plan


class Command(BaseCommand):
    help = "Re-plan every waiting order from scratch and store the kitchen's minutes per day."

    def handle(self, *args, **options):
        started = time.perf_counter()
        before, after, stale = rebuild_kitchen_plan()
        elapsed = time.perf_counter() - started
        days = len({day for day, _period in after.promised})
        summary = f"{days} production days, {len(after.late)} orders late, rebuilt in {elapsed * 1000:.0f} ms"
        if stale:
            self.stdout.write(f"The kept figures were stale (a new day or a calendar change); {summary}.")
        elif (before.promised, before.late, before.spare_made) == (after.promised, after.late, after.spare_made):
            self.stdout.write(f"The kept figures were identical to a full re-plan; {summary}.")
        else:
            over = [day for day, minutes in _by_day(before).items() if minutes > _by_day(after).get(day, 0)]
            self.stdout.write(
                self.style.WARNING(f"The kept figures differed from a full re-plan (more promised on {len(over)} days); {summary}.")
            )


def _by_day(figures):
    totals = {}
    for (day, _period), minutes in figures.promised.items():
        totals[day] = totals.get(day, 0) + minutes
    return totals
