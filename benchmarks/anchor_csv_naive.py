"""The anchor of the Jira CSV scan target: a naive polars + scikit-learn script (a benchmark).

What someone would write in an afternoon instead of the tool: read the export with polars, train
TF-IDF + logistic regression on the bundled labelled titles, label every issue's summary,
print the strategic share. It computes no activity, drift, roles, flags or reasons, reads no
localised header and skips no hostile row; it is the floor the tool's scan is compared with
(issue 16: scan ≤ 2× this, measured side by side by ``bench_csv_scale.py``).

    pip install -e '.[bench]'
    python benchmarks/anchor_csv_naive.py FILE.csv
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import polars as pl
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

TRAINING = Path(__file__).resolve().parent.parent / "models" / "data" / "tickets.csv"


def main(path: str) -> dict[str, float | int]:
    with TRAINING.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    model = LogisticRegression(max_iter=1000)
    model.fit(vectorizer.fit_transform([r["title"] for r in rows]), [r["label"] for r in rows])

    frame = pl.read_csv(path, infer_schema=False, columns=["Summary"])
    titles = frame["Summary"].fill_null("").to_list()
    labels = model.predict(vectorizer.transform(titles))
    strategic = int((labels == "strategic").sum())
    return {"items": len(titles), "strategic": strategic, "share": strategic / max(1, len(titles))}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
