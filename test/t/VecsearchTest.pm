# Shared helpers of vecsearch's TAP tests: start a cluster with the extension, load fvecs data sets from
# ../shared/datasets, measure recall@k of index scans against exact (sequential) results, and run the
# index checker. Tests are run by scripts/test.sh as the postgres user (see README).
package VecsearchTest;

use strict;
use warnings;
use File::Basename qw(dirname);
use IPC::Run;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Exporter 'import';

our @EXPORT = qw(new_node datasets_dir require_dataset load_fvecs recall_at_k index_problems
  private_memory_growth index_scan_plan);

# The data sets live beside the repository; VECSEARCH_DATASETS_DIR overrides.
sub datasets_dir
{
	return $ENV{VECSEARCH_DATASETS_DIR} // (dirname(__FILE__) . '/../../../shared/datasets');
}

# Skips the whole test file, saying why, when a data set is missing.
sub require_dataset
{
	my ($name) = @_;
	my $dir = datasets_dir() . "/$name";
	plan skip_all => "data set $name not found in " . datasets_dir() unless -f "$dir/base.fvecs";
	return $dir;
}

# A started cluster with vecsearch created in database postgres. Extra lines go to postgresql.conf.
sub new_node
{
	my ($name, @conf) = @_;
	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init(allows_streaming => 1);
	$node->append_conf('postgresql.conf', join("\n", 'shared_buffers = 256MB', 'max_wal_size = 2GB', @conf));
	$node->start;
	$node->safe_psql('postgres', 'CREATE EXTENSION vecsearch');
	return $node;
}

# Loads an fvecs file into $table(id bigint, v vector(d)) through a server-side COPY of the text that
# vecsearch-fvecs-to-copy writes; ids start at 1. Returns the number of rows.
sub load_fvecs
{
	my ($node, $table, $path, $limit, $dims) = @_;
	my $tool = ($ENV{VECSEARCH_BUILD_DIR} // 'build') . '/vecsearch-fvecs-to-copy';
	die "loader not built: $tool" unless -x $tool;
	my $file = PostgreSQL::Test::Utils::tempdir() . "/$table.copy";
	my @limit = defined $limit ? ('--limit', $limit) : ();
	system("'$tool' '$path' @limit > '$file' 2>/dev/null") == 0 or die "loading $path failed";
	$node->safe_psql('postgres', "CREATE TABLE $table (id bigint PRIMARY KEY, v vector($dims))");
	$node->safe_psql('postgres', "COPY $table FROM '$file'");
	return $node->safe_psql('postgres', "SELECT count(*) FROM $table");
}

# Mean recall@k of index scans of $table ordered by `v $op q.v` for every row q of $queries, against the
# exact answers of a sequential scan. Extra SET commands (e.g. ef_search) apply to the index scans.
sub recall_at_k
{
	my ($node, $table, $queries, $op, $k, @settings) = @_;
	my $set = join('', map { "SET $_; " } @settings);
	my $knn = "SELECT q.id AS qid, ARRAY(SELECT t.id FROM $table t ORDER BY t.v $op q.v LIMIT $k) AS ids FROM $queries q";
	# A recall figure means nothing unless the index answered.
	my $plan = $node->safe_psql('postgres', "SET enable_seqscan = off; $set EXPLAIN (COSTS OFF) $knn");
	die "recall_at_k: the index scan was not chosen for $table:\n$plan" unless $plan =~ /Index Scan using \S+ on $table\b/;
	return $node->safe_psql('postgres', qq{
		SET enable_seqscan = off; $set
		CREATE TEMP TABLE approx AS $knn;
		RESET ALL; SET enable_indexscan = off; SET enable_bitmapscan = off;
		CREATE TEMP TABLE exact AS $knn;
		SELECT round(avg((SELECT count(*) FROM unnest(a.ids) i WHERE i = ANY (e.ids)))::numeric / $k, 4)
		FROM approx a JOIN exact e USING (qid);
	});
}

# Whether $sql (after the SET commands in $settings) is planned as a scan of $index: a test that claims the
# index answered checks this first.
sub index_scan_plan
{
	my ($node, $sql, $index, $settings) = @_;
	my $plan = $node->safe_psql('postgres', ($settings // '') . " EXPLAIN (COSTS OFF) $sql");
	return $plan =~ /Index Scan using \Q$index\E\b/ ? 1 : 0;
}

# The checker's findings for an index, as one string (empty when sound).
sub index_problems
{
	my ($node, $index, $db) = @_;
	return $node->safe_psql($db // 'postgres', "SELECT string_agg(p, E'\\n') FROM vecsearch_hnsw_check('$index') p");
}

# Runs $sql in a session of its own and returns how far (in kB) that backend's private memory (RssAnon in
# /proc/<pid>/status: what palloc holds, not shared buffers) rose above its level before the statement,
# sampled every 20 ms while the statement runs. $setup runs first in the same session, outside the sampling.
sub private_memory_growth
{
	my ($node, $sql, $setup) = @_;
	my ($in, $out, $err) = ('', '', '');
	my $psql = IPC::Run::start([ 'psql', '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('postgres') ],
		\$in, \$out, \$err);
	$in .= ($setup // '') . "\nSELECT 'pid=' || pg_backend_pid();\n";
	$psql->pump until $out =~ /^pid=(\d+)$/m || !$psql->pumpable;
	my $pid = $1 or die "no backend pid: $err";
	my $rss = sub {
		open(my $status, '<', "/proc/$pid/status") or return undef;
		my ($kb) = map { /^RssAnon:\s+(\d+)/ ? $1 : () } <$status>;
		return $kb;
	};
	my $before = $rss->();
	my $peak = $before;
	$in .= "$sql;\nSELECT 'statement done';\n";
	while ($out !~ /statement done/ && $psql->pumpable)
	{
		$psql->pump_nb;
		my $now = $rss->();
		$peak = $now if defined $now && $now > $peak;
		select(undef, undef, undef, 0.02);
	}
	die "statement failed: $err" unless $out =~ /statement done/;
	$in .= "\\q\n";
	$psql->finish;
	return $peak - $before;
}

1;
