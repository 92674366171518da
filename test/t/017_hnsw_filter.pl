# Filter columns: recall@10 of filtered hnsw scans against the exact filtered answers on real data sets, at
# several selectivities, each scan checked to be the hnsw index with its conditions as Index Cond; the LIMIT is
# always filled. Then concurrent inserts, updates of filter columns, deletes, searches and vacuum (pgbench): no
# row that does not match ever comes out of a filtered scan. A standby under wal_consistency_checking replays
# a multi-column build and its changes and answers filtered queries as the primary does. Last, the checker
# notices a filter code beside a link that does not match the element it names.
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

my $node = new_node('filter', "maintenance_work_mem = 512MB", "wal_consistency_checking = 'generic'");

# Filter columns with known selectivities: cat 1 % (100 values), grp 10 %, even 50 %, tag 0.1 % (text),
# tags an array. Values follow the row id, the vectors do not: a filter picks rows all over the space.
sub add_filter_columns
{
	my ($table) = @_;
	$node->safe_psql('postgres', qq{
		ALTER TABLE $table ADD COLUMN cat int4, ADD COLUMN grp int8, ADD COLUMN even bool, ADD COLUMN tag text,
			ADD COLUMN tags int4[];
		UPDATE $table SET cat = (hashint8(id) & 1023) % 100, grp = id % 10, even = id % 2 = 0,
			tag = 't' || (hashint8(id * 7) & 1023) % 1000, tags = ARRAY[id % 7, id % 13];
		VACUUM ANALYZE $table;
	});
}

# Mean recall@10 of `ORDER BY t.v $op q.v LIMIT 10` among rows meeting $cond (which may name q), through
# $index, against a sequential scan; and the fewest rows any query returned, against the fewest any could.
sub filtered_recall
{
	my ($table, $queries, $index, $op, $cond) = @_;
	my $knn = "SELECT q.id AS qid, ARRAY(SELECT t.id FROM $table t WHERE $cond ORDER BY t.v $op q.v LIMIT 10) AS ids "
	  . "FROM $queries q";
	my $plan = $node->safe_psql('postgres', "SET enable_seqscan = off; SET enable_bitmapscan = off; EXPLAIN (COSTS OFF) $knn");
	die "filtered_recall: not an hnsw scan with index conditions for $cond:\n$plan"
	  unless $plan =~ /Index Scan using $index on $table t\s+Index Cond: [^\n]+\s+Order By/ && $plan !~ /Filter:/;
	return split /\|/, $node->safe_psql('postgres', qq{
		SET enable_seqscan = off; SET enable_bitmapscan = off;
		CREATE TEMP TABLE approx AS $knn;
		RESET ALL; SET enable_indexscan = off; SET enable_bitmapscan = off;
		CREATE TEMP TABLE exact AS $knn;
		SELECT round(avg((SELECT count(*) FROM unnest(a.ids) i WHERE i = ANY (e.ids))::numeric
		                 / greatest(cardinality(e.ids), 1)), 4),
		       min(cardinality(a.ids)), min(cardinality(e.ids))
		FROM approx a JOIN exact e USING (qid);
	});
}

sub check_recall
{
	my ($label, $table, $queries, $index, $op, $cond) = @_;
	my ($recall, $fewest, $fewest_exact) = filtered_recall($table, $queries, $index, $op, $cond);
	diag("$label: recall\@10 $recall, fewest rows $fewest (exact $fewest_exact)");
	cmp_ok($recall, '>=', 0.95, "$label: recall\@10 at least 0.95");
	is($fewest, $fewest_exact, "$label: every LIMIT filled as far as rows match");
}

# sift-128, 9,900 rows.
load_fvecs($node, 'sift', "$sift/base.fvecs", undef, 128);
load_fvecs($node, 'sift_q', "$sift/query.fvecs", 40, 128);
add_filter_columns('sift');
$node->safe_psql('postgres', 'CREATE INDEX sift_f ON sift USING hnsw (v vector_l2_ops, cat, grp, even, tag, tags)');
is(index_problems($node, 'sift_f'), '', 'sift: checker finds no problem in the multi-column index');
check_recall('sift 50 % (bool)', 'sift', 'sift_q', 'sift_f', '<->', 't.even');
check_recall('sift 10 %', 'sift', 'sift_q', 'sift_f', '<->', 't.grp = q.id % 10');
check_recall('sift 3 % (IN)', 'sift', 'sift_q', 'sift_f', '<->', 't.cat IN (3, 30, 60)');
check_recall('sift 1 % (two hops)', 'sift', 'sift_q', 'sift_f', '<->', 't.cat = q.id % 100');
check_recall('sift 1 % (range)', 'sift', 'sift_q', 'sift_f', '<->', 't.cat BETWEEN 40 AND 40');
check_recall('sift 0.1 % (text)', 'sift', 'sift_q', 'sift_f', '<->', "t.tag = 't' || q.id % 1000");
check_recall('sift 0.1 % (two conditions)', 'sift', 'sift_q', 'sift_f', '<->', 't.cat = q.id % 100 AND t.grp = q.id % 10');
check_recall('sift array', 'sift', 'sift_q', 'sift_f', '<->', 't.tags @> ARRAY[(q.id % 13)::int4]');

# glove-100 (cosine), the first 100,000 rows.
load_fvecs($node, 'glove', "$glove/base.fvecs", 100000, 100);
load_fvecs($node, 'glove_q', "$glove/query.fvecs", 40, 100);
add_filter_columns('glove');
$node->safe_psql('postgres', 'CREATE INDEX glove_f ON glove USING hnsw (v vector_cosine_ops, cat, grp)');
check_recall('glove 10 %', 'glove', 'glove_q', 'glove_f', '<=>', 't.grp = q.id % 10');
check_recall('glove 3 % (IN)', 'glove', 'glove_q', 'glove_f', '<=>', 't.cat IN (3, 30, 60)');
check_recall('glove 1 % (two hops)', 'glove', 'glove_q', 'glove_f', '<=>', 't.cat = q.id % 100');
$node->safe_psql('postgres', 'DROP TABLE glove');

# Concurrent writers and searchers. The filter column changes under the searches (non-HOT updates give the row a
# new element with the new value); a filtered scan must never return a row whose value does not match.
$node->safe_psql('postgres', q{
	SELECT setseed(0.25);
	CREATE TABLE items (id bigserial PRIMARY KEY, v vector(8), cat int4, note text);
	INSERT INTO items (v, cat) SELECT (SELECT array_agg(random()) FROM generate_series(1, 8) WHERE i > 0), i % 20
	FROM generate_series(1, 4000) i;
	CREATE INDEX items_f ON items USING hnsw (v vector_l2_ops, cat);
	CREATE TABLE wrong_rows (n int);
});
$node->pgbench(
	'-n -c 4 -j 1 -T 15',
	0,
	[qr{processed: [1-9]}],
	[qr{^$}],
	'concurrent inserts, filter-column updates, deletes, filtered searches and vacuum run without errors',
	{
		'insert@4' => q{
			INSERT INTO items (v, cat) SELECT (SELECT array_agg(random()) FROM generate_series(1, 8)), (random() * 19)::int;
		},
		'update@4' => q{
			\set target random(1, 8000)
			UPDATE items SET cat = (cat + 1) % 20 WHERE id = :target;
		},
		'delete@1' => q{
			\set target random(1, 8000)
			DELETE FROM items WHERE id = :target;
		},
		'search@8' => q{
			\set wanted random(0, 19)
			SET enable_seqscan = off; SET enable_bitmapscan = off;
			INSERT INTO wrong_rows SELECT count(*) FROM (
				SELECT id, cat FROM items WHERE cat = :wanted
				ORDER BY v <-> (SELECT array_agg(random())::vector FROM generate_series(1, 8)) LIMIT 10) s
			WHERE cat <> :wanted;
		},
		'vacuum@1' => q{
			VACUUM items;
		},
	});
is($node->safe_psql('postgres', 'SELECT count(*) > 100, coalesce(sum(n), -1) FROM wrong_rows'), 't|0',
	'no filtered search returned a row whose value does not match');
$node->safe_psql('postgres', 'VACUUM items');
is(index_problems($node, 'items_f'), '', 'checker finds no problem after the concurrent workload');
$node->safe_psql('postgres', q{
	CREATE TABLE items_q AS SELECT id, v FROM items ORDER BY id DESC LIMIT 30;
	ANALYZE items;
});
check_recall('after the concurrent workload, 5 %', 'items', 'items_q', 'items_f', '<->', 't.cat = q.id % 20');

# A standby replays a multi-column build and every change of filter values under wal_consistency_checking.
$node->backup('backup');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($node, 'backup', has_streaming => 1);
$standby->append_conf('postgresql.conf', "wal_consistency_checking = 'generic'");
$standby->start;
$node->safe_psql('postgres', q{
	CREATE TABLE rep (id int PRIMARY KEY, v vector(8), cat int4, tag text, tags int4[]);
	INSERT INTO rep SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 8) WHERE i > 0), i % 30, 't' || i % 7,
		ARRAY[i % 5] FROM generate_series(1, 3000) i;
	CREATE INDEX rep_f ON rep USING hnsw (v vector_l2_ops, cat, tag, tags);
	INSERT INTO rep SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 8) WHERE i > 0), i % 30, 't' || i % 7,
		ARRAY[i % 5] FROM generate_series(3001, 4000) i;
	UPDATE rep SET cat = cat + 100 WHERE id % 9 = 0;
	DELETE FROM rep WHERE id % 11 = 0;
	VACUUM rep;
	INSERT INTO rep SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 8) WHERE i > 0), i % 30, 't' || i % 7,
		ARRAY[i % 5] FROM generate_series(4001, 4500) i;
});
$node->wait_for_catchup($standby);
my $filtered = q{
	SET enable_seqscan = off; SET enable_bitmapscan = off;
	SELECT string_agg(a, ' ' ORDER BY qid) FROM (
		SELECT q.id AS qid, array_to_string(ARRAY(SELECT r.id FROM rep r WHERE r.cat = q.id % 30 ORDER BY r.v <-> q.v
		                                         LIMIT 5), ',')
		    || '/' || array_to_string(ARRAY(SELECT r.id FROM rep r WHERE r.cat >= 100 AND r.tag IN ('t1', 't2')
		                                    ORDER BY r.v <-> q.v LIMIT 5), ',')
		    || '/' || array_to_string(ARRAY(SELECT r.id FROM rep r WHERE r.tags && ARRAY[q.id % 5]
		                                    ORDER BY r.v <-> q.v LIMIT 5), ',') AS a
		FROM rep q WHERE q.id % 150 = 1) s;
};
ok(index_scan_plan($node, 'SELECT id FROM rep WHERE cat = 3 ORDER BY v <-> (SELECT v FROM rep LIMIT 1) LIMIT 5',
	'rep_f', 'SET enable_seqscan = off; SET enable_bitmapscan = off;'), 'the filtered queries use the index');
my $on_primary = $node->safe_psql('postgres', $filtered);
is($standby->safe_psql('postgres', $filtered), $on_primary, 'the standby answers filtered queries as the primary');
is(index_problems($standby, 'rep_f'), '', 'checker finds no problem on the standby');
$standby->stop;

# The checker compares every filter code beside a layer-0 link with the code of the element it names. Flip
# the first such code of the first neighbour tuple of block 1 (an index of m = 16 has 32 layer-0 slots).
my $path = $node->data_dir . '/' . $node->safe_psql('postgres', "SELECT pg_relation_filepath('rep_f')");
$node->stop;
open(my $file, '+<:raw', $path) or die "cannot open $path: $!";
seek($file, 8192, 0);
read($file, my $page, 8192) == 8192 or die "short read";
my $lower = unpack('v', substr($page, 12, 2));
my $patched = 0;
for (my $lp = 24; $lp < $lower && !$patched; $lp += 4)
{
	my $word = unpack('V', substr($page, $lp, 4));
	my ($off, $flags, $len) = ($word & 0x7fff, ($word >> 15) & 3, ($word >> 17) & 0x7fff);
	next unless $flags == 1 && substr($page, $off, 1) eq "\x02";
	my $level = unpack('C', substr($page, $off + 1, 1));
	next unless unpack('v', substr($page, $off + 4 + 4, 2)) != 0;    # slot 0 names an element (offset != 0)
	my $code_at = $off + 4 + 6 * (32 + 16 * $level);
	substr($page, $code_at, 1) = chr(ord(substr($page, $code_at, 1)) ^ 0x5a);
	$patched = 1;
}
ok($patched, 'a filter code was damaged');
seek($file, 8192, 0);
print $file $page;
close($file);
$node->start;
like(index_problems($node, 'rep_f'), qr/keeps filter code \d+ for \(\d+,\d+\), whose code is \d+/,
	'the checker reports the damaged filter code');

$node->stop;
done_testing();
