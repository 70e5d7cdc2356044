"""The anchor of the Jira CSV scan target: a naive polars + scikit-learn script (a benchmark).

What someone would write in an afternoon instead of the tool: read the export with polars, train
TF-IDF + logistic regression on the bundled labelled titles, label every issue's summary,
print the strategic share. It computes no activity, drift, roles, flags or reasons, reads no
localised header and skips no hostile row; it is the floor the tool's scan is compared with
(issue 16: scan ≤ 2× this, measured side by side by ``bench_csv_scale.py``).

    pip install -e '.[bench]'
    python benchmarks/anchor_csv_naive.py FILE.csv
    python benchmarks/anchor_csv_naive.py FILE.csv --descriptions 600

``--descriptions N`` labels each summary with its description's first N characters, the text
the tool's classifier reads (its ``FeatureConfig.description_chars``: 600): the same input, for
comparison only — the issue's target is against the summaries alone (session 23).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import polars as pl
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

TRAINING = Path(__file__).resolve().parent.parent / "models" / "data" / "tickets.csv"


def main(path: str, descriptions: int = 0) -> dict[str, float | int]:
    with TRAINING.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    model = LogisticRegression(max_iter=1000)
    model.fit(vectorizer.fit_transform([r["title"] for r in rows]), [r["label"] for r in rows])

    columns = ["Summary", "Description"] if descriptions else ["Summary"]
    frame = pl.read_csv(path, infer_schema=False, columns=columns)
    texts = frame["Summary"].fill_null("")
    if descriptions:
        texts = texts + " " + frame["Description"].fill_null("").str.slice(0, descriptions)
    titles = texts.to_list()
    labels = model.predict(vectorizer.transform(titles))
    strategic = int((labels == "strategic").sum())
    return {"items": len(titles), "strategic": strategic, "share": strategic / max(1, len(titles))}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="a Jira CSV export")
    parser.add_argument("--descriptions", type=int, default=0, metavar="CHARS")
    args = parser.parse_args()
    print(json.dumps(main(args.file, args.descriptions)))
