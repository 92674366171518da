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
	[ 'element kind', 60, pack('v', 9) ],
	[ 'metric', 60, pack('v', 3) ],          # bit strings measured by L2
	[ 'filter column count', 62, pack('v', 1) ],  # filter columns the index does not have
	[ 'feature field', 64, pack('v', 1) ],        # codes: a later version's index
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

# A format version from the future is refused with a REINDEX hint.
my $original = patch_metapage(28, pack('V', 3));
my ($ret, $stdout, $stderr) = $node->psql('postgres', "\\set VERBOSITY verbose\n$query");
like($stderr, qr/XX002: hnsw index "items_idx" has an unknown format \(magic 56534857, version 3\).*HINT:  REINDEX the index/s,
	'version 3 is refused with a REINDEX hint');

# A version-1 index (the first format: float32 elements only, a 36-byte metapage that ends before the element
# kind) stays readable and writable: what follows its metapage fields on the page is not read as fields, so
# even garbage there (an element kind of bits) changes nothing. Made from the sound index by writing version 1,
# pd_lower at the end of the 36 bytes, and garbage after them.
$node->stop;
open(my $file, '+<:raw', $path) or die "cannot open $path: $!";
print $file $original;
close($file);
patch_metapage(12, pack('v', 24 + 36));
patch_metapage(28, pack('V', 1));
patch_metapage(60, pack('v v v v V', 3, 7, 7, 7, 7));
is($node->safe_psql('postgres', $query), '5', 'version 1: the index answers');
is(index_scan_plan($node, $knn, 'items_idx', 'SET enable_seqscan = off;'), 1, 'version 1: on the index');
$node->safe_psql('postgres', q{
	INSERT INTO items SELECT i, ARRAY[i, i % 5, i % 3]::real[]::vector FROM generate_series(301, 400) i;
	DELETE FROM items WHERE id % 4 = 0;
	VACUUM items;
});
is($node->safe_psql('postgres',
	"SET enable_seqscan = off; SELECT array_agg(id) FROM (SELECT id FROM items ORDER BY v <-> '[350,0,2]' LIMIT 2) s"),
	'{350,351}', 'version 1: rows inserted after the change are found, deleted ones are not');
is(index_problems($node, 'items_idx'), '', 'version 1: the checker finds no problem after inserts and vacuum');

$node->stop;
done_testing();
