# From pgvector to vecsearch: a plain pg_dump of a pgvector 0.8.6 database (fixtures/pgvector-0.8.6-dump.sql:
# vector, halfvec, sparsevec and bit columns, hnsw indexes of every element kind with options, expression
# indexes of pgvector's idioms - half precision, binary quantization, subvector, and a mixed-dimension column
# indexed per model by a cast and a partial index) restores into a server with vecsearch after README's one-line
# rename of the extension. Every index comes back with the definition pgvector had, is sound, answers its query
# through the index, and gives the exact answers pgvector gave (distances in order, stored in the dump; equal to
# a relative 1e-6: sums of float products in another order differ in the last bits, as pgvector's own builds with
# and without -march=native do).
#
# The fixture was made on a server with pgvector 0.8.6 by running the statements below in a fresh database with
# `CREATE EXTENSION vector`, then pg_dump --no-owner --no-privileges:
#   SELECT setseed(0.42); CREATE TABLE items (...); INSERT ... 300 rows; eleven CREATE INDEX ... USING hnsw;
#   CREATE TABLE pgvector_queries / pgvector_answers / pgvector_indexdefs (the answers by a sequential scan).
# (The complete statements are in the fixture itself: its tables, indexes and data.)
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

my $node = new_node('dump');
my $dump = slurp_file("$FindBin::Bin/fixtures/pgvector-0.8.6-dump.sql");
is(scalar(() = $dump =~ /EXTENSION (?:IF NOT EXISTS )?vector(?: |;)/g), 1, 'the dump names the extension once');
# README's rename, as a user runs it with sed -E 's/EXTENSION (IF NOT EXISTS )?vector( |;)/EXTENSION \1vecsearch\2/'.
$dump =~ s/EXTENSION (IF NOT EXISTS )?vector( |;)/'EXTENSION ' . ($1 \/\/ '') . 'vecsearch' . $2/ge;
my ($ret, $stdout, $stderr) = $node->psql('postgres', $dump, on_error_stop => 1);
is($ret, 0, 'the renamed dump restores without an error');
is($stderr, '', 'and without a warning');

is($node->safe_psql('postgres', q{
	SELECT string_agg(p.indexname, ',' ORDER BY p.indexname) FROM pgvector_indexdefs p
	LEFT JOIN pg_indexes i ON i.indexname = p.indexname AND i.indexdef = p.indexdef WHERE i.indexname IS NULL}),
	'', 'every index has the definition it had under pgvector (table, expression, operator class, options, predicate)');
is($node->safe_psql('postgres', q{
	SELECT count(*) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
	WHERE c.relname IN (SELECT indexname FROM pgvector_indexdefs) AND x.indisvalid}), '12', 'all twelve are valid');

my @queries = split /\n/, $node->safe_psql('postgres',
	q{SELECT index_name || E'\t' || query FROM pgvector_queries ORDER BY index_name});
is(scalar(@queries), 11, 'eleven queries, one for each hnsw index');
for my $line (@queries)
{
	my ($index, $query) = split /\t/, $line;
	is(index_scan_plan($node, $query, $index, 'SET enable_seqscan = off;'), 1, "$index: the query runs on it");
	my $answer = $node->safe_psql('postgres', qq{
		SET enable_seqscan = off;
		CREATE TEMP TABLE answer AS SELECT row_number() OVER () AS n, d FROM ($query) s;
		SELECT (count(*) = 5 AND bool_and(abs(a.d - p.d) <= 1e-6 * greatest(abs(p.d), 1e-9)))::text
		       || ' ' || string_agg(a.d::text, ',' ORDER BY a.n)
		FROM answer a
		JOIN (SELECT n, d::float8 AS d FROM pgvector_answers,
		      unnest(string_to_array(distances, ',')) WITH ORDINALITY AS u(d, n) WHERE index_name = '$index') p
		USING (n);
		DROP TABLE answer;});
	like($answer, qr/^true /, "$index: the answer pgvector gave ($answer)");
	is(index_problems($node, $index), '', "$index: checker finds no problem");
}

$node->stop;
done_testing();
