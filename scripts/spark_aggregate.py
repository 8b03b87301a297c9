#!/usr/bin/env python3
"""Runs the feed aggregation (publisher/sql/aggregate.sql) on Apache Spark with PySpark.

The input is the directory `ringfence feed aggregate --emit-normalized DIR` writes: the
normalised reports, the allow list and the categories as Parquet, and the parameters as JSON.
The SQL file is the very one the embedded DataFusion engine runs: its `${name}` parameters are
replaced and its statements run in order, as the Rust runner does (its `CREATE TABLE … AS`
stages become tables in the Spark warehouse, dropped by the file's last statements; its one
`SELECT` is the list). The output is the same list CSV (`pattern,action,category,label,score`,
sorted by pattern). Prints one JSON summary line.

    python3 scripts/spark_aggregate.py --normalized DIR --out LIST.csv [--master local[*]]

On a cluster: spark-submit --master yarn scripts/spark_aggregate.py --normalized hdfs:///... ;
see docs/reports-format.md.
"""

import argparse
import json
import pathlib
import re
import sys
import tempfile

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


def statements(sql: str) -> list:
    """The statements of `sql` in order, as publisher/src/script.rs splits them: a `--` comment
    runs to the end of its line, a statement ends at `;`, neither inside a '...' literal."""
    out, current, quoted, comment, i = [], [], False, False, 0
    while i < len(sql):
        c = sql[i]
        if comment:
            if c == "\n":
                comment = False
                current.append(c)
        elif c == "'":
            quoted = not quoted
            current.append(c)
        elif c == "-" and not quoted and sql[i + 1 : i + 2] == "-":
            comment = True
        elif c == ";" and not quoted:
            out.append("".join(current).strip())
            current = []
        else:
            current.append(c)
        i += 1
    out.append("".join(current).strip())
    return [s for s in out if s]


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
    ap.add_argument(
        "--warehouse",
        help="where the stage tables go (default: a temporary directory in local mode, else the cluster's warehouse)",
    )
    args = ap.parse_args()

    base = args.normalized.rstrip("/")
    params = json.loads(pathlib.Path(args.params or f"{base}/params.json").read_text())
    sql = statements(substitute(pathlib.Path(args.sql).read_text(), params))
    selects = [s for s in sql if s[:6].lower() == "select"]
    if len(selects) != 1:
        sys.exit("spark_aggregate: the SQL file must have exactly one SELECT statement")

    with tempfile.TemporaryDirectory(prefix="ringfence-warehouse-") as scratch:
        builder = (
            SparkSession.builder.master(args.master)
            .appName("ringfence-feed-aggregate")
            .config("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", "2g")
        )
        warehouse = args.warehouse or (scratch if args.master.startswith("local") else None)
        if warehouse:
            builder = builder.config("spark.sql.warehouse.dir", warehouse)
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        for table in TABLES:
            spark.read.parquet(f"{base}/{table}.parquet").createOrReplaceTempView(table)
        rows = []
        for statement in sql:
            result = spark.sql(statement)
            if statement is selects[0]:
                rows = result.collect()
        spark.stop()
    ranges = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n")
        for row in rows:
            out.write(f"{row.pattern},{row.action},{row.category},,{score(row.score_milli)}\n")
            ranges += row.pattern.endswith("#")
    print(json.dumps({"engine": "spark", "numbers_listed": len(rows) - ranges, "ranges_inferred": ranges}))


if __name__ == "__main__":
    main()
