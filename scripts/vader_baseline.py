#!/usr/bin/env python3
"""VADER's three-class accuracy on the VADER ground-truth files, labelled the way
`switchboard eval --sentiment` labels them (mean rating > 0.05 positive, < -0.05 negative,
else neutral; VADER compound >= 0.05 positive, <= -0.05 negative, its documented thresholds).

Benchmark tooling only (not part of the product):  pip install vaderSentiment
Usage: scripts/vader_baseline.py ../shared/datasets/sentiment/tweets_GroundTruth.txt
"""
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def gold(rating):
    return "positive" if rating > 0.05 else ("negative" if rating < -0.05 else "neutral")


def vader(compound):
    return "positive" if compound >= 0.05 else ("negative" if compound <= -0.05 else "neutral")


analyzer = SentimentIntensityAnalyzer()
for path in sys.argv[1:]:
    rows = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle.read().splitlines():
            if line.strip():
                _, rating, text = line.split("\t", 2)
                rows.append((float(rating), text))
    correct = sum(vader(analyzer.polarity_scores(text)["compound"]) == gold(rating) for rating, text in rows)
    print(f"{path}: {len(rows)} texts, VADER accuracy {correct / len(rows):.4f}")
