-- vecsearch.max_simd_level: superuser-only, clamped to the CPU, and every level computes the same answers.
SELECT vecsearch_simd_info() ~ '^cpu=(scalar|avx2|avx512) selected=(scalar|avx2|avx512) max_simd_level=\w+$' AS well_formed;
SET vecsearch.max_simd_level = scalar;
SELECT vecsearch_simd_info() LIKE '%selected=scalar max_simd_level=scalar' AS scalar_selected;
SET vecsearch.max_simd_level = avx512;
-- Never above what the CPU has.
SELECT (regexp_match(vecsearch_simd_info(), 'cpu=(\w+)'))[1] = (regexp_match(vecsearch_simd_info(), 'selected=(\w+)'))[1]
       AS clamped_to_cpu;
\set VERBOSITY sqlstate
SET vecsearch.max_simd_level = sse9;
\set VERBOSITY default

-- The same distances at every level (long vectors reach the main loops and tails of each kernel).
CREATE TEMP TABLE pairs AS
SELECT n, array_agg((i * 37 % 101) - 50)::vector AS a, array_agg((i * 53 % 89) - 44)::vector AS b
FROM generate_series(1, 300) n, LATERAL generate_series(1, n) i GROUP BY n;
CREATE TEMP TABLE by_level (level text, n int, l2 float8, ip float8, l1 float8, cosine float8);
SET vecsearch.max_simd_level = scalar;
INSERT INTO by_level SELECT 'scalar', n, a <-> b, a <#> b, a <+> b, a <=> b FROM pairs;
SET vecsearch.max_simd_level = avx2;
INSERT INTO by_level SELECT 'avx2', n, a <-> b, a <#> b, a <+> b, a <=> b FROM pairs;
SET vecsearch.max_simd_level = avx512;
INSERT INTO by_level SELECT 'avx512', n, a <-> b, a <#> b, a <+> b, a <=> b FROM pairs;
RESET vecsearch.max_simd_level;
SELECT x.level, count(*) AS compared,
       count(*) FILTER (WHERE x.l2 = s.l2 AND x.ip = s.ip AND x.l1 = s.l1 AND abs(x.cosine - s.cosine) < 1e-6) AS equal
FROM by_level x JOIN by_level s ON s.level = 'scalar' AND s.n = x.n
GROUP BY x.level ORDER BY x.level;

-- Not settable by ordinary users.
CREATE ROLE vecsearch_simd_user;
SET ROLE vecsearch_simd_user;
\set VERBOSITY sqlstate
SET vecsearch.max_simd_level = scalar;
\set VERBOSITY default
RESET ROLE;
DROP ROLE vecsearch_simd_user;
