# Memory of statements that touch every row: a backend's private memory stays flat however many rows an
# UPDATE or INSERT ... SELECT feeds through the index (each row's out-of-line vector is detoasted, and must be
# freed again), and a LATERAL join that rescans the index once per outer row with out-of-line query vectors.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

my $rows = 100_000;
my $node = new_node('memory');
# vector(768) is 3 kB, stored out of line (TOAST): every index insert and every rescan detoasts a copy.
$node->safe_psql('postgres', qq{
	CREATE TABLE items (id int PRIMARY KEY, tag int, v vector(768));
	INSERT INTO items SELECT i, 0, array_fill(i::real, ARRAY[768])::vector FROM generate_series(1, $rows) i;
	CREATE INDEX items_v ON items USING hnsw (v vector_l2_ops) WITH (m = 4, ef_construction = 8);
	CREATE INDEX items_tag ON items (tag); -- every UPDATE of tag is then non-HOT: a new entry in every index
	VACUUM ANALYZE items;
});
is($node->safe_psql('postgres', q{
	SELECT pg_relation_size(reltoastrelid) > 20 * pg_relation_size('items') FROM pg_class WHERE relname = 'items'
}), 't', 'the vectors live in TOAST');

# 100,000 rows x 3 kB would be 300 MB kept; allow 20 MB for everything else.
my $growth = private_memory_growth($node, 'UPDATE items SET tag = tag + 1');
diag("private memory growth during a non-HOT UPDATE of $rows rows of vector(768): $growth kB");
cmp_ok($growth, '<', 20_000, 'a non-HOT UPDATE keeps the backend memory flat');
is($node->safe_psql('postgres', q{
	SET enable_seqscan = off;
	EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY v <-> (SELECT v FROM items WHERE id = 7) LIMIT 3;
}) =~ /Index Scan using items_v/ ? 1 : 0, 1, 'the index answers after the UPDATE');

$growth = private_memory_growth($node, "INSERT INTO items SELECT id + $rows, tag, v FROM items WHERE id <= 20000");
diag("private memory growth during INSERT ... SELECT of 20,000 out-of-line vectors: $growth kB");
cmp_ok($growth, '<', 20_000, 'INSERT ... SELECT of out-of-line vectors keeps the backend memory flat');

# A LATERAL join rescans the index once per outer row with another query vector (the executor hands the AM
# runtime keys already detoasted; the scan's own per-rescan state must not pile up either). No JIT: compiling
# the plan's expressions alone takes some 20 MB.
$growth = private_memory_growth($node, q{
	SELECT count(*) FROM items q, LATERAL (SELECT id FROM items i ORDER BY i.v <-> q.v LIMIT 1) n WHERE q.id <= 20000
}, 'SET jit = off; SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off;');
diag("private memory growth during 20,000 LATERAL rescans with out-of-line query vectors: $growth kB");
cmp_ok($growth, '<', 20_000, 'rescans with out-of-line query vectors keep the backend memory flat');

$node->stop;
done_testing();
