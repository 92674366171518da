# Memory of statements that touch every row: a backend's private memory stays flat however many rows an
# UPDATE or INSERT ... SELECT feeds through the index (each row's out-of-line vector is detoasted, and must be
# freed again), and a LATERAL join that rescans the index once per outer row with out-of-line query vectors;
# VACUUM stays within maintenance_work_mem.
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
# Collinear vectors at m = 4, built in parallel: the build's repair used to leave most elements cut off on
# layer 0 here (searches still answered, through the upper layers).
is(index_problems($node, 'items_v'), '', 'checker finds no problem after the build');

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

# An iterative scan asked for every row stops measuring when its memory passes work_mem (it used to estimate
# its candidates at 128 bytes each and was several times over), then returns what it measured.
$growth = private_memory_growth($node, q{
	SELECT count(*) FROM (SELECT id FROM items ORDER BY v <-> array_fill(5.5::real, ARRAY[768])::vector LIMIT 200000) s
}, "SET jit = off; SET enable_seqscan = off; SET hnsw.iterative_scan = relaxed_order;
    SET hnsw.max_scan_tuples = 1000000; SET work_mem = '2MB';");
diag("private memory growth during an iterative scan for every row at work_mem 2MB: $growth kB");
cmp_ok($growth, '<', 2048 + 3000, 'an iterative scan stays within work_mem plus a small constant');

# The six nearest distances to the vector of all $x, by the index ($seqscan 'off') or by a sequential scan:
# distances, not ids, since rows with identical vectors tie.
sub nearest_distances
{
	my ($x, $seqscan) = @_;
	my $q = "array_fill(${x}::real, ARRAY[768])::vector";
	my $settings = $seqscan eq 'off' ? 'SET enable_seqscan = off;' : 'SET enable_indexscan = off;';
	my $sql = "SELECT v <-> $q AS d FROM items ORDER BY v <-> $q LIMIT 6";
	die "the index was not chosen for $sql" if $seqscan eq 'off' && !index_scan_plan($node, $sql, 'items_v', $settings);
	return $node->safe_psql('postgres', qq{$settings
		SELECT string_agg(round(d::numeric, 2)::text, ',') FROM ($sql) s});
}

# VACUUM after deleting a tenth of the rows at random re-links most elements; its memory stays within
# maintenance_work_mem however many vectors it reads (it used to keep a copy of each: here about 300 MB).
$node->safe_psql('postgres', 'DELETE FROM items WHERE hashint4(id) % 10 = 0');
# PARALLEL 0: with three indexes, PostgreSQL would vacuum the hnsw one in a parallel worker, not in the backend
# whose memory is sampled.
$growth = private_memory_growth($node, 'VACUUM (PARALLEL 0) items', "SET maintenance_work_mem = '8MB';");
diag("private memory growth during VACUUM of 120,000 x 768-d after deleting a tenth (maintenance_work_mem 8MB): $growth kB");
cmp_ok($growth, '<', 8 * 1024 + 12_000, 'VACUUM stays within maintenance_work_mem plus a small constant');
is(index_problems($node, 'items_v'), '', 'checker finds no problem after the VACUUM');
is(nearest_distances(7.2, 'off'), nearest_distances(7.2, 'on'), 'the index answers as a sequential scan after the VACUUM');

# With the smallest budget the repair works in rounds (deleted elements beyond a round's share wait for the
# next) and the reachability walk outgrows its stack; the result is the same sound index.
$node->safe_psql('postgres', 'DELETE FROM items WHERE hashint4(id + 7) % 5 < 2');
$growth = private_memory_growth($node, 'VACUUM (PARALLEL 0) items', "SET maintenance_work_mem = '1MB';");
diag("private memory growth during VACUUM after deleting two fifths (maintenance_work_mem 1MB): $growth kB");
cmp_ok($growth, '<', 1024 + 12_000, 'VACUUM in rounds stays within maintenance_work_mem plus a small constant');
# Deleting two fifths of these collinear vectors used to leave a third of the live elements unreachable: their
# re-links' searches descended into the cut-off part (pass 3 now links each from a reached element).
is(index_problems($node, 'items_v'), '', 'checker finds no problem after the VACUUM in rounds');
is(nearest_distances(3000.2, 'off'), nearest_distances(3000.2, 'on'), 'the index answers as a sequential scan after the VACUUM in rounds');

$node->stop;
done_testing();
