# The opt-in install of vecsearch under pgvector's extension name (`make install-vector-alias`, which
# scripts/test.sh runs where no pgvector is installed): the statements frameworks run in their migrations
# (Django's VectorExtension, Rails, Prisma and Alembic all issue CREATE EXTENSION IF NOT EXISTS vector) work
# unchanged, the extension is vecsearch's, and a dump of such a database restores (its CREATE EXTENSION ... vector
# line is what a pgvector dump carries too; pgvector's own dump, TAP 016's fixture, restores unrenamed). Skipped
# where the alias is not installed.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('alias');
$node->init;
$node->start;
my $comment = $node->safe_psql('postgres', "SELECT comment FROM pg_available_extensions WHERE name = 'vector'");
if ($comment !~ /vecsearch/)
{
	$node->stop;
	plan skip_all => "the vector alias is not installed here ('vector' is " . ($comment || 'absent') . ')';
}

# A framework migration, as Django or Rails runs it: the extension (twice, as re-run migrations do), a table,
# an hnsw index with an operator class by pgvector's name, rows, a k-NN query.
$node->safe_psql('postgres', q{
	CREATE EXTENSION IF NOT EXISTS vector;
	CREATE EXTENSION IF NOT EXISTS vector;
	CREATE TABLE documents (id bigserial PRIMARY KEY, embedding vector(3), summary halfvec(3), keywords sparsevec(5));
	CREATE INDEX documents_embedding ON documents USING hnsw (embedding vector_cosine_ops);
	INSERT INTO documents (embedding, summary, keywords)
	SELECT ARRAY[i, i % 7, 1]::real[], ARRAY[i % 3, 1, 2]::real[], format('{%s:1}/5', i % 5 + 1)::sparsevec
	FROM generate_series(1, 500) i;
});
like($node->safe_psql('postgres', "SELECT extname || ' ' || extversion FROM pg_extension WHERE extname = 'vector'"),
	qr/^vector 0\.1\.0$/, 'CREATE EXTENSION IF NOT EXISTS vector installs the alias');
like($node->safe_psql('postgres', 'SELECT vecsearch_simd_info()'), qr/selected=/, "it is vecsearch's library");
my $knn = q{SELECT id FROM documents ORDER BY embedding <=> '[3,3,1]' LIMIT 5};
like($node->safe_psql('postgres', "SET enable_seqscan = off; EXPLAIN (COSTS OFF) $knn"),
	qr/Index Scan using documents_embedding/, 'the hnsw index answers');
is($node->safe_psql('postgres', "SET enable_seqscan = off; $knn"),
	$node->safe_psql('postgres', "SET enable_indexscan = off; SET enable_bitmapscan = off; $knn"),
	'with the exact nearest rows');

# Both names in one database would define the same types: refused cleanly, nothing left behind.
my ($status, $out, $err) = $node->psql('postgres', 'CREATE EXTENSION vecsearch');
isnt($status, 0, 'vecsearch cannot join vector in the same database');
like($err, qr/already exists/, 'with a clear error');

# A dump of this database (CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public, as pgvector's dumps say)
# restores into a fresh one.
my $file = PostgreSQL::Test::Utils::tempdir() . '/documents.sql';
$node->command_ok([ 'pg_dump', '-f', $file, '-d', $node->connstr('postgres') ], 'pg_dump');
like(slurp_file($file), qr/CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public/, 'the dump names the extension vector');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', $file, '-d', $node->connstr('restored') ],
	'the dump restores');
my $digest = q{SELECT md5(string_agg(format('%s|%s|%s|%s', id, embedding, summary, keywords), ',' ORDER BY id)) FROM documents};
is($node->safe_psql('restored', $digest), $node->safe_psql('postgres', $digest), 'with every value');

# pgvector's own dump (the fixture of TAP 016) restores as it is, unrenamed, every hnsw index with it.
$node->safe_psql('postgres', 'CREATE DATABASE from_pgvector');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', "$FindBin::Bin/fixtures/pgvector-0.8.6-dump.sql",
		'-d', $node->connstr('from_pgvector') ], "pgvector's dump restores as it is");
is($node->safe_psql('from_pgvector', q{
	SELECT count(*) FROM pgvector_indexdefs p JOIN pg_indexes i USING (indexname, indexdef)}), '12',
	'with every index as pgvector defined it');

$node->stop;
done_testing();
