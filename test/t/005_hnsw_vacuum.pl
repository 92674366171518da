# VACUUM: deleted rows are never returned, their space is reused, and the graph stays navigable.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

my $sift = require_dataset('sift-128-l2-10k');
my $node = new_node('vacuum');
load_fvecs($node, 'source', "$sift/base.fvecs", 5000, 128);
$node->safe_psql('postgres', q{
	CREATE TABLE items AS SELECT * FROM source;
	CREATE INDEX items_idx ON items USING hnsw (v vector_l2_ops);
});
my $size = $node->safe_psql('postgres', q{SELECT pg_relation_size('items_idx')});

# Delete everything, vacuum, insert the same rows again: the index reuses its space.
$node->safe_psql('postgres', 'DELETE FROM items');
$node->safe_psql('postgres', 'VACUUM items');
is(index_problems($node, 'items_idx'), '', 'checker finds no problem after deleting everything');
$node->safe_psql('postgres', 'INSERT INTO items SELECT * FROM source');
my $size_after = $node->safe_psql('postgres', q{SELECT pg_relation_size('items_idx')});
diag("index size: $size bytes built, $size_after bytes after delete all + VACUUM + re-insert");
cmp_ok($size_after, '<=', 1.05 * $size, 'index size after re-inserting the same rows is at most 1.05x');
is(index_problems($node, 'items_idx'), '', 'checker finds no problem after re-inserting');
$node->safe_psql('postgres', 'CREATE TABLE queries AS SELECT id, v FROM source WHERE id % 50 = 1');
cmp_ok(recall_at_k($node, 'items', 'queries', '<->', 10), '>=', 0.95, 'recall holds on the reused slots');

# Delete half, vacuum: no deleted row comes back, recall holds.
$node->safe_psql('postgres', 'DELETE FROM items WHERE id % 2 = 0');
$node->safe_psql('postgres', 'VACUUM items');
is(index_problems($node, 'items_idx'), '', 'checker finds no problem after deleting half');
# Heap visibility would hide a deleted row's TID anyway; what must not happen is an index entry that outlives
# its row and then leads to a new row in the reused heap slot. New rows far from every query fill the freed
# slots: an index scan returning one of them near a query would be such a stale entry.
$node->safe_psql('postgres', q{
	INSERT INTO items SELECT id + 1000000, (SELECT array_agg(x + 100000) FROM unnest(v::real[]) x)::vector
	FROM source WHERE id % 2 = 0;
});
is($node->safe_psql('postgres', q{
	SELECT count(*) FROM items WHERE id > 1000000 AND ctid < (SELECT max(ctid) FROM items WHERE id < 1000000)
}) > 1000 ? 1 : 0, 1, 'the new rows reuse heap slots of the deleted ones');
my $lateral = 'SELECT count(*) FROM queries q, LATERAL (SELECT id FROM items i ORDER BY i.v <-> q.v LIMIT 10) n WHERE n.id > 1000000';
is(index_scan_plan($node, $lateral, 'items_idx', 'SET enable_seqscan = off;'), 1, 'the index answers the LATERAL query');
is($node->safe_psql('postgres', "SET enable_seqscan = off; $lateral"), '0',
	'no index entry of a deleted row leads to the row that took its heap slot');
$node->safe_psql('postgres', 'DELETE FROM items WHERE id > 1000000');
$node->safe_psql('postgres', 'VACUUM items');
my $recall = recall_at_k($node, 'items', 'queries', '<->', 10);
diag("recall\@10 after deleting half and VACUUM: $recall");
cmp_ok($recall, '>=', 0.95, 'recall holds after deleting half');

# Delete all but one row: the index scan returns exactly that row.
$node->safe_psql('postgres', 'DELETE FROM items WHERE id <> 4321');
$node->safe_psql('postgres', 'VACUUM items');
is($node->safe_psql('postgres', q{
	SET enable_seqscan = off;
	SELECT string_agg(id::text, ',') FROM (SELECT id FROM items ORDER BY v <-> (SELECT v FROM source WHERE id = 1) LIMIT 5) s;
}), '4321', 'the only remaining row is exactly what the index scan returns');
is(index_problems($node, 'items_idx'), '', 'checker finds no problem with one row left');

$node->stop;
done_testing();
