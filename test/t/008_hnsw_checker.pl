# The checker's reachability rule. An element that nothing links to is a fault when its row's insert committed,
# and expected when the insert never committed (a crash or a running insert can leave one behind; vacuum frees
# it). Every link to two elements, one of a committed row and one of a rolled-back row, is cut by editing the
# index file while the server is stopped (page layout: src/pg/hnsw/README.md).
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

use constant BLCKSZ => 8192;

# The (block, offset) of the element holding exactly @vector (4 dims), or () when there is none.
sub find_element
{
	my ($pages, @vector) = @_;
	my $wanted = pack('f<4', @vector);
	for my $block (1 .. $#$pages)
	{
		my $page = $pages->[$block];
		my $lower = unpack('v', substr($page, 12, 2));
		for my $offset (1 .. ($lower - 24) / 4)
		{
			my $item = unpack('V', substr($page, 24 + 4 * ($offset - 1), 4));
			next unless (($item >> 15) & 3) == 1;    # LP_NORMAL
			my $start = $item & 0x7FFF;
			return ($block, $offset)
			  if ord(substr($page, $start, 1)) == 1 && substr($page, $start + 72, 16) eq $wanted;
		}
	}
	return ();
}

# Removes (block, offset) from every neighbour list of every page; returns how many links it cut.
sub cut_links
{
	my ($pages, $m, $block, $offset) = @_;
	my $cut = 0;
	my $invalid = pack('vvv', 0xFFFF, 0xFFFF, 0);
	for my $page_block (1 .. $#$pages)
	{
		my $page = \$pages->[$page_block];
		my $lower = unpack('v', substr($$page, 12, 2));
		for my $item_number (1 .. ($lower - 24) / 4)
		{
			my $item = unpack('V', substr($$page, 24 + 4 * ($item_number - 1), 4));
			next unless (($item >> 15) & 3) == 1;
			my $start = $item & 0x7FFF;
			next unless ord(substr($$page, $start, 1)) == 2;    # a neighbour tuple
			my $level = ord(substr($$page, $start + 1, 1));
			for my $layer (0 .. $level)
			{
				my $first = $layer == 0 ? 0 : 2 * $m + ($layer - 1) * $m;
				my $count = $layer == 0 ? 2 * $m : $m;
				my @kept;
				for my $slot ($first .. $first + $count - 1)
				{
					my ($hi, $lo, $off) = unpack('vvv', substr($$page, $start + 4 + 6 * $slot, 6));
					last if $hi == 0xFFFF && $lo == 0xFFFF;
					if ((($hi << 16) | $lo) == $block && $off == $offset) { $cut++; next; }
					push @kept, pack('vvv', $hi, $lo, $off);
				}
				push @kept, $invalid while @kept < $count;
				substr($$page, $start + 4 + 6 * $first, 6 * $count) = join('', @kept);
			}
		}
	}
	return $cut;
}

my $node = new_node('checker');
is($node->safe_psql('postgres', 'SHOW data_checksums'), 'off', 'no page checksums to fix up after the edit');
$node->safe_psql('postgres', q{
	CREATE TABLE items (id int, v vector(4));
	INSERT INTO items SELECT i, ARRAY[i, i % 7, i % 11, i % 13]::real[]::vector FROM generate_series(1, 500) i;
	CREATE INDEX items_idx ON items USING hnsw (v vector_l2_ops) WITH (m = 4, ef_construction = 16);
	INSERT INTO items VALUES (1001, '[1001,1,2,3]');
	BEGIN; INSERT INTO items VALUES (1002, '[1002,4,5,6]'); ROLLBACK;
});
is(index_problems($node, 'items_idx'), '', 'checker finds no problem before the edit');
my $path = $node->data_dir . '/' . $node->safe_psql('postgres', q{SELECT pg_relation_filepath('items_idx')});
$node->stop;

open(my $file, '+<:raw', $path) or die "cannot open $path: $!";
my @pages;
for (my $block = 0; read($file, my $page, BLCKSZ) == BLCKSZ; $block++) { push @pages, $page; }
my $m = unpack('v', substr($pages[0], 36, 2));
my ($entry_block, $entry_offset) = (unpack('V', substr($pages[0], 40, 4)), unpack('v', substr($pages[0], 44, 2)));
my @committed = find_element(\@pages, 1001, 1, 2, 3);
my @aborted = find_element(\@pages, 1002, 4, 5, 6);
is(scalar(@committed) + scalar(@aborted), 4, 'both elements found in the index file');

SKIP:
{
	# A new element tops the entry point's level with a chance of about 1 in 16^3 here.
	skip 'an edited element is the entry point', 3
	  if grep { $_->[0] == $entry_block && $_->[1] == $entry_offset } (\@committed, \@aborted);
	ok(cut_links(\@pages, $m, @committed) > 0 && cut_links(\@pages, $m, @aborted) > 0,
		'every link to the two elements cut');
	seek($file, 0, 0);
	print $file @pages;
	close($file);
	$node->start;
	my $problems = index_problems($node, 'items_idx');
	like($problems, qr/live element \($committed[0],$committed[1]\) is unreachable/,
		'an unreachable element of a committed row is reported');
	unlike($problems, qr/\($aborted[0],$aborted[1]\)/, 'an unreachable element of a rolled-back row is not');
}

$node->stop;
done_testing();
