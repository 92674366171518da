# A parallel build needs shared memory for its whole graph. When the system cannot give it (Docker's 64 MB
# /dev/shm; here a file-size limit on the server, which makes creating a segment of the graph's size fail the
# same way), CREATE INDEX says so in a NOTICE and builds serially instead of failing.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use VecsearchTest;

my $sift = require_dataset('sift-128-l2-10k');

# Every server start goes through this pg_ctl, which limits files to 8 MB: the sift table (6 MB), its index
# (4 MB) and 1 MB WAL segments fit, a shared-memory segment for the graph (about 9 MB) does not.
my ($bindir) = grep { -x "$_/pg_ctl" } split(/:/, $ENV{PATH});
die 'pg_ctl not found in PATH' unless defined $bindir;
my $real_pg_ctl = "$bindir/pg_ctl";
my $wrapper = PostgreSQL::Test::Utils::tempdir();
open(my $script, '>', "$wrapper/pg_ctl") or die "cannot write the pg_ctl wrapper: $!";
print $script "#!/bin/bash\nulimit -f 8192\nexec '$real_pg_ctl' \"\$@\"\n";
close($script);
chmod(0755, "$wrapper/pg_ctl");
$ENV{PATH} = "$wrapper:$ENV{PATH}";

my $node = PostgreSQL::Test::Cluster->new('limited');
$node->init(extra => ['--wal-segsize=1']);
$node->append_conf('postgresql.conf', join("\n",
	'shared_buffers = 32MB', 'max_wal_size = 32MB', 'min_wal_size = 2MB', 'dynamic_shared_memory_type = posix',
	'maintenance_work_mem = 256MB', 'max_parallel_maintenance_workers = 2', 'min_parallel_table_scan_size = 0'));
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION vecsearch');
load_fvecs($node, 'sift', "$sift/base.fvecs", undef, 128);
$node->safe_psql('postgres', 'ANALYZE sift');

my ($stdout, $stderr);
my $ret = $node->psql('postgres', 'SET client_min_messages = debug1; CREATE INDEX sift_idx ON sift USING hnsw (v vector_l2_ops)',
	stdout => \$stdout, stderr => \$stderr);
is($ret, 0, 'CREATE INDEX succeeds without the shared memory a parallel build needs');
like($stderr, qr/NOTICE:  hnsw index build is not run in parallel: could not resize shared memory segment/,
	'the shortfall is a NOTICE');
unlike($stderr, qr/hnsw build with \d+ parallel workers/, 'no workers were started');
is(index_problems($node, 'sift_idx'), '', 'checker finds no problem in the serially built index');
my $knn = 'SELECT id FROM sift ORDER BY v <-> (SELECT v FROM sift WHERE id = 10) LIMIT 1';
is(index_scan_plan($node, $knn, 'sift_idx', 'SET enable_seqscan = off;'), 1, 'the query is planned on the index');
is($node->safe_psql('postgres', "SET enable_seqscan = off; $knn"), '10', 'the index finds the row itself');

$node->stop;
done_testing();
