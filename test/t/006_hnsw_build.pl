# Index builds: progress in pg_stat_progress_create_index, a cancel that acts within a second and leaves no
# index, and the notice when the graph will not fit in maintenance_work_mem (the build still completes).
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(time);
use VecsearchTest;

my $node = new_node('build');
$node->safe_psql('postgres', q{
	CREATE TABLE big (id int, v vector(32));
	INSERT INTO big SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 32) WHERE i > 0) FROM generate_series(1, 60000) i;
	ANALYZE big;
});

# Progress, then cancel.
my $build = $node->background_psql('postgres', on_error_stop => 0);
$build->query_until(qr/pid=\d+/, "SELECT 'pid=' || pg_backend_pid();\n");
my $pid = $node->safe_psql('postgres', q{SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT ''pid=''%'});
$build->query_until(qr/starting/, "\\echo starting\nCREATE INDEX big_idx ON big USING hnsw (v vector_l2_ops);\n\\echo finished\n");
$node->poll_query_until('postgres',
	q{SELECT count(*) > 0 FROM pg_stat_progress_create_index WHERE phase = 'building index: loading tuples' AND tuples_done > 0});
pass('pg_stat_progress_create_index shows the build loading tuples');
my $started = time;
$node->safe_psql('postgres', "SELECT pg_cancel_backend($pid)");
$build->query_until(qr/finished/, '');
my $elapsed = time - $started;
diag(sprintf('build stopped %.3f s after the cancel', $elapsed));
cmp_ok($elapsed, '<', 1.0, 'a cancelled build stops within a second');
ok($build->{stderr} =~ /canceling statement due to user request/, 'the build reports the cancel');
$build->quit;
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_class WHERE relname = 'big_idx'}), '0',
	'the cancelled build left no index');

# Too little maintenance_work_mem: told up front, and the build still completes.
my ($ret, $stdout, $stderr) = $node->psql('postgres',
	q{SET maintenance_work_mem = '1MB'; CREATE INDEX big_idx ON big USING hnsw (v vector_l2_ops);});
is($ret, 0, 'the build completes with a small maintenance_work_mem');
like($stderr, qr/needs about \d+ MB, more than maintenance_work_mem/, 'the user is told how much memory it needs');
is(index_problems($node, 'big_idx'), '', 'checker finds no problem in the completed index');

$node->stop;
done_testing();
