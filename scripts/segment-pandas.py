#!/usr/bin/env python3
"""RFM (tie-aware tiles, the default of cs-segment(1)) and ABC computed
with pandas straight from the CSV files, as an analyst would without cs:
the comparison for scripts/bench-segment.sh, and a second, independent
implementation of the rules of cs-segment(1) to check its output
against.

Of n customers, one with a better value than w of them and the same
value as e (itself included) scores 1 + floor(k (w + e - 1) / n), the
tile of the last place of its ties: equal values share a score.
w + e is pandas' rank(method="max") on integers, so the arithmetic is
exact.

    segment-pandas.py DATADIR AS_OF > out.csv

Prints customer_id,rfm_r,rfm_f,rfm_m,abc_class for every customer.
Amounts are turned into integer cents from their text (the benchmark
data always has two decimals), so no float touches money.
"""
import sys
import pandas as pd

data, as_of = sys.argv[1], pd.Timestamp(sys.argv[2])
end = as_of.strftime("%Y-%m-%d")
start = (as_of - pd.DateOffset(months=12)).strftime("%Y-%m-%d")
k = 5

cust = pd.read_csv(f"{data}/customers.csv", usecols=["customer_id"], dtype=str)
inv = pd.read_csv(f"{data}/invoices.csv", usecols=["customer_id", "issued_on", "amount"],
                  dtype=str)
pay = pd.read_csv(f"{data}/payments.csv", usecols=["customer_id", "paid_on"], dtype=str)

inv = inv[(inv.issued_on > start) & (inv.issued_on <= end)]
inv = inv.assign(cents=inv.amount.str.replace(".", "", regex=False).astype("int64"))
g = inv.groupby("customer_id")
rev = g.cents.sum().rename("revenue")
cnt = inv[inv.cents > 0].groupby("customer_id").size().rename("invoices")
last = pay[pay.paid_on <= end].groupby("customer_id").paid_on.max()
days = (as_of - pd.to_datetime(last)).dt.days.rename("days")

df = cust.set_index("customer_id").join([rev, cnt, days])
df["revenue"] = df.revenue.fillna(0).astype("int64")
df["invoices"] = df.invoices.fillna(0).astype("int64")
df = df.reset_index()
n = len(df)


def tiles(frame, key):
    """Score 1..k, higher key better; equal keys share their last place's tile."""
    last = frame[key].rank(method="max").astype("int64") - 1
    return 1 + k * last // n


# Recency: the never-paid are worse than any recency (they count in the
# others' w) and score 1 themselves; fewer days are better.
df["rkey"] = -df.days.fillna(10**9).astype("int64")
df["r"] = tiles(df, "rkey")
df.loc[df.days.isna(), "r"] = 1
df["f"] = tiles(df, "invoices")
df["m"] = tiles(df, "revenue")

order = df.sort_values(["revenue", "customer_id"], ascending=[False, True])
pos = order.revenue.clip(lower=0)
cum = pos.cumsum()
total = pos.sum()
cls = pd.Series("C", index=order.index)
cls[(order.revenue > 0) & (cum * 100 <= 80 * total)] = "A"
cls[(order.revenue > 0) & (cum * 100 > 80 * total) & (cum * 100 <= 95 * total)] = "B"
df["abc"] = cls

df = df.sort_values("customer_id")
df[["customer_id", "r", "f", "m", "abc"]].to_csv(
    sys.stdout, index=False, header=["customer_id", "rfm_r", "rfm_f", "rfm_m", "abc_class"])
