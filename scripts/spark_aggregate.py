#!/usr/bin/env python3
"""Runs the feed aggregation (publisher/sql/aggregate.sql) on Apache Spark with PySpark.

The input is the directory `ringfence feed aggregate --emit-normalized DIR` writes: the
normalised reports, the allow list and the categories as Parquet, and the parameters as JSON.
The SQL file is the very one the embedded DataFusion engine runs; only its `${name}`
parameters are replaced here, as the Rust runner does. The output is the same list CSV
(`pattern,action,category,label,score`, sorted by pattern). Prints one JSON summary line.

    python3 scripts/spark_aggregate.py --normalized DIR --out LIST.csv [--master local[*]]

On a cluster: spark-submit --master yarn scripts/spark_aggregate.py --normalized hdfs:///... ;
see docs/reports-format.md.
"""

import argparse
import json
import pathlib
import re
import sys

from pyspark.sql import SparkSession

REPO = pathlib.Path(__file__).resolve().parent.parent
TABLES = ("reports", "allow", "categories")
HEADER = "pattern,action,category,label,score"


def substitute(sql: str, params: dict) -> str:
    """`sql` with each `${name}` replaced by its whole-number value; unknown names are an error."""
    for name, value in params.items():
        sql = sql.replace("${%s}" % name, str(int(value)))
    left = re.findall(r"\$\{(\w+)\}", sql)
    if left:
        sys.exit(f"spark_aggregate: no value for parameter(s) {', '.join(sorted(set(left)))}")
    return sql


def score(milli: int) -> str:
    """The score with three decimals, as the Rust runner writes it."""
    sign = "-" if milli < 0 else ""
    milli = abs(milli)
    return f"{sign}{milli // 1000}.{milli % 1000:03d}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--normalized", required=True, help="directory written by --emit-normalized")
    ap.add_argument("--out", required=True, help="the list CSV to write")
    ap.add_argument("--params", help="params.json (default: the one in --normalized, when local)")
    ap.add_argument("--sql", default=str(REPO / "publisher" / "sql" / "aggregate.sql"))
    ap.add_argument("--master", default="local[*]")
    ap.add_argument("--shuffle-partitions", type=int, default=8)
    args = ap.parse_args()

    base = args.normalized.rstrip("/")
    params = json.loads(pathlib.Path(args.params or f"{base}/params.json").read_text())
    sql = substitute(pathlib.Path(args.sql).read_text(), params)

    spark = (
        SparkSession.builder.master(args.master)
        .appName("ringfence-feed-aggregate")
        .config("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    for table in TABLES:
        spark.read.parquet(f"{base}/{table}.parquet").createOrReplaceTempView(table)
    listed = ranges = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n")
        for row in spark.sql(sql).collect():
            out.write(f"{row.pattern},{row.action},{row.category},,{score(row.score_milli)}\n")
            ranges += row.pattern.endswith("#")
            listed += 1
    spark.stop()
    print(json.dumps({"engine": "spark", "numbers_listed": listed - ranges, "ranges_inferred": ranges}))


if __name__ == "__main__":
    main()
