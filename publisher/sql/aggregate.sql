-- Ringfence feed aggregation: people's call reports -> list entries (pattern, action, category, score).
--
-- This one file runs unchanged on Apache DataFusion (`ringfence feed aggregate`, embedded) and on
-- Apache Spark (scripts/spark_aggregate.py, or `spark-sql -d now=... -f aggregate.sql`). It uses
-- only SQL both engines read alike: no window functions, no date functions, no integer division
-- whose result type differs (DataFusion divides BIGINTs to a BIGINT, Spark to a DOUBLE: every
-- division below is exact in both, or done on DOUBLE on purpose). Weights are whole micro-units
-- (BIGINT), so sums do not depend on the order an engine adds them in. See docs/reports-format.md.
--
-- Inputs (written by the Rust pre-pass, `ringfence feed aggregate --emit-normalized DIR`):
--   reports(number STRING E.164, reporter BIGINT, category INT, spam INT 1|0, t BIGINT Unix seconds)
--   allow(prefix STRING '+digits', len INT)      -- allowed numbers and ranges, emergency numbers
--   categories(code INT, name STRING)
-- Parameters, substituted as text before the engine sees the file (all whole numbers):
--   ${now} ${half_life_secs} ${min_reporters} ${range_min} ${label_micro} ${silence_micro} ${block_micro}
WITH
-- One vote per reporter and number: the reporter's latest report, packed as t*64 + notspam*32 +
-- category so that one MAX finds it (at equal times "not spam" wins, then the higher category).
-- Repeats of one reporter, on one day or over many, count once: this is the per-reporter cap.
latest AS (
  SELECT number, reporter, MAX(t * 64 + (1 - spam) * 32 + category) AS k
  FROM reports
  GROUP BY number, reporter
),
-- Each vote's weight decays exponentially with its age: 2^(-age / half-life), in micro-units.
votes AS (
  SELECT number, reporter, k % 32 AS category,
         CASE WHEN k % 64 >= 32 THEN 0 ELSE 1 END AS spam,
         CAST(ROUND(POWER(2.0, -CAST(CASE WHEN ${now} - (k - k % 64) / 64 < 0 THEN 0
                                          ELSE ${now} - (k - k % 64) / 64 END AS DOUBLE)
                                / ${half_life_secs}) * 1000000) AS BIGINT) AS w
  FROM latest
),
-- Per number and category: spam reporters, their weight, and the score ("not spam" subtracts).
by_category AS (
  SELECT number, category, SUM(spam) AS reporters,
         SUM(CASE WHEN spam = 1 THEN w ELSE 0 - w END) AS score,
         SUM(CASE WHEN spam = 1 THEN w ELSE 0 END) AS cw
  FROM votes
  GROUP BY number, category
),
-- Per number: the category with the most weight wins (ties: the lower code), packed in one MAX.
numbers AS (
  SELECT number, SUM(reporters) AS reporters, SUM(score) AS score, MAX(cw * 32 + 31 - category) AS top
  FROM by_category
  GROUP BY number
),
-- Numbers on the allow list (or emergency numbers) are never listed nor counted in a range.
kept AS (
  SELECT n.number, n.reporters, n.score, 31 - n.top % 32 AS category
  FROM numbers n
  LEFT ANTI JOIN allow a ON LENGTH(n.number) = a.len AND SUBSTRING(n.number, 1, LENGTH(a.prefix)) = a.prefix
),
exact AS (
  SELECT number AS pattern, score, category
  FROM kept
  WHERE reporters >= ${min_reporters} AND score >= ${label_micro}
),
-- Range inference: the blocks of 10 (one '#') and 100 ('##') neighbours of each number with a
-- positive score. A block with at least ${range_min} such numbers is a candidate; a block of 100
-- also needs them in two or more of its blocks of 10 (else the block of 10 says it better).
members AS (
  SELECT SUBSTRING(number, 1, LENGTH(number) - 1) AS prefix, 1 AS wild, number, score, category,
         SUBSTRING(number, 1, LENGTH(number) - 1) AS decade
  FROM kept WHERE score > 0
  UNION ALL
  SELECT SUBSTRING(number, 1, LENGTH(number) - 2) AS prefix, 2 AS wild, number, score, category,
         SUBSTRING(number, 1, LENGTH(number) - 1) AS decade
  FROM kept WHERE score > 0
),
blocks AS (
  SELECT prefix, wild, SUM(n) AS n, SUM(cs) AS score, MAX(cs * 32 + 31 - category) AS top
  FROM (SELECT prefix, wild, category, COUNT(*) AS n, SUM(score) AS cs, MIN(decade) AS lo, MAX(decade) AS hi
        FROM members GROUP BY prefix, wild, category) c
  GROUP BY prefix, wild
  HAVING SUM(n) >= ${range_min} AND SUM(cs) >= ${label_micro} AND (wild = 1 OR MIN(lo) <> MAX(hi))
),
-- A block needs ${min_reporters} distinct reporters too: one reporter never lists a range alone.
block_reporters AS (
  SELECT m.prefix, m.wild, COUNT(DISTINCT v.reporter) AS reporters
  FROM members m
  JOIN blocks b ON m.prefix = b.prefix AND m.wild = b.wild
  JOIN votes v ON v.number = m.number
  WHERE v.spam = 1
  GROUP BY m.prefix, m.wild
),
ranges AS (
  SELECT b.prefix, b.wild, b.score, 31 - b.top % 32 AS category
  FROM blocks b
  JOIN block_reporters r ON r.prefix = b.prefix AND r.wild = b.wild
  LEFT ANTI JOIN allow a ON LENGTH(b.prefix) + b.wild = a.len
    AND (SUBSTRING(b.prefix, 1, LENGTH(a.prefix)) = a.prefix OR SUBSTRING(a.prefix, 1, LENGTH(b.prefix)) = b.prefix)
  WHERE r.reporters >= ${min_reporters}
),
-- Numbers and blocks of 10 listed inside a listed block of 100 stay listed: the screener uses the
-- most specific entry, so each keeps its own score and action. (Every CTE above is referenced as
-- few times as possible: DataFusion evaluates a CTE once per reference.)
listed AS (
  SELECT pattern, score, category FROM exact
  UNION ALL
  SELECT CONCAT(prefix, CASE WHEN wild = 1 THEN '#' ELSE '##' END) AS pattern, score, category FROM ranges
)
SELECT l.pattern,
       CASE WHEN l.score >= ${block_micro} THEN 'block'
            WHEN l.score >= ${silence_micro} THEN 'silence'
            ELSE 'label' END AS action,
       c.name AS category,
       CAST(ROUND(l.score / 1000.0) AS BIGINT) AS score_milli
FROM listed l
JOIN categories c ON c.code = l.category
ORDER BY l.pattern
