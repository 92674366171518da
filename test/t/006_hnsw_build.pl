# Index builds: progress in pg_stat_progress_create_index, a cancel that acts within a second and leaves no
# index, and a build within a small maintenance_work_mem (the graph goes on on pages).
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

# Too little maintenance_work_mem: the in-memory graph is written out when it is full and the remaining rows
# are inserted on pages, so the build keeps within the budget (it used to keep the whole graph anyway: about
# 12 MB here); the user is told, as pgvector tells them.
$node->safe_psql('postgres', q{
	CREATE TABLE budget (id int, v vector(32));
	INSERT INTO budget SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 32) WHERE i > 0) FROM generate_series(1, 30000) i;
	ANALYZE budget;
});
$node->safe_psql('postgres', 'CREATE TABLE budget_q AS SELECT id, v FROM budget WHERE id % 300 = 0');
$node->safe_psql('postgres', 'CREATE INDEX budget_in_memory ON budget USING hnsw (v vector_l2_ops)');
my $in_memory_recall = recall_at_k($node, 'budget', 'budget_q', '<->', 10);
$node->safe_psql('postgres', 'DROP INDEX budget_in_memory');
my ($ret, $stdout, $stderr) = $node->psql('postgres',
	q{SET maintenance_work_mem = '2MB'; SET max_parallel_maintenance_workers = 0; CREATE INDEX budget_probe ON budget USING hnsw (v vector_l2_ops);});
is($ret, 0, 'the build completes with a small maintenance_work_mem');
like($stderr, qr/NOTICE:  hnsw graph no longer fits into maintenance_work_mem after \d+ tuples/,
	'the user is told the graph no longer fits');
$node->safe_psql('postgres', 'DROP INDEX budget_probe');
my $growth = private_memory_growth($node, 'CREATE INDEX budget_idx ON budget USING hnsw (v vector_l2_ops)',
	"SET maintenance_work_mem = '2MB'; SET max_parallel_maintenance_workers = 0; SET client_min_messages = warning;");
diag("private memory growth of a build of 30,000 x 32-d at maintenance_work_mem 2MB: $growth kB");
cmp_ok($growth, '<', 2048 + 6000, 'the build keeps within maintenance_work_mem plus a small constant');
is(index_problems($node, 'budget_idx'), '', 'checker finds no problem in the completed index');
is($node->safe_psql('postgres', 'SELECT reltuples FROM pg_class WHERE relname = \'budget_idx\''), '30000',
	'every row is in the index');
my $recall = recall_at_k($node, 'budget', 'budget_q', '<->', 10);
diag("recall\@10 (random 32-d, ef_search 40): built in memory $in_memory_recall, partly on pages $recall");
cmp_ok($recall, '>=', $in_memory_recall - 0.03, 'the index built partly on pages finds neighbours as well');

# Sparse elements vary in size: the build expects the column's average from its statistics and also counts the
# bytes it holds. Statistics taken when every row had 1 non-zero, then rows of about 100 (not analysed
# again): without counting bytes, the graph would hold several times the budget. (Rows in 20 clusters of
# 150 dimensions each, so that the rows inserted on pages find their neighbours quickly.)
$node->safe_psql('postgres', q{
	CREATE TABLE sparse (id int, v sparsevec(3000)) WITH (autovacuum_enabled = false);
	INSERT INTO sparse SELECT i, ('{' || i % 2990 + 1 || ':1}/3000')::sparsevec FROM generate_series(1, 4000) i;
	ANALYZE sparse;
	UPDATE sparse SET v = (SELECT array_agg(CASE WHEN g / 150 = id % 20 AND random() < 0.67 THEN random() + 0.1
	                                        ELSE 0 END) FROM generate_series(0, 2999) g)::sparsevec(3000);
	CREATE TABLE sparse_q AS SELECT id, v FROM sparse WHERE id % 100 = 0;
});
($ret, $stdout, $stderr) = $node->psql('postgres',
	q{SET maintenance_work_mem = '2MB'; CREATE INDEX sparse_probe ON sparse USING hnsw (v sparsevec_l2_ops);});
is($ret, 0, 'sparse: the build completes with a small maintenance_work_mem');
like($stderr, qr/NOTICE:  hnsw graph no longer fits into maintenance_work_mem after \d+ tuples/,
	'sparse: the user is told the graph no longer fits');
$node->safe_psql('postgres', 'DROP INDEX sparse_probe');
$growth = private_memory_growth($node, 'CREATE INDEX sparse_idx ON sparse USING hnsw (v sparsevec_l2_ops)',
	"SET maintenance_work_mem = '2MB'; SET client_min_messages = warning;");
diag("private memory growth of a build of 4,000 sparse rows of ~100 non-zeros at maintenance_work_mem 2MB: $growth kB");
cmp_ok($growth, '<', 2048 + 6000, 'sparse: the build keeps within maintenance_work_mem plus a small constant');
is(index_problems($node, 'sparse_idx'), '', 'sparse: checker finds no problem in the completed index');
is($node->safe_psql('postgres', q{SELECT reltuples FROM pg_class WHERE relname = 'sparse_idx'}), '4000',
	'sparse: every row is in the index');
$recall = recall_at_k($node, 'sparse', 'sparse_q', '<->', 10);
diag("recall\@10 (clustered sparse, 3000-d, ~100 non-zeros, partly on pages, ef_search 40): $recall");
cmp_ok($recall, '>=', 0.8, 'sparse: the index built partly on pages finds neighbours');

$node->stop;
done_testing();
