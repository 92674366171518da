-- Distances on PostgreSQL's bit type as pgvector adds them: hamming_distance (<~>) and jaccard_distance (<%>).
-- The expected output was compared with pgvector 0.8.6 running the same statements (identical).
SELECT hamming_distance('101', '011'), jaccard_distance('101', '011'), '101'::bit(3) <~> '011', '101'::bit(3) <%> '011';
SELECT hamming_distance('000', '000'), jaccard_distance('000', '000'), jaccard_distance('100', '000'), jaccard_distance('111', '111');
SELECT regress_try('SELECT jaccard_distance(''101'', ''0110'')') AS jaccard_lengths;
SELECT hamming_distance(B'', B'');
SELECT jaccard_distance(B'', B'');
SELECT hamming_distance('101'::varbit, '011'::varbit);
SELECT hamming_distance(repeat('1', 1000)::bit(1000), repeat('01', 500)::bit(1000)), jaccard_distance(repeat('1', 1000)::bit(1000), repeat('01', 500)::bit(1000));
SELECT hamming_distance(binary_quantize('[1,-1,2,-3]'::vector), binary_quantize('[-1,-1,2,3]'::vector));
SELECT '101'::bit(3) <~> NULL;
SELECT oprname, oprleft::regtype, oprright::regtype, oprresult::regtype, oprcode, oprcom::regoper FROM pg_operator WHERE oprname IN ('<~>', '<%>') ORDER BY 1;
SELECT n, hamming_distance(a, b), jaccard_distance(a, b) FROM (SELECT n, (SELECT string_agg(((i * 7 + n) % 3 = 0)::int::text, '') FROM generate_series(1, n) i)::varbit AS a, (SELECT string_agg(((i * 5 + n) % 4 = 0)::int::text, '') FROM generate_series(1, n) i)::varbit AS b FROM generate_series(1, 70) n) s ORDER BY n;
SELECT regress_try('SELECT hamming_distance(''101'', ''0110'')') AS different_lengths;
