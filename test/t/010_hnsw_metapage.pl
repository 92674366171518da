# A damaged metapage is reported as index corruption (SQLSTATE XX002, with a REINDEX hint) by scans, inserts and
# the checker, instead of steering searches with impossible values: an entry level below -1 used to read as an
# empty index (no rows, no error) and m = 0 as a graph without links (one row). Each field is damaged in turn
# in the index file while the server is stopped (layout: src/pg/hnsw/README.md).
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

use constant BLCKSZ => 8192;

my $node = new_node('metapage');
is($node->safe_psql('postgres', 'SHOW data_checksums'), 'off', 'no page checksums to fix up after the edit');
$node->safe_psql('postgres', q{
	CREATE TABLE items (id int, v vector(3));
	INSERT INTO items SELECT i, ARRAY[i, i % 7, i % 11]::real[]::vector FROM generate_series(1, 300) i;
	CREATE INDEX items_idx ON items USING hnsw (v vector_l2_ops);
});
my $path = $node->data_dir . '/' . $node->safe_psql('postgres', q{SELECT pg_relation_filepath('items_idx')});
my $knn = 'SELECT id FROM items ORDER BY v <-> \'[5,5,5]\' LIMIT 5';
my $query = "SET enable_seqscan = off; SELECT count(*) FROM ($knn) s";
is(index_scan_plan($node, $knn, 'items_idx', 'SET enable_seqscan = off;'), 1, 'the query is planned on the index');
is($node->safe_psql('postgres', $query), '5', 'the sound index answers');

# Rewrites bytes of block 0 with the server stopped; returns the page as it was.
sub patch_metapage
{
	my ($offset, $bytes) = @_;
	$node->stop;
	open(my $file, '+<:raw', $path) or die "cannot open $path: $!";
	read($file, my $page, BLCKSZ) == BLCKSZ or die "short read";
	my $original = $page;
	substr($page, $offset, length($bytes)) = $bytes;
	seek($file, 0, 0);
	print $file $page;
	close($file);
	$node->start;
	return $original;
}

# field => (byte offset in the page, damaged value)
my @cases = (
	[ 'entry point level', 46, pack('s<', -2) ],
	[ 'entry point level', 46, pack('s<', 40) ],
	[ 'm', 36, pack('v', 0) ],
	[ 'm', 36, pack('v', 500) ],
	[ 'dimensions', 32, pack('V', 0) ],
	[ 'dimensions', 32, pack('V', 70000) ],
	[ 'metric', 52, pack('V', 9) ],
	[ 'entry point', 40, pack('V', 0) ],
);
for my $case (@cases)
{
	my ($field, $offset, $bytes) = @$case;
	my $label = "$field = " . join(' ', unpack('(H2)*', $bytes));
	my $original = patch_metapage($offset, $bytes);
	my ($ret, $stdout, $stderr) = $node->psql('postgres', "\\set VERBOSITY verbose\n$query");
	like($stderr, qr/XX002: hnsw index "items_idx" is corrupted: metapage has an invalid \Q$field\E/,
		"scan: $label is reported as corruption");
	($ret, $stdout, $stderr) = $node->psql('postgres', "INSERT INTO items VALUES (1000, '[1,2,3]')");
	like($stderr, qr/metapage has an invalid \Q$field\E/, "insert: $label is reported as corruption");
	like(index_problems($node, 'items_idx'), qr/^metapage has an invalid \Q$field\E$/, "checker: $label is reported");
	$node->stop;
	open(my $file, '+<:raw', $path) or die "cannot open $path: $!";
	print $file $original;
	close($file);
	$node->start;
}
is($node->safe_psql('postgres', $query), '5', 'the restored index answers again');
is(index_problems($node, 'items_idx'), '', 'checker finds no problem in the restored index');

$node->stop;
done_testing();
