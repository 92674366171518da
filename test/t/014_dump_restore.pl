# pg_dump and restore of a schema using every type and the idioms pgvector users copy: vector, halfvec,
# sparsevec and bit columns with typmods, an hnsw index, a partial expression hnsw index (pgvector's FAQ), btree
# indexes on halfvec and sparsevec (the column `loose` holds 2-d vectors for model 1 and 4-d ones for the others,
# as in that FAQ). Plain and custom formats restore into a fresh database with every value
# identical (text and binary), the indexes in place and answering, and the checker clean.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

my $node = VecsearchTest::new_node('dump');
$node->safe_psql('postgres', q{
	CREATE TABLE items (id int PRIMARY KEY, model_id int, embedding vector(3), half halfvec(3), sparse sparsevec(6),
	                    bits bit(4), loose vector);
	INSERT INTO items
	SELECT i, i % 3,
	       ARRAY[sin(i), cos(i), i % 7 - 3]::real[]::vector,
	       ARRAY[i % 5 - 2, (i * 0.25)::numeric, -1.5]::halfvec,
	       format('{%s:%s,%s:-1}/6', i % 3 + 1, i * 0.5, i % 3 + 4)::sparsevec,
	       (i % 16)::bit(4),
	       CASE WHEN i % 3 = 1 THEN ARRAY[i % 11, i % 13 + 1]::real[]::vector ELSE ARRAY[1, 2, 3, i]::real[]::vector END
	FROM generate_series(1, 2000) i;
	INSERT INTO items VALUES (0, 0, '[-0,3.4028235e38,1e-45]', '[-0,65504,6e-8]', '{}/6', B'0000', NULL);
	CREATE INDEX items_embedding ON items USING hnsw (embedding vector_l2_ops) WITH (m = 8, ef_construction = 32);
	CREATE INDEX items_model_1 ON items USING hnsw ((loose::vector(2)) vector_cosine_ops) WHERE (model_id = 1);
	CREATE INDEX items_half ON items (half);
	CREATE INDEX items_sparse ON items (sparse);
});

# Every value as text, and every row's binary send form, as one digest each.
my $digest = q{
	SELECT md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s', id, model_id, embedding, half, sparse, bits, loose), E'\n'
	                      ORDER BY id)),
	       md5(string_agg(vector_send(embedding) || halfvec_send(half) || sparsevec_send(sparse), '' ORDER BY id))
	FROM items};
my $before = $node->safe_psql('postgres', $digest);

my $dir = PostgreSQL::Test::Utils::tempdir();
for my $format ('plain', 'custom')
{
	my $file = "$dir/items.$format";
	my $db = "restored_$format";
	$node->command_ok([ 'pg_dump', '-F', substr($format, 0, 1), '-f', $file, '-d', $node->connstr('postgres') ],
		"pg_dump, $format format");
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	if ($format eq 'plain')
	{
		$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', $file, '-d', $node->connstr($db) ],
			"restore of the plain dump");
	}
	else
	{
		$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr($db), $file ],
			"pg_restore of the custom dump");
	}
	is($node->safe_psql($db, $digest), $before, "$format: every value identical, as text and as binary");
	is($node->safe_psql($db, q{SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'items'}),
		'items_embedding,items_half,items_model_1,items_pkey,items_sparse', "$format: every index restored");

	my $knn = q{SELECT id FROM items ORDER BY embedding <-> '[0.5,0.5,0]' LIMIT 5};
	my $plan = $node->safe_psql($db, "SET enable_seqscan = off; EXPLAIN (COSTS OFF) $knn");
	like($plan, qr/Index Scan using items_embedding/, "$format: the hnsw index answers");
	is($node->safe_psql($db, "SET enable_seqscan = off; $knn"),
		$node->safe_psql($db, "SET enable_indexscan = off; SET enable_bitmapscan = off; $knn"),
		"$format: the restored index gives the exact nearest rows");
	my $faq = q{SELECT id FROM items WHERE model_id = 1 ORDER BY loose::vector(2) <=> '[3,1]' LIMIT 5};
	like($node->safe_psql($db, "SET enable_seqscan = off; EXPLAIN (COSTS OFF) $faq"), qr/Index Scan using items_model_1/,
		"$format: the partial expression index answers");
	like($node->safe_psql($db, q{SET enable_seqscan = off; EXPLAIN (COSTS OFF) SELECT id FROM items WHERE half = '[0,0.5,-1.5]'}),
		qr/Index Scan (using|on) items_half/, "$format: the halfvec btree index answers");
	is(VecsearchTest::index_problems($node, 'items_embedding', $db), '', "$format: the checker finds the hnsw index sound");
}

$node->stop;
done_testing();
