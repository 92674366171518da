# Recall@10 of hnsw index scans against exact sequential-scan answers on real data sets, at the default
# hnsw.ef_search, for every operator class of vector, halfvec and sparsevec (the same data sets cast to each
# type; the exact answers are computed in that type); for indexes built by CREATE INDEX and for one filled by
# concurrent INSERTs. bit's classes over binary-quantized copies (the idiom pgvector's README teaches): Hamming and
# Jaccard distances tie so often that recall counts results within the exact k-th distance, not ids.
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
my $cohere = require_dataset('cohere-1024-ip-1k');

my $node = new_node('recall', 'maintenance_work_mem = 512MB');

load_fvecs($node, 'sift', "$sift/base.fvecs", undef, 128);
load_fvecs($node, 'sift_q', "$sift/query.fvecs", 100, 128);
load_fvecs($node, 'glove', "$glove/base.fvecs", 50000, 100);
load_fvecs($node, 'glove_q', "$glove/query.fvecs", 100, 100);
load_fvecs($node, 'cohere', "$cohere/base.fvecs", undef, 1024);
load_fvecs($node, 'cohere_q', "$cohere/query.fvecs", 100, 1024);
for my $table ('sift', 'glove', 'cohere')
{
	my $dims = $node->safe_psql('postgres', "SELECT vector_dims(v) FROM $table LIMIT 1");
	$node->safe_psql('postgres', qq{
		CREATE TABLE ${table}_half AS SELECT id, v::halfvec($dims) AS v FROM $table;
		CREATE TABLE ${table}_half_q AS SELECT id, v::halfvec($dims) AS v FROM ${table}_q;
	});
	# cohere's rows have more non-zeros than a sparsevec index takes (1,000).
	$node->safe_psql('postgres', qq{
		CREATE TABLE ${table}_sparse AS SELECT id, v::sparsevec($dims) AS v FROM $table;
		CREATE TABLE ${table}_sparse_q AS SELECT id, v::sparsevec($dims) AS v FROM ${table}_q;
	}) if $table ne 'cohere';
}

my @cases = (
	[ 'sift', 'vector_l2_ops', '<->' ],
	[ 'sift', 'vector_l1_ops', '<+>' ],
	[ 'glove', 'vector_cosine_ops', '<=>' ],
	[ 'cohere', 'vector_ip_ops', '<#>' ],
	[ 'sift_half', 'halfvec_l2_ops', '<->' ],
	[ 'sift_half', 'halfvec_l1_ops', '<+>' ],
	[ 'glove_half', 'halfvec_cosine_ops', '<=>' ],
	[ 'cohere_half', 'halfvec_ip_ops', '<#>' ],
	[ 'sift_sparse', 'sparsevec_l2_ops', '<->' ],
	[ 'sift_sparse', 'sparsevec_l1_ops', '<+>' ],
	[ 'glove_sparse', 'sparsevec_cosine_ops', '<=>' ],
	[ 'sift_sparse', 'sparsevec_ip_ops', '<#>' ],);
for my $case (@cases)
{
	my ($table, $opclass, $op) = @$case;
	$node->safe_psql('postgres', "CREATE INDEX ${table}_idx ON $table USING hnsw (v $opclass)");
	my $recall = recall_at_k($node, $table, "${table}_q", $op, 10);
	diag("recall\@10 $table $opclass (CREATE INDEX, ef_search 40): $recall");
	cmp_ok($recall, '>=', 0.95, "recall of $opclass on $table built by CREATE INDEX");
	is(index_problems($node, "${table}_idx"), '', "checker finds no problem in ${table}_idx");
	$node->safe_psql('postgres', "DROP INDEX ${table}_idx");
}

# Share of index results within the exact k-th distance of their query.
sub recall_by_distance
{
	my ($table, $queries, $op, $k) = @_;
	my $knn = "SELECT q.id AS qid, ARRAY(SELECT t.v $op q.v FROM $table t ORDER BY t.v $op q.v LIMIT $k) AS d FROM $queries q";
	my $plan = $node->safe_psql('postgres', "SET enable_seqscan = off; EXPLAIN (COSTS OFF) $knn");
	die "recall_by_distance: the index scan was not chosen for $table:\n$plan" unless $plan =~ /Index Scan using \S+ on $table\b/;
	return $node->safe_psql('postgres', qq{
		SET enable_seqscan = off;
		CREATE TEMP TABLE approx AS $knn;
		RESET ALL; SET enable_indexscan = off; SET enable_bitmapscan = off;
		CREATE TEMP TABLE exact AS SELECT qid, d[$k] AS kth FROM ($knn) s;
		SELECT round(avg((SELECT count(*) FROM unnest(a.d) x WHERE x <= e.kth))::numeric / $k, 4)
		FROM approx a JOIN exact e USING (qid);
	});
}
$node->safe_psql('postgres', q{
	CREATE TABLE glove_bits AS SELECT id, binary_quantize(v)::bit(100) AS v FROM glove;
	CREATE TABLE glove_bits_q AS SELECT id, binary_quantize(v)::bit(100) AS v FROM glove_q;
	CREATE TABLE cohere_bits AS SELECT id, binary_quantize(v)::bit(1024) AS v FROM cohere;
	CREATE TABLE cohere_bits_q AS SELECT id, binary_quantize(v)::bit(1024) AS v FROM cohere_q;
});
# Jaccard over glove's 100 bits is the hardest of these: pgvector 0.8.6 gets 0.943 at the same settings (this
# data, ef_search 40; 0.983 at 100), vecsearch 0.932 (0.987).
for my $case ([ 'glove_bits', 'bit_hamming_ops', '<~>', 0.95 ], [ 'glove_bits', 'bit_jaccard_ops', '<%>', 0.9 ],
	[ 'cohere_bits', 'bit_hamming_ops', '<~>', 0.95 ])
{
	my ($table, $opclass, $op, $expected) = @$case;
	$node->safe_psql('postgres', "CREATE INDEX ${table}_idx ON $table USING hnsw (v $opclass)");
	my $recall = recall_by_distance($table, "${table}_q", $op, 10);
	diag("recall\@10 by distance $table $opclass (CREATE INDEX, ef_search 40): $recall");
	cmp_ok($recall, '>=', $expected, "recall of $opclass on $table built by CREATE INDEX");
	is(index_problems($node, "${table}_idx"), '', "checker finds no problem in ${table}_idx");
	$node->safe_psql('postgres', "DROP INDEX ${table}_idx");
}

# The same data inserted by four concurrent sessions into an empty indexed table.
$node->safe_psql('postgres', q{
	CREATE TABLE sift_c (id bigint PRIMARY KEY, v vector(128));
	CREATE INDEX sift_c_idx ON sift_c USING hnsw (v vector_l2_ops);
});
my @sessions;
for my $part (0 .. 3)
{
	my $session = $node->background_psql('postgres');
	my $seen = $session->query_until(qr/started/, qq{
		\\echo started
		INSERT INTO sift_c SELECT * FROM sift WHERE id % 4 = $part;
		\\echo done
	});
	push @sessions, [ $session, $seen =~ /done/ ];
}
for my $entry (@sessions)
{
	my ($session, $finished) = @$entry;
	$session->query_until(qr/done/, '') unless $finished;
	$session->quit;
}
is($node->safe_psql('postgres', 'SELECT count(*) FROM sift_c'), '9900', 'all rows inserted concurrently');
my $recall = recall_at_k($node, 'sift_c', 'sift_q', '<->', 10);
diag("recall\@10 sift vector_l2_ops (concurrent INSERTs, ef_search 40): $recall");
cmp_ok($recall, '>=', 0.95, 'recall of an index filled by concurrent inserts');
is(index_problems($node, 'sift_c_idx'), '', 'checker finds no problem after concurrent inserts');

$node->stop;
done_testing();
