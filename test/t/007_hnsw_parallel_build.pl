# Parallel index build: the leader and parallel maintenance workers fill one shared graph. Its recall must
# match a serial build's, the checker must find it sound, every row must be in it, and when the table holds
# far more rows than the estimate made room for, the build must fall back to a serial one and still be
# complete. Filter columns' values go through a shared arena: the same checks, and a fallback when the values
# are far wider than the statistics said.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

my $sift = require_dataset('sift-128-l2-10k');
my $glove = require_dataset('glove-100-cosine');

my $node = new_node('parallel', 'maintenance_work_mem = 512MB', 'max_parallel_maintenance_workers = 2',
	'max_worker_processes = 8');
load_fvecs($node, 'sift', "$sift/base.fvecs", undef, 128);
load_fvecs($node, 'sift_q', "$sift/query.fvecs", 100, 128);
load_fvecs($node, 'glove', "$glove/base.fvecs", 30000, 100);
load_fvecs($node, 'glove_q', "$glove/query.fvecs", 500, 100);
# Rows the cosine index leaves out (zero vectors) or cannot hold (NULL) must not upset the shared graph.
$node->safe_psql('postgres', q{
	INSERT INTO glove SELECT 1000000 + i, array_fill(0, ARRAY[100])::vector FROM generate_series(1, 20) i;
	INSERT INTO glove SELECT 2000000 + i, NULL FROM generate_series(1, 20) i;
	ANALYZE sift; ANALYZE glove;
	CREATE TABLE glove_half AS SELECT id, v::halfvec(100) AS v FROM glove;
	CREATE TABLE glove_half_q AS SELECT id, v::halfvec(100) AS v FROM glove_q;
	ANALYZE glove_half;
});

# CREATE INDEX under the given settings; returns psql's messages (the DEBUG1 lines say how it was built).
sub build
{
	my ($sql, @settings) = @_;
	my $set = join('', map { "SET $_; " } @settings);
	my ($stdout, $stderr);
	$node->psql('postgres', "SET client_min_messages = debug1; $set $sql", stdout => \$stdout, stderr => \$stderr,
		on_error_die => 1);
	return $stderr;
}

sub index_entries
{
	my ($index) = @_;
	return $node->safe_psql('postgres', qq{
		SELECT reltuples::bigint FROM pg_class WHERE relname = '$index'});
}

# halfvec: the shared graph holds binary16 elements (half the bytes a row), measured by the half kernels.
for my $case ([ 'sift', 'vector_l2_ops', '<->', 9900 ], [ 'glove', 'vector_cosine_ops', '<=>', 30000 ],
	[ 'glove_half', 'halfvec_cosine_ops', '<=>', 30000 ])
{
	my ($table, $opclass, $op, $rows) = @$case;
	my $serial_log = build("CREATE INDEX ${table}_idx ON $table USING hnsw (v $opclass)",
		'max_parallel_maintenance_workers = 0');
	unlike($serial_log, qr/parallel workers/, "$table: the serial build starts no workers");
	my $serial = recall_at_k($node, $table, "${table}_q", $op, 10);
	$node->safe_psql('postgres', "DROP INDEX ${table}_idx");

	my $parallel_log = build("CREATE INDEX ${table}_idx ON $table USING hnsw (v $opclass)",
		'min_parallel_table_scan_size = 0');
	like($parallel_log, qr/hnsw build with [12] parallel workers/, "$table: the build ran with parallel workers");
	my $parallel = recall_at_k($node, $table, "${table}_q", $op, 10);
	diag("recall\@10 $table $opclass at ef_search 40: serial $serial, parallel $parallel");
	cmp_ok($parallel, '>=', $serial - 0.01, "$table: parallel build recall matches the serial build's");
	is(index_entries("${table}_idx"), $rows, "$table: every indexable row is in the parallel-built index");
	is(index_problems($node, "${table}_idx"), '', "$table: checker finds no problem in the parallel-built index");
	$node->safe_psql('postgres', "DROP INDEX ${table}_idx");
}

# CREATE INDEX CONCURRENTLY shares an MVCC snapshot with the workers.
my $concurrent_log = build('CREATE INDEX CONCURRENTLY sift_cic ON sift USING hnsw (v vector_l2_ops)',
	'min_parallel_table_scan_size = 0');
like($concurrent_log, qr/hnsw build with [12] parallel workers/, 'CREATE INDEX CONCURRENTLY builds in parallel');
cmp_ok(recall_at_k($node, 'sift', 'sift_q', '<->', 10), '>=', 0.95, 'recall of the concurrently built index');
is(index_problems($node, 'sift_cic'), '', 'checker finds no problem in the concurrently built index');
$node->safe_psql('postgres', 'DROP INDEX sift_cic');

# An estimate far too low: statistics count 10 % of the rows, while an old snapshot keeps the deleted 90 %
# visible to someone, so the build must index them all. The shared graph fills up and the build restarts
# serially.
$node->safe_psql('postgres', 'CREATE TABLE stale AS SELECT * FROM sift; ALTER TABLE stale SET (parallel_workers = 2)');
my $old = $node->background_psql('postgres');
$old->query_safe('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM stale');
$node->safe_psql('postgres', 'DELETE FROM stale WHERE id % 10 <> 0; ANALYZE stale');
my $fallback_log = build('CREATE INDEX stale_idx ON stale USING hnsw (v vector_l2_ops)');
like($fallback_log, qr/hnsw build with [12] parallel workers/, 'stale statistics: the build starts in parallel');
like($fallback_log, qr/more rows than the \d+ it made room for, or more filter values than the \d+ bytes; building serially/,
	'stale statistics: the build notices the overflow and falls back to a serial build');
is(index_entries('stale_idx'), '9900', 'stale statistics: deleted rows still visible to a snapshot are indexed');
is(index_problems($node, 'stale_idx'), '', 'stale statistics: checker finds no problem');
$old->query_safe('COMMIT');
$old->quit;
is($node->safe_psql('postgres', q{
	SET enable_seqscan = off;
	SELECT count(*) FROM (SELECT id FROM stale ORDER BY v <-> (SELECT v FROM sift WHERE id = 10) LIMIT 5) s}),
	'5', 'stale statistics: the index answers queries');

# Index expressions and predicates run in every participant: one that is not parallel safe keeps the build
# serial (the check used to look at nothing), a parallel-safe one of the same shape does not.
$node->safe_psql('postgres', q{
	CREATE FUNCTION same_vector_unsafe(v vector) RETURNS vector LANGUAGE plpgsql IMMUTABLE PARALLEL UNSAFE
		AS $$ BEGIN RETURN v; END $$;
	CREATE FUNCTION same_vector_safe(v vector) RETURNS vector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
		AS $$ BEGIN RETURN v; END $$;
});
unlike(build('CREATE INDEX sift_unsafe ON sift USING hnsw ((same_vector_unsafe(v)::vector(128)) vector_l2_ops)',
		'min_parallel_table_scan_size = 0'),
	qr/parallel workers/, 'an index expression that is not parallel safe keeps the build serial');
unlike(build('CREATE INDEX sift_unsafe_where ON sift USING hnsw (v vector_l2_ops) WHERE same_vector_unsafe(v) IS NOT NULL',
		'min_parallel_table_scan_size = 0'),
	qr/parallel workers/, 'an index predicate that is not parallel safe keeps the build serial');
like(build('CREATE INDEX sift_safe ON sift USING hnsw ((same_vector_safe(v)::vector(128)) vector_l2_ops)',
		'min_parallel_table_scan_size = 0'),
	qr/hnsw build with [12] parallel workers/, 'a parallel-safe index expression builds in parallel');
$node->safe_psql('postgres', 'DROP INDEX sift_unsafe, sift_unsafe_where, sift_safe');

# Filter columns: each row's values reach the pages through the shared arena. Filtered recall matches the serial
# build's; then values far wider than ANALYZE saw overflow the arena and the build goes serial, complete.
$node->safe_psql('postgres', q{
	CREATE TABLE sift_f AS SELECT id, v, (id % 100)::int4 AS cat, 't' || id % 7 AS tag FROM sift;
	ANALYZE sift_f;
	CREATE TABLE sift_f_q AS SELECT id, v FROM sift_q;
});
my $filtered_recall = sub {
	# A recall figure means nothing unless the filtered index answered.
	die 'the filtered query does not run on sift_f_idx' unless index_scan_plan($node,
		"SELECT id FROM sift_f WHERE cat = 5 AND tag <> 't3' ORDER BY v <-> (SELECT v FROM sift_f_q LIMIT 1) LIMIT 10",
		'sift_f_idx', 'SET enable_seqscan = off; SET enable_bitmapscan = off;');
	return $node->safe_psql('postgres', q{
		SET enable_seqscan = off; SET enable_bitmapscan = off;
		CREATE TEMP TABLE approx AS SELECT q.id AS qid,
			ARRAY(SELECT t.id FROM sift_f t WHERE t.cat = q.id % 100 AND t.tag <> 't3' ORDER BY t.v <-> q.v LIMIT 10) ids
		FROM sift_f_q q;
		RESET ALL; SET enable_indexscan = off; SET enable_bitmapscan = off;
		CREATE TEMP TABLE exact AS SELECT q.id AS qid,
			ARRAY(SELECT t.id FROM sift_f t WHERE t.cat = q.id % 100 AND t.tag <> 't3' ORDER BY t.v <-> q.v LIMIT 10) ids
		FROM sift_f_q q;
		SELECT round(avg((SELECT count(*) FROM unnest(a.ids) i WHERE i = ANY (e.ids))::numeric
		                 / greatest(cardinality(e.ids), 1)), 4) FROM approx a JOIN exact e USING (qid);
	});
};
build('CREATE INDEX sift_f_idx ON sift_f USING hnsw (v vector_l2_ops, cat, tag)', 'max_parallel_maintenance_workers = 0');
my $serial_filtered = $filtered_recall->();
$node->safe_psql('postgres', 'DROP INDEX sift_f_idx');
like(build('CREATE INDEX sift_f_idx ON sift_f USING hnsw (v vector_l2_ops, cat, tag)', 'min_parallel_table_scan_size = 0'),
	qr/hnsw build with [12] parallel workers/, 'filter columns: the build ran with parallel workers');
my $parallel_filtered = $filtered_recall->();
diag("filtered recall\@10 on sift (1 %): serial $serial_filtered, parallel $parallel_filtered");
cmp_ok($parallel_filtered, '>=', $serial_filtered - 0.02, 'filter columns: parallel build recall matches the serial build\'s');
is(index_entries('sift_f_idx'), 9900, 'filter columns: every row is in the parallel-built index');
is(index_problems($node, 'sift_f_idx'), '', 'filter columns: checker finds no problem in the parallel-built index');
$node->safe_psql('postgres', q{
	DROP INDEX sift_f_idx;
	UPDATE sift_f SET tag = (SELECT string_agg(md5(g::text || id), '') FROM generate_series(1, 10) g);
});
my $wide_log = build('CREATE INDEX sift_f_idx ON sift_f USING hnsw (v vector_l2_ops, cat, tag)',
	'min_parallel_table_scan_size = 0');
like($wide_log, qr/or more filter values than the \d+ bytes; building serially/,
	'filter values wider than the statistics: the arena overflows and the build goes serial');
is(index_entries('sift_f_idx'), 9900, 'filter values wider than the statistics: every row is indexed');
is(index_problems($node, 'sift_f_idx'), '', 'filter values wider than the statistics: checker finds no problem');

# A shared graph larger than maintenance_work_mem is not built in parallel.
my $small_log = build('CREATE INDEX sift_small ON sift USING hnsw (v vector_l2_ops)',
	'min_parallel_table_scan_size = 0', "maintenance_work_mem = '4MB'");
like($small_log, qr/would need about \d+ MB of shared memory, more than maintenance_work_mem; building serially/,
	'a graph over maintenance_work_mem: a serial build, said so');
unlike($small_log, qr/hnsw build with/, 'a graph over maintenance_work_mem: no workers');
is(index_problems($node, 'sift_small'), '', 'a graph over maintenance_work_mem: checker finds no problem');

$node->stop;
done_testing();
