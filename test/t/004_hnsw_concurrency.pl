# Concurrency: pgbench clients insert, delete, search and vacuum at the same time for a bounded time. No
# client may see an error, the index must stay sound, and recall must hold afterwards.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

my $node = new_node('concurrency', 'max_connections = 50');
$node->safe_psql('postgres', q{
	CREATE TABLE items (id bigserial PRIMARY KEY, v vector(12));
	INSERT INTO items (v) SELECT (SELECT array_agg(random()) FROM generate_series(1, 12) WHERE i > 0) FROM generate_series(1, 4000) i;
	CREATE INDEX items_idx ON items USING hnsw (v vector_l2_ops);
});

$node->pgbench(
	'-n -c 5 -j 1 -T 20',
	0,
	[qr{processed: [1-9]}],
	[qr{^$}],
	'mixed insert, delete, search and vacuum workload runs without errors',
	{
		'insert@5' => q{
			INSERT INTO items (v) SELECT (SELECT array_agg(random()) FROM generate_series(1, 12));
		},
		'delete@2' => q{
			\set target random(1, 8000)
			DELETE FROM items WHERE id = :target;
		},
		'search@10' => q{
			SET enable_seqscan = off;
			SELECT id FROM items ORDER BY v <-> (SELECT array_agg(random())::vector FROM generate_series(1, 12)) LIMIT 10;
		},
		'vacuum@1' => q{
			VACUUM items;
		},
	});

is(index_problems($node, 'items_idx'), '', 'checker finds no problem after the workload');
$node->safe_psql('postgres', 'VACUUM items');
is(index_problems($node, 'items_idx'), '', 'checker finds no problem after a final VACUUM');
$node->safe_psql('postgres', 'CREATE TABLE queries AS SELECT id, v FROM items ORDER BY id DESC LIMIT 50');
my $recall = recall_at_k($node, 'items', 'queries', '<->', 10);
diag("recall\@10 after the concurrent workload (ef_search 40): $recall");
cmp_ok($recall, '>=', 0.95, 'recall holds after the concurrent workload');

$node->stop;
done_testing();
