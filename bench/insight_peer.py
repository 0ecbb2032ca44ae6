#!/usr/bin/python3
"""A straightforward Python reference of the emerging-term step (docs/insight.md), for
bench/insight_bench.cpp: Debian's python3-jieba and python3-pandas on the same tickets.

  insight_peer.py FILE.csv    FILE in the columns of `zhengban insight generate` (留言主题, 留言时间,
                              留言详情, …); prints the emerging terms, then on its last line
                              "peer_seconds=<s> peer_cpu_seconds=<c> tickets=<n> terms=<t> emerging=<e>"

The step: each ticket's terms (jieba.lcut with the HMM; words of two or more ideographs that are
not stop words, ranked by tf x idf with the title counted twice, the best 10), the tickets per
term per day, and the same test as src/analytics/emerging.cpp: over the last 7 days a term has x
tickets out of T, over the 56 days before it b out of B, E = T (b + 0.5) / (B + 1), flagged when
x >= 8, x >= 3 E and P(X >= x | Poisson(E)) <= 1e-8, with at least 28 days of history.
"""
import logging
import math
import os
import re
import sys
import time

import jieba
import jieba.analyse
import numpy as np
import pandas as pd

HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")
STOP = set("您好 你好 书记 市长 领导 问题 反映 希望 请问 谢谢 感谢 小区 我们 他们 现在 已经 没有 "
           "一个 这个 什么 进行 相关 部门 情况 目前 今年 如何 是否 可以 因为 所以 但是".split())
WINDOW, BASELINE, MIN_HISTORY = 7, 56, 28
MIN_COUNT, MIN_RATIO, MIN_SURPRISE = 8, 3.0, 8.0


def idf_table():
    path = os.path.join(os.path.dirname(jieba.analyse.__file__), "idf.txt")
    idf = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, value = line.rstrip("\n").partition(" ")
            if value:
                idf[word] = float(value)
    return idf, float(np.median(list(idf.values())))


def terms_of(title, content, idf, median):
    weights = {}
    for text, factor in ((title, 2.0), (content, 1.0)):
        for word in jieba.lcut(text):
            if HAN.match(word) and word not in STOP:
                weights[word] = weights.get(word, 0.0) + factor
    ranked = sorted(weights, key=lambda w: -weights[w] * idf.get(w, median))
    return ranked[:10]


def poisson_surprise(x, expected):
    """-log10 P(X >= x) for X ~ Poisson(expected)."""
    log_terms = [k * math.log(expected) - expected - math.lgamma(k + 1) for k in range(x, x + 200)]
    top = max(log_terms)
    tail = top + math.log(sum(math.exp(t - top) for t in log_terms))
    return -tail / math.log(10)


def main():
    logging.getLogger("jieba").setLevel(logging.ERROR)
    jieba.initialize()
    idf, median = idf_table()
    tickets = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
    start, cpu = time.perf_counter(), time.process_time()
    day = pd.to_datetime(tickets["留言时间"].str.slice(0, 10)).dt.normalize()
    rows = []
    for d, title, content in zip(day, tickets["留言主题"], tickets["留言详情"]):
        for term in terms_of(title, content, idf, median):
            rows.append((d, term))
    pairs = pd.DataFrame(rows, columns=["day", "term"])
    days = pd.date_range(day.min(), day.max(), freq="D")
    counts = pairs.groupby(["day", "term"]).size().unstack(fill_value=0).reindex(days, fill_value=0)
    total = day.value_counts().reindex(days, fill_value=0)
    x = counts.rolling(WINDOW, min_periods=1).sum()
    t = total.rolling(WINDOW, min_periods=1).sum()
    b = counts.shift(WINDOW).rolling(BASELINE, min_periods=1).sum().fillna(0)
    bt = total.shift(WINDOW).rolling(BASELINE, min_periods=1).sum().fillna(0)
    expected = (b + 0.5).mul(t, axis=0).div(bt + 1, axis=0)
    history = pd.Series(np.arange(len(days)) - WINDOW + 1, index=days) >= MIN_HISTORY
    candidate = (x >= MIN_COUNT) & (x >= MIN_RATIO * expected)
    candidate = candidate.mul(history, axis=0)
    found = {}
    for d, term in zip(*np.nonzero(candidate.to_numpy())):
        s = poisson_surprise(int(x.iat[d, term]), float(expected.iat[d, term]))
        name = counts.columns[term]
        if s >= MIN_SURPRISE and s > found.get(name, (0, None))[0]:
            found[name] = (s, days[d].date())
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    for name, (s, d) in sorted(found.items(), key=lambda kv: -kv[1][0])[:20]:
        print(f"{name}\t{d}\t{s:.1f}")
    print(f"peer_seconds={seconds:.2f} peer_cpu_seconds={cpu:.2f} tickets={len(tickets)} terms={counts.shape[1]} "
          f"emerging={len(found)}")


if __name__ == "__main__":
    main()
