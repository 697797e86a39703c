#!/usr/bin/env python3
"""survey-pandas.py - an independent computation of cs-survey score with
pandas, for the benchmark (scripts/bench-survey.sh) to time and compare.

    survey-pandas.py RESPONSES.CSV SEGMENTS.CSV

SEGMENTS.CSV has customer_id and a group label in its last column.
Prints, per group: the SERVQUAL dimension gaps (mean of the paired item
gaps), the unweighted SERVQUAL score, Cronbach's alpha of each
dimension's perception items over complete cases, NPS and CSAT, in the
rows and decimals of cs-survey score, sorted the same way.
"""
import sys

import pandas as pd

DIMS = {"tangibles": range(1, 5), "reliability": range(5, 10),
        "responsiveness": range(10, 14), "assurance": range(14, 18),
        "empathy": range(18, 23)}


def alpha(frame):
    """Cronbach's alpha of the columns of frame over its complete rows."""
    x = frame.dropna()
    k = x.shape[1]
    return len(x), k / (k - 1) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=1))


def main():
    resp = pd.read_csv(sys.argv[1], dtype={"score": float})
    resp = resp[resp["survey"] == "servqual"]
    seg = pd.read_csv(sys.argv[2], dtype=str)
    seg = seg.rename(columns={seg.columns[-1]: "group"})[["customer_id", "group"]]
    wide = resp.pivot_table(index=["response_id", "customer_id"], columns="item",
                            values="score", aggfunc="first").reset_index()
    wide = wide.merge(seg, on="customer_id", how="left").fillna({"group": "(none)"})
    out = []
    for group, g in sorted(wide.groupby("group"), key=lambda t: t[0].encode()):
        gaps = []
        for dim, items in DIMS.items():
            item_gaps = [(g[f"P{i:02d}"] - g[f"E{i:02d}"]).mean() for i in items]
            gaps.append(sum(item_gaps) / len(item_gaps))
            out.append(f"{group},gap,{dim},{gaps[-1]:.4f}")
        for dim, items in DIMS.items():
            n, a = alpha(g[[f"P{i:02d}" for i in items]])
            out.append(f"{group},alpha,{dim},{a:.6f}")
        out.append(f"{group},servqual,unweighted,{sum(gaps) / len(gaps):.4f}")
        nps = g["NPS"].dropna()
        out.append(f"{group},nps,NPS,{100 * ((nps >= 9).mean() - (nps <= 6).mean()):.2f}")
        csat = g["CSAT"].dropna()
        out.append(f"{group},csat,CSAT,{100 * (csat >= 4).mean():.2f}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
