"""Weekly sales summary from the till's CSV export (columns: date, sku, quantity, total)."""
import csv
import sys
from collections import defaultdict
from datetime import date


def load_sales(path):
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            yield date.fromisoformat(row["date"]), row["sku"], int(row["quantity"]), float(row["total"])


def weekly_totals(sales):
    totals = defaultdict(float)
    for day, _sku, _quantity, total in sales:
        year, week, _ = day.isocalendar()
        totals[(year, week)] += total
    return dict(sorted(totals.items()))


if __name__ == "__main__":
    for (year, week), total in weekly_totals(load_sales(sys.argv[1])).items():
        print(f"{year}-W{week:02d}  {total:10.2f}")
