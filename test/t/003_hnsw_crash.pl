# Crash safety: the server is stopped in immediate mode (no checkpoint, as after a crash) while clients insert
# and while an index is being built. After restart the index is sound, every committed row is found through
# it, and the interrupted build left no index behind. Indexes of halfvec and sparsevec elements (expression
# indexes over the same column) and an index with a filter column go through the same crash.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use IPC::Run;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(usleep);
use VecsearchTest;

my $node = new_node('crash');
$node->safe_psql('postgres', q{
	CREATE TABLE items (id bigserial PRIMARY KEY, v vector(8), cat int4 DEFAULT (random() * 9)::int4);
	INSERT INTO items (v) SELECT (SELECT array_agg(random()) FROM generate_series(1, 8) WHERE i > 0) FROM generate_series(1, 1000) i;
	CREATE INDEX items_idx ON items USING hnsw (v vector_l2_ops);
	CREATE INDEX items_half ON items USING hnsw ((v::halfvec(8)) halfvec_l2_ops);
	CREATE INDEX items_sparse ON items USING hnsw ((v::sparsevec(8)) sparsevec_l1_ops);
	CREATE INDEX items_filter ON items USING hnsw (v vector_l2_ops, cat);
});

# Concurrent inserts, each its own transaction, cut short by an immediate stop.
my $script = PostgreSQL::Test::Utils::tempdir() . '/insert.sql';
PostgreSQL::Test::Utils::append_to_file($script,
	"INSERT INTO items (v) SELECT (SELECT array_agg(random()) FROM generate_series(1, 8));\n");
my ($out, $err) = ('', '');
my $pgbench = IPC::Run::start(
	[ 'pgbench', '-n', '-c', '4', '-T', '60', '-f', $script, '-h', $node->host, '-p', $node->port, 'postgres' ],
	'>', \$out, '2>', \$err);
$node->poll_query_until('postgres', 'SELECT count(*) > 2000 FROM items');
$node->stop('immediate');
$pgbench->finish;
$node->start;

my $rows = $node->safe_psql('postgres', 'SELECT count(*) FROM items');
cmp_ok($rows, '>', 2000, "inserts ran before the crash ($rows rows committed)");
is(index_problems($node, 'items_idx'), '', 'checker finds no problem after crash recovery');
my $found = $node->safe_psql('postgres', qq{
	SET enable_seqscan = off; SET hnsw.iterative_scan = relaxed_order; SET hnsw.max_scan_tuples = 1000000;
	SELECT count(DISTINCT id) FROM (SELECT id FROM items ORDER BY v <-> '[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]' LIMIT $rows) s;
});
is($found, $rows, 'every committed row is found through the index');
for my $case ([ 'items_half', 'v::halfvec(8) <-> \'[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]\'' ],
	[ 'items_sparse', 'v::sparsevec(8) <+> \'{1:0.5,8:0.5}/8\'' ])
{
	my ($index, $order) = @$case;
	is(index_problems($node, $index), '', "$index: checker finds no problem after crash recovery");
	my $knn = "SELECT id FROM items ORDER BY $order LIMIT $rows";
	is(index_scan_plan($node, $knn, $index, 'SET enable_seqscan = off;'), 1, "$index: the query runs on it");
	is($node->safe_psql('postgres', qq{
		SET enable_seqscan = off; SET hnsw.iterative_scan = relaxed_order; SET hnsw.max_scan_tuples = 1000000;
		SELECT count(DISTINCT id) FROM ($knn) s;}), $rows, "$index: every committed row is found through it");
}

# The filter column's index: sound, and every committed row of each value found by a filtered scan of it.
is(index_problems($node, 'items_filter'), '', 'items_filter: checker finds no problem after crash recovery');
my $filtered = "SELECT id FROM items WHERE cat = 4 ORDER BY v <-> '[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]' LIMIT $rows";
is(index_scan_plan($node, $filtered, 'items_filter', 'SET enable_seqscan = off; SET enable_bitmapscan = off;'), 1,
	'items_filter: the filtered query runs on it');
is($node->safe_psql('postgres', qq{
	SET enable_seqscan = off; SET enable_bitmapscan = off; SET hnsw.max_scan_tuples = 1000000;
	SELECT count(DISTINCT id) FROM ($filtered) s;}),
	$node->safe_psql('postgres', 'SELECT count(*) FROM items WHERE cat = 4'),
	'items_filter: every committed row of a value is found through it');

# An index build cut short: no index remains, and building again works.
$node->safe_psql('postgres', q{
	CREATE TABLE big (id int, v vector(32));
	INSERT INTO big SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 32) WHERE i > 0) FROM generate_series(1, 60000) i;
});
my $build = $node->background_psql('postgres', on_error_stop => 0);
$build->query_until(qr/starting/, "\\echo starting\nCREATE INDEX big_idx ON big USING hnsw (v vector_l2_ops);\n");
$node->poll_query_until('postgres',
	q{SELECT count(*) > 0 FROM pg_stat_progress_create_index WHERE phase = 'building index: loading tuples'});
$node->stop('immediate');
eval { $build->quit };
$node->start;
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_class WHERE relname = 'big_idx'}), '0',
	'the interrupted build left no index');
$node->safe_psql('postgres', 'CREATE INDEX big_idx ON big USING hnsw (v vector_l2_ops)');
is(index_problems($node, 'big_idx'), '', 'building again after the crash gives a sound index');

$node->stop;
done_testing();
