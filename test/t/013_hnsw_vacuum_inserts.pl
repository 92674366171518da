# VACUUM lets inserts through (issue 10, item 6): its repair passes hold the insert lock only for a moment, so
# inserts keep committing while a VACUUM repairs a large index. The VACUUM is slowed down by cost-based delay
# so that its repair lasts seconds; each insert runs with lock_timeout = 1s, which an insert waiting behind the
# whole repair (as it did while the repair held the lock exclusively) cannot meet.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(time);
use VecsearchTest;

my $node = new_node('vacuum_inserts', 'autovacuum = off');
$node->safe_psql('postgres', q{
	CREATE TABLE items (id bigserial PRIMARY KEY, v vector(16));
	INSERT INTO items (v) SELECT (SELECT array_agg(random()) FROM generate_series(1, 16) WHERE i > 0) FROM generate_series(1, 30000) i;
	CREATE INDEX items_idx ON items USING hnsw (v vector_l2_ops);
	DELETE FROM items WHERE id % 10 = 0;
});

my $vacuum = $node->background_psql('postgres', on_error_stop => 0);
$vacuum->query_until(qr/pid=\d+/, "SELECT 'pid=' || pg_backend_pid();\n");
$vacuum->query_until(qr/starting/, q{
SET vacuum_cost_delay = '2ms';
SET vacuum_cost_limit = 200;
\echo starting
VACUUM (PARALLEL 0) items;
\echo finished
});
$node->poll_query_until('postgres',
	q{SELECT count(*) > 0 FROM pg_stat_progress_vacuum WHERE phase = 'vacuuming indexes'});

# Insert one row at a time while the VACUUM is at the index; stop after 200 inserts or when it finishes.
my (@latencies, $failed, $first_error);
$failed = 0;
while (@latencies < 200) {
	last unless $node->safe_psql('postgres',
		q{SELECT count(*) FROM pg_stat_progress_vacuum WHERE phase = 'vacuuming indexes'});
	my $started = time;
	my ($ret, $stdout, $stderr) = $node->psql('postgres', q{
		SET lock_timeout = '1s';
		INSERT INTO items (v) SELECT (SELECT array_agg(random()) FROM generate_series(1, 16));
	});
	push @latencies, time - $started;
	if ($ret != 0) {
		$failed++;
		$first_error //= $stderr;
	}
}
my $still_vacuuming = $node->safe_psql('postgres',
	q{SELECT count(*) FROM pg_stat_progress_vacuum WHERE phase = 'vacuuming indexes'});
$vacuum->query_until(qr/finished/, '');
$vacuum->quit;

my @sorted = sort { $a <=> $b } @latencies;
my $p99 = @sorted ? $sorted[int(0.99 * $#sorted)] : 0;
diag(sprintf('%d inserts while VACUUM was at the index (%s when they stopped): p99 %.1f ms, max %.1f ms, %d failed%s',
	scalar(@latencies), $still_vacuuming ? 'still at it' : 'finished', 1000 * $p99, 1000 * ($sorted[-1] // 0), $failed,
	$first_error ? ": $first_error" : ''));
cmp_ok(scalar(@latencies), '>=', 20, 'the VACUUM was at the index long enough for 20+ inserts');
is($failed, 0, 'no insert waited out lock_timeout behind the VACUUM');
is(index_problems($node, 'items_idx'), '', 'checker finds no problem after VACUUM and inserts side by side');
$node->safe_psql('postgres', 'VACUUM items');
is(index_problems($node, 'items_idx'), '', 'checker finds no problem after a second VACUUM');
$node->safe_psql('postgres', 'CREATE TABLE queries AS SELECT id, v FROM items ORDER BY id DESC LIMIT 50');
my $recall = recall_at_k($node, 'items', 'queries', '<->', 10);
diag("recall\@10 after VACUUM and inserts side by side (ef_search 40): $recall");
cmp_ok($recall, '>=', 0.9, 'recall holds');

$node->stop;
done_testing();
