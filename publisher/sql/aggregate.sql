-- Ringfence feed aggregation: people's call reports -> list entries (pattern, action, category, score).
--
-- This one file runs unchanged on Apache DataFusion (`ringfence feed aggregate`, embedded) and on
-- Apache Spark (scripts/spark_aggregate.py, or `spark-sql -f` after the parameters are given). It
-- is a sequence of statements, run in order: each stage is a `CREATE TABLE … AS SELECT`, which
-- both engines materialise once (DataFusion in memory, Spark as a table), so that no stage is
-- computed twice; the one `SELECT` gives the list; the stages are dropped at the end.
-- It uses only SQL both engines read alike: no window functions, no date functions, no integer
-- division whose result type differs (DataFusion divides BIGINTs to a BIGINT, Spark to a DOUBLE:
-- the one division below is exact in both). Numbers are BIGINTs (the E.164 digits, without `+`;
-- a value's digit count is the number's, so the first number of its block of 10 is
-- `number - number % 10`). Weights are whole micro-units (BIGINT), so sums do not depend on the
-- order an engine adds them in. See docs/reports-format.md.
--
-- Inputs (written by the Rust pre-pass, `ringfence feed aggregate --emit-normalized DIR`):
--   reports(number BIGINT, reporter BIGINT, category INT, spam INT 1|0, t BIGINT Unix seconds)
--   allow(lo BIGINT, hi BIGINT)   -- allowed numbers and ranges (first, last), emergency numbers
--   categories(code INT, name STRING)
-- Parameters, substituted as text before the engine sees the file (all whole numbers):
--   ${now} ${half_life_secs} ${min_reporters} ${range_min} ${label_micro} ${silence_micro} ${block_micro}

DROP TABLE IF EXISTS rf_votes;
DROP TABLE IF EXISTS rf_numbers;
DROP TABLE IF EXISTS rf_kept;
DROP TABLE IF EXISTS rf_blocks;
DROP TABLE IF EXISTS rf_listed;

-- Stage 1. One vote per reporter and number: the reporter's latest report, packed as
-- t*64 + notspam*32 + category so that one MAX finds it (at equal times "not spam" wins, then the
-- higher category). Repeats of one reporter, on one day or over many, count once: this is the
-- per-reporter cap. Each vote's weight decays exponentially with its age: 2^(-age / half-life),
-- in micro-units.
CREATE TABLE rf_votes AS
SELECT number, reporter, CAST(k % 32 AS INT) AS category,
       CAST(CASE WHEN k % 64 >= 32 THEN 0 ELSE 1 END AS INT) AS spam,
       CAST(ROUND(POWER(2.0, -CAST(CASE WHEN ${now} - (k - k % 64) / 64 < 0 THEN 0
                                        ELSE ${now} - (k - k % 64) / 64 END AS DOUBLE)
                              / ${half_life_secs}) * 1000000) AS BIGINT) AS w
FROM (SELECT number, reporter, MAX(t * 64 + (1 - spam) * 32 + category) AS k
      FROM reports
      GROUP BY number, reporter) latest;

-- Stage 2. Per number: its spam reporters and its score ("not spam" subtracts). Numbers on the
-- allow list (or emergency numbers) are never listed nor counted in a range.
CREATE TABLE rf_numbers AS
SELECT n.number, n.reporters, n.score
FROM (SELECT number, SUM(spam) AS reporters, SUM(CASE WHEN spam = 1 THEN w ELSE 0 - w END) AS score
      FROM rf_votes
      GROUP BY number) n
LEFT ANTI JOIN allow a ON n.number >= a.lo AND n.number <= a.hi;

-- Stage 3. The numbers the list can use: those listed on their own (the minimum of distinct
-- reporters and a score of at least the label threshold), and the range members, numbers with a
-- positive score whose block of 100 holds at least ${range_min} of them (no range can hold any
-- other; numbers of fewer than three digits have no blocks). Each with its category: the one its
-- spam votes weigh most in (ties: the lower code, packed in one MAX).
CREATE TABLE rf_kept AS
SELECT number, reporters, score, member, 31 - MAX(cw * 32 + 31 - category) % 32 AS category
FROM (SELECT c.number, c.reporters, c.score, c.member, v.category, SUM(v.w) AS cw
      FROM (SELECT n.number, n.reporters, n.score, CASE WHEN h.lo IS NULL THEN 0 ELSE 1 END AS member
            FROM rf_numbers n
            LEFT JOIN (SELECT number - number % 100 AS lo
                       FROM rf_numbers
                       WHERE score > 0 AND number >= 100
                       GROUP BY number - number % 100
                       HAVING COUNT(*) >= ${range_min}) h
              ON h.lo = n.number - n.number % 100 AND n.score > 0 AND n.number >= 100
            WHERE h.lo IS NOT NULL OR (n.reporters >= ${min_reporters} AND n.score >= ${label_micro})) c
      JOIN rf_votes v ON v.number = c.number
      WHERE v.spam = 1
      GROUP BY c.number, c.reporters, c.score, c.member, v.category) by_category
GROUP BY number, reporters, score, member;

-- Stage 4. Range inference: the blocks of 10 (wild 1, one '#') and 100 (wild 2, '##') of the
-- range members, each by its first number `lo`. A block with at least ${range_min} members and a
-- summed score of at least the label threshold is a candidate; a block of 100 also needs them in
-- two or more of its blocks of 10 (else the block of 10 says it better). Its category is the one
-- whose members' scores weigh most.
CREATE TABLE rf_blocks AS
SELECT lo, wild, SUM(cs) AS score, 31 - MAX(cs * 32 + 31 - category) % 32 AS category
FROM (SELECT number - number % 10 AS lo, 1 AS wild, category, COUNT(*) AS n, SUM(score) AS cs,
             MIN(number - number % 10) AS d_lo, MAX(number - number % 10) AS d_hi
      FROM rf_kept WHERE member = 1
      GROUP BY number - number % 10, category
      UNION ALL
      SELECT number - number % 100 AS lo, 2 AS wild, category, COUNT(*) AS n, SUM(score) AS cs,
             MIN(number - number % 10) AS d_lo, MAX(number - number % 10) AS d_hi
      FROM rf_kept WHERE member = 1
      GROUP BY number - number % 100, category) c
GROUP BY lo, wild
HAVING SUM(n) >= ${range_min} AND SUM(cs) >= ${label_micro} AND (wild = 1 OR MIN(d_lo) <> MAX(d_hi));

-- Stage 5. Every entry: the numbers with the minimum of distinct reporters and a score of at
-- least the label threshold, and the candidate blocks that have the minimum of distinct
-- reporters too (one reporter never lists a range alone) and overlap no allowed number; each
-- with its action by the score thresholds.
CREATE TABLE rf_listed AS
WITH block_reporters AS (
  SELECT m.lo, m.wild, COUNT(DISTINCT v.reporter) AS reporters
  FROM (SELECT b.lo, b.wild, k.number
        FROM rf_kept k JOIN rf_blocks b ON b.lo = k.number - k.number % 10
        WHERE b.wild = 1 AND k.member = 1
        UNION ALL
        SELECT b.lo, b.wild, k.number
        FROM rf_kept k JOIN rf_blocks b ON b.lo = k.number - k.number % 100
        WHERE b.wild = 2 AND k.member = 1) m
  JOIN rf_votes v ON v.number = m.number
  WHERE v.spam = 1
  GROUP BY m.lo, m.wild
),
entries AS (
  SELECT number AS lo, 0 AS wild, score, category
  FROM rf_kept
  WHERE reporters >= ${min_reporters} AND score >= ${label_micro}
  UNION ALL
  SELECT b.lo, b.wild, b.score, b.category
  FROM rf_blocks b
  JOIN block_reporters r ON r.lo = b.lo AND r.wild = b.wild
  LEFT ANTI JOIN allow a ON a.lo <= b.lo + CASE WHEN b.wild = 1 THEN 9 ELSE 99 END AND b.lo <= a.hi
  WHERE r.reporters >= ${min_reporters}
)
SELECT lo, wild, score, category,
       CASE WHEN score >= ${block_micro} THEN 'block'
            WHEN score >= ${silence_micro} THEN 'silence'
            ELSE 'label' END AS action
FROM entries;

-- The list. An entry whose nearest listed enclosing range (its block of 10, else its block of
-- 100) has the same action and category says nothing that range does not: it is left out, so
-- the list (and an iOS Call Directory load) is smaller. The screener uses the most specific
-- entry, so every other entry keeps its own score and action.
SELECT CASE WHEN e.wild = 0 THEN CONCAT('+', CAST(e.lo AS STRING))
            ELSE CONCAT('+', SUBSTRING(CAST(e.lo AS STRING), 1, LENGTH(CAST(e.lo AS STRING)) - e.wild),
                        CASE WHEN e.wild = 1 THEN '#' ELSE '##' END) END AS pattern,
       e.action,
       c.name AS category,
       CAST(ROUND(e.score / 1000.0) AS BIGINT) AS score_milli
FROM rf_listed e
JOIN categories c ON c.code = e.category
LEFT JOIN rf_listed d ON e.wild = 0 AND d.wild = 1 AND d.lo = e.lo - e.lo % 10
LEFT JOIN rf_listed h ON e.wild < 2 AND h.wild = 2 AND h.lo = e.lo - e.lo % 100
WHERE NOT (COALESCE(d.action, h.action, '') = e.action AND COALESCE(d.category, h.category, -1) = e.category)
ORDER BY pattern;

DROP TABLE rf_votes;
DROP TABLE rf_numbers;
DROP TABLE rf_kept;
DROP TABLE rf_blocks;
DROP TABLE rf_listed;
