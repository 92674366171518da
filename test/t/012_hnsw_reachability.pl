# No orphaned rows (issue 10, item 8): an element whose every in-link is gone is stored but no index scan can
# return its row. Four sessions insert into each opclass's index at once, with searches, deletes and vacuums,
# for ten rounds; after every round the checker must find no unreachable element of a committed row. The data
# are tight clusters at m = 4, where lists overflow and re-select all the time. Before the path rule and the
# new entry point's link to the old one, every opclass lost elements (a new entry point in a cluster with no
# link out cut off most of the graph; raw inner product left most inserted elements without an in-link). Raw
# inner product lost 0.2-2 % of the rows in one run of two or three until vacuum's re-links stopped
# overwriting back-links that inserts gave meanwhile.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

my $node = new_node('reachability', 'max_connections = 30');
# 8-d vectors around 12 centres of unequal norms (the spread is 1 % of a coordinate).
$node->safe_psql('postgres', q{
	CREATE FUNCTION clustered() RETURNS vector LANGUAGE sql VOLATILE AS $$
		SELECT array_agg(((c * 5 + i) % 12 - 4)::float4 / 4 + (random()::float4 - 0.5) * 0.02 ORDER BY i)::vector(8)
		FROM (SELECT floor(random() * 12)::int AS c) centre, generate_series(1, 8) i
	$$;
});

my %opclasses = (l2 => 'vector_l2_ops', ip => 'vector_ip_ops', cosine => 'vector_cosine_ops', l1 => 'vector_l1_ops');
my %operators = (l2 => '<->', ip => '<#>', cosine => '<=>', l1 => '<+>');
for my $kind (sort keys %opclasses) {
	my $table = "items_$kind";
	$node->safe_psql('postgres', qq{
		CREATE TABLE $table (id bigserial PRIMARY KEY, v vector(8));
		INSERT INTO $table (v) SELECT clustered() FROM generate_series(1, 500);
		CREATE INDEX ${table}_idx ON $table USING hnsw (v $opclasses{$kind}) WITH (m = 4, ef_construction = 8);
	});
	my $problems = '';
	my $rounds_clean = 0;
	my $worst_share = 0;
	for my $round (1 .. 10) {
		$node->pgbench(
			'-n -c 4 -j 1 -T 2',
			0,
			[qr{processed: [1-9]}],
			[qr{^$}],
			"$kind round $round: inserts, searches, deletes and vacuums run without errors",
			{
				"insert_${kind}_$round\@8" => qq{INSERT INTO $table (v) SELECT clustered() FROM generate_series(1, 5);},
				"search_${kind}_$round\@4" => qq{
					SET enable_seqscan = off;
					SELECT id FROM $table ORDER BY v $operators{$kind} clustered() LIMIT 10;
				},
				"delete_${kind}_$round\@1" => qq{DELETE FROM $table WHERE id IN (SELECT id FROM $table TABLESAMPLE SYSTEM (1) LIMIT 3);},
				"vacuum_${kind}_$round\@1" => qq{VACUUM $table;},
			});
		my $found = index_problems($node, "${table}_idx");
		if ($found eq '') {
			$rounds_clean++;
		} else {
			$problems = "round $round: $found" if $problems eq '';
			my ($in_all) = $found =~ /(\d+) live elements are unreachable in all/;
			my @lines = split /\n/, $found;
			my $count = $in_all // scalar(@lines);
			my $rows = $node->safe_psql('postgres', "SELECT count(*) FROM $table");
			$worst_share = $count / $rows if $count / $rows > $worst_share;
		}
	}
	diag(sprintf("$kind: worst round left %.3f %% of the rows unreachable", 100 * $worst_share));
	is($problems, '', "$kind: no unreachable element of a committed row after any of 10 rounds");
	is($rounds_clean, 10, "$kind: the checker passed after every round");
	my $rows = $node->safe_psql('postgres', "SELECT count(*) FROM $table");
	diag("$kind: $rows rows after 10 rounds");
	cmp_ok($rows, '>', 2000, "$kind: the rounds inserted rows");
}

$node->stop;
done_testing();
