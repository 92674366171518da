# WAL: a streaming standby replays every hnsw change. The primary and the standby run with
# wal_consistency_checking = 'generic', so any generic-WAL page whose redo differs from the primary's image
# stops the server. After rounds of inserts, deletes and VACUUM, the same kNN queries give the same answers on
# both; then the standby is promoted and keeps answering and accepting writes. The halfvec and bit operator
# classes, and sparsevec's (expression indexes over the same column), are replayed alongside.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

my $primary = new_node('primary', "wal_consistency_checking = 'generic'");
$primary->safe_psql('postgres', q{
	SELECT setseed(0.5);
	CREATE TABLE items (id int PRIMARY KEY, v vector(16));
	INSERT INTO items SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 16) WHERE i > 0) FROM generate_series(1, 3000) i;
	CREATE INDEX items_l2 ON items USING hnsw (v vector_l2_ops);
	CREATE INDEX items_cosine ON items USING hnsw (v vector_cosine_ops) WITH (m = 8, ef_construction = 32);
	CREATE INDEX items_half ON items USING hnsw ((v::halfvec(16)) halfvec_l2_ops);
	CREATE INDEX items_sparse ON items USING hnsw ((v::sparsevec(16)) sparsevec_cosine_ops);
	CREATE INDEX items_bits ON items USING hnsw ((binary_quantize(v - '[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]')::bit(16)) bit_hamming_ops);
	CREATE TABLE queries AS SELECT id, v FROM items WHERE id % 300 = 0;
});
$primary->backup('backup');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($primary, 'backup', has_streaming => 1);
$standby->append_conf('postgresql.conf', "wal_consistency_checking = 'generic'");
$standby->start;

# The nearest rows of every query, through each index.
my $knn = q{
	SET enable_seqscan = off;
	SELECT string_agg(a, ' ' ORDER BY qid) FROM (
		SELECT q.id AS qid, array_to_string(ARRAY(SELECT i.id FROM items i ORDER BY i.v <-> q.v LIMIT 5), ',') || '/'
		    || array_to_string(ARRAY(SELECT i.id FROM items i ORDER BY i.v <=> q.v LIMIT 5), ',') || '/'
		    || array_to_string(ARRAY(SELECT i.id FROM items i ORDER BY i.v::halfvec(16) <-> q.v::halfvec(16) LIMIT 5), ',')
		    || '/' || array_to_string(ARRAY(SELECT i.id FROM items i
		                                    ORDER BY i.v::sparsevec(16) <=> q.v::sparsevec(16) LIMIT 5), ',')
		    || '/' || array_to_string(ARRAY(SELECT i.id FROM items i ORDER BY
		           binary_quantize(i.v - '[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]')::bit(16)
		           <~> binary_quantize(q.v - '[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]')::bit(16)
		           LIMIT 5), ',') AS a
		FROM queries q) s;
};

for my $round (1 .. 4)
{
	my $base = 3000 + $round * 1000;
	$primary->safe_psql('postgres', qq{
		INSERT INTO items SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 16) WHERE i > 0)
		FROM generate_series($base + 1, $base + 500) i;
		DELETE FROM items WHERE id % 7 = $round AND id NOT IN (SELECT id FROM queries);
		UPDATE items SET v = v WHERE id % 11 = $round;
	});
	$primary->safe_psql('postgres', 'VACUUM items');
	$primary->wait_for_catchup($standby);
	my $on_primary = $primary->safe_psql('postgres', $knn);
	my $on_standby = $standby->safe_psql('postgres', $knn);
	is($on_standby, $on_primary, "round $round: standby answers like the primary");
}
is(index_problems($standby, 'items_l2'), '', 'checker finds no problem on the standby');
is(index_problems($primary, 'items_cosine'), '', 'checker finds no problem on the primary');
is(index_problems($standby, 'items_half'), '', 'checker finds no problem in the halfvec index on the standby');
is(index_problems($standby, 'items_bits'), '', 'checker finds no problem in the bit index on the standby');
is(index_problems($standby, 'items_sparse'), '', 'checker finds no problem in the sparsevec index on the standby');
my $half_query = "SELECT id FROM items ORDER BY v::halfvec(16) <-> (SELECT v FROM queries LIMIT 1)::halfvec(16) LIMIT 5";
is(index_scan_plan($standby, $half_query, 'items_half', 'SET enable_seqscan = off;'), 1,
	'the standby answers halfvec queries on the halfvec index');

$standby->promote;
$standby->poll_query_until('postgres', 'SELECT NOT pg_is_in_recovery()');
$standby->safe_psql('postgres', q{
	INSERT INTO items SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 16) WHERE i > 0) FROM generate_series(20001, 20300) i;
	VACUUM items;
});
my $after = $standby->safe_psql('postgres',
	'SET enable_seqscan = off; SELECT count(*) FROM (SELECT id FROM items ORDER BY v <-> (SELECT v FROM queries LIMIT 1) LIMIT 10) s');
is($after, '10', 'promoted standby answers index scans');
is(index_problems($standby, 'items_l2'), '', 'checker finds no problem after promotion');
ok(!$standby->log_contains('inconsistent page found'), 'no redo inconsistency on the standby');

$standby->stop;
$primary->stop;
done_testing();
