-- Text input and output of `vector`, the typmod, and every input error of the contract with its SQLSTATE.
-- Accepted forms: white space around numbers and brackets, signs, exponents, hex, underflow to zero.
SELECT '[1,2,3]'::vector;
SELECT ' [ 1 , -2.5 ,3e2 ] '::vector;
SELECT '[+1]'::vector, '[0x10]'::vector, '[1e-50]'::vector, '[-1e-50]'::vector;
SELECT '[100000,1000000,0.0001,0.00001,123456789,-0,1.5,3.4028235e38,1.4e-45]'::vector;
SELECT '[0.1,0.2,0.3333333333]'::vector;

-- Output is float4out's shortest exact form: compare with real's own output on 100,000 random floats over the
-- whole float range, normal and subnormal.
SELECT setseed(0.42);
SELECT count(*) AS mismatches
FROM (SELECT (CASE WHEN random() < 0.5 THEN '-' ELSE '' END || (1 + 9 * random())::numeric(12, 10)::text || 'e'
              || (floor(random() * 82) - 44)::text)::real AS x
      FROM generate_series(1, 100000)) s
WHERE format('[%s]', x::text) <> ARRAY[x]::vector::text
   OR ARRAY[x]::vector::text::vector <> ARRAY[x]::vector;

-- Syntax errors (22P02).
SELECT regress_try(format('SELECT %L::vector', t)) AS result, t AS input
FROM unnest(ARRAY['1,2', '', '[', '[1,2', '[1,,2]', '[1 2]', '[1,2]x', '[a]', '[1e]', '[,1]', '[1,]', ']',
                  '[1]]', '[[1]]', '[1;2]']) t;

-- pgvector's DETAIL lines, and its order of checks where an input has more than one fault ('[ ]x' is empty
-- before it is junk; the 16,001st element is one too many before it is NaN).
SELECT regress_try_detail(format('SELECT %L::vector', t)) AS result, t AS input
FROM unnest(ARRAY['1,2', '{1,2}', '', '   ', '[1,2]x', '[1] ]', '[ ]x', '[]x', '[1,2']) t;
SELECT regress_try('SELECT (''['' || repeat(''1,'', 16000) || ''nan]'')::vector') AS too_many_before_nan;
-- In every context: COPY too.
CREATE TEMP TABLE copy_detail (v vector);
COPY copy_detail FROM STDIN;
[1,2]x
\.
DROP TABLE copy_detail;

-- The input is quoted whole, however long, and never cut inside a multibyte character (the message is valid
-- UTF-8); an out-of-range number is quoted whole too.
SELECT regress_try(format('SELECT %L::vector', t)) = '22P02: invalid input syntax for type vector: "' || t || '"'
       AS quoted_whole, length(t)
FROM unnest(ARRAY['[1,2,' || repeat('x', 300) || ']', '[' || repeat('é', 150) || ']']) t;
SELECT regress_try(format('SELECT %L::vector', '[1e' || repeat('9', 300) || ']'))
       = '22003: "1e' || repeat('9', 300) || '" is out of range for type vector' AS number_quoted_whole;

-- Values that parse but are not allowed.
SELECT regress_try(format('SELECT %L::vector', t)) AS result, t AS input
FROM unnest(ARRAY['[]', '[ ]', '[NaN]', '[Infinity]', '[-inf]', '[1,nan]', '[1e39]', '[-1e39]', '[1,3.5e38]']) t;

-- Dimension limits: 16,000 is the most a vector may have.
SELECT vector_dims(('[' || array_to_string(array_fill(1, ARRAY[16000]), ',') || ']')::vector);
SELECT regress_try('SELECT (''['' || array_to_string(array_fill(1, ARRAY[16001]), '','') || '']'')::vector');

-- Typmod.
CREATE TABLE typed (v vector(3));
INSERT INTO typed VALUES ('[1,2,3]');
SELECT regress_try('INSERT INTO typed VALUES (''[1,2]'')');
SELECT regress_try('INSERT INTO typed VALUES (''[1,2,3,4]'')');
SELECT * FROM typed;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'typed'::regclass AND attname = 'v';
SELECT '[1,2,3]'::vector(3), regress_try('SELECT ''[1,2,3]''::vector(2)');
SELECT regress_try(format('SELECT NULL::%s', t)) AS result, t AS type
FROM unnest(ARRAY['vector(0)', 'vector(16001)', 'vector(1,2)', 'vector(-1)', 'vector(16000)', 'vector(1)']) t;
DROP TABLE typed;

-- A column without typmod holds mixed dimensions; NULLs pass through untouched.
CREATE TABLE mixed (id int, v vector);
INSERT INTO mixed VALUES (1, '[1]'), (2, '[1,2]'), (3, NULL), (4, '[1,2,3]');
SELECT id, v, vector_dims(v) FROM mixed ORDER BY id;
DROP TABLE mixed;

-- Storage: external (out of line, uncompressed), 4 * dims + 8 bytes per value.
SELECT typstorage, typlen, typalign FROM pg_type WHERE typname = 'vector';
SELECT pg_column_size('[1,2,3]'::vector), pg_column_size(array_fill(1, ARRAY[1000])::vector);
