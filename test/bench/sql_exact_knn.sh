#!/usr/bin/env bash
# Exact k-nearest-neighbour search through SQL (sequential scan + top-N sort, no index): vecsearch against
# pgvector in one running PostgreSQL cluster, two databases, the same data and session settings, the
# systems interleaved run by run. Prints per-run queries per second (pgbench), medians, the ratio
# vecsearch/pgvector, and a top-10 agreement check. Measures; does not judge or fail on a slowdown.
#
# Usage (the cluster must be running and have both extensions installed; libpq's PGHOST/PGPORT/PGUSER
# say where it is; the two databases are dropped and recreated unless LOAD=0):
#   PGHOST=/tmp/knnbench PGPORT=55460 PGUSER=postgres bash test/bench/sql_exact_knn.sh
#
# Environment (defaults in brackets):
#   DATASETS        folder of the shared data sets [<repo>/../shared/datasets]
#   GLOVE_DIR       glove-100-cosine folder [$DATASETS/glove-100-cosine]
#   BUILD_DIR       CMake build folder with the loader tools, built when missing [<repo>/build]
#   WORK_DIR        synthetic fvecs files, pgbench scripts, logs, profiles [${TMPDIR:-/tmp}/vecsearch-sql-exact-knn]
#   VS_DB, PGV_DB   database names [bench_vecsearch, bench_pgvector]
#   LOAD            1: (re)create and load both databases; 0: reuse them as they are [1]
#   SETS            data sets to time, of "glove syn" [glove syn]
#   SYN_ROWS, SYN_DIMS, SYN_QUERIES   synthetic set: table syn<dims> and syn<dims>_queries [100000, 768, 1000]
#   SYN_SEED, SYN_QUERY_SEED          seeds of vecsearch-make-fvecs for base and queries [1, 2]
#   ROUNDS          timed runs per system, per data set and setting [5]
#   SECS            seconds per timed run (pgbench -T) [15]
#   WARM_SECS       untimed pgbench run per system before the timed ones [5]
#   PARALLEL        values of max_parallel_workers_per_gather to measure, in order ["2 0"]
#   CHECK_QUERIES   query ids compared between the systems, per data set and setting [20]
#   SYN_PARALLEL_WORKERS  the synthetic table's parallel_workers storage parameter, set in both databases;
#                   empty: leave it unset [2]. Without it the planner never scans syn<dims> in parallel: its
#                   heap is under min_parallel_table_scan_size (8 MB) because the vectors live in TOAST,
#                   which the planner does not count, so the "2 workers" runs would be serial again.
#   PGBENCH_OPTS    extra pgbench options for every run, e.g. "-M prepared" []
#   PROFILE         1: also perf-record the backend (cpu-clock, DWARF call graphs) of each system while
#                   pgbench runs with max_parallel_workers_per_gather=0; needs perf and the rights to
#                   attach to the server's processes (root) [0]
#   PROFILE_SECS    seconds recorded per profile [20]
set -euo pipefail

VS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATASETS=${DATASETS:-$VS_ROOT/../shared/datasets}
GLOVE_DIR=${GLOVE_DIR:-$DATASETS/glove-100-cosine}
BUILD_DIR=${BUILD_DIR:-$VS_ROOT/build}
WORK_DIR=${WORK_DIR:-${TMPDIR:-/tmp}/vecsearch-sql-exact-knn}
VS_DB=${VS_DB:-bench_vecsearch}
PGV_DB=${PGV_DB:-bench_pgvector}
LOAD=${LOAD:-1}
SETS=${SETS:-glove syn}
SYN_ROWS=${SYN_ROWS:-100000}
SYN_DIMS=${SYN_DIMS:-768}
SYN_QUERIES=${SYN_QUERIES:-1000}
SYN_SEED=${SYN_SEED:-1}
SYN_QUERY_SEED=${SYN_QUERY_SEED:-2}
ROUNDS=${ROUNDS:-5}
SECS=${SECS:-15}
WARM_SECS=${WARM_SECS:-5}
PARALLEL=${PARALLEL:-2 0}
CHECK_QUERIES=${CHECK_QUERIES:-20}
SYN_PARALLEL_WORKERS=${SYN_PARALLEL_WORKERS-2}
PGBENCH_OPTS=${PGBENCH_OPTS:-}
read -r -a PGBENCH_ARGS <<<"$PGBENCH_OPTS"
PROFILE=${PROFILE:-0}
PROFILE_SECS=${PROFILE_SECS:-20}

SYN_TABLE=syn$SYN_DIMS
SYSTEMS=(vecsearch pgvector)
declare -A DB_OF=([vecsearch]=$VS_DB [pgvector]=$PGV_DB)
declare -A EXT_OF=([vecsearch]=vecsearch [pgvector]=vector)
declare -A TABLE_OF=([glove]=glove [syn]=$SYN_TABLE)
declare -A OP_OF=([glove]='<=>' [syn]='<->')

log() { printf '\n==> %s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}
psql_db() { # psql_db DB [psql args...]: quiet, stops at the first error
	local db=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# The exact k-NN query of a data set for query id $2 (a number or a pgbench variable such as :q).
knn_query() {
	local table=${TABLE_OF[$1]} op=${OP_OF[$1]}
	printf 'SELECT id FROM %s ORDER BY embedding %s (SELECT embedding FROM %s_queries WHERE id = %s) LIMIT 10' \
		"$table" "$op" "$table" "$2"
}

mkdir -p "$WORK_DIR"
for tool in vecsearch-fvecs-to-copy vecsearch-make-fvecs; do
	if [ ! -x "$BUILD_DIR/$tool" ]; then
		log "building $tool in $BUILD_DIR"
		cmake -S "$VS_ROOT" -B "$BUILD_DIR" >/dev/null
		cmake --build "$BUILD_DIR" --target "$tool" >/dev/null
	fi
done
for f in base.fvecs query.fvecs; do [ -f "$GLOVE_DIR/$f" ] || die "$GLOVE_DIR/$f not found (set GLOVE_DIR or DATASETS)"; done
for sys in "${SYSTEMS[@]}"; do
	[ "$(psql_db postgres -Atc "SELECT count(*) FROM pg_available_extensions WHERE name = '${EXT_OF[$sys]}'")" = 1 ] ||
		die "extension ${EXT_OF[$sys]} is not installed in the server"
done

# ---- load ---------------------------------------------------------------------------------------------
copy_into() { # copy_into DB TABLE FVECS: stream an fvecs file into TABLE (id, embedding)
	{
		echo "COPY $2 (id, embedding) FROM STDIN;"
		"$BUILD_DIR/vecsearch-fvecs-to-copy" "$3" 2>/dev/null
		printf '\\.\n'
	} | psql_db "$1"
}

if [ "$LOAD" = 1 ]; then
	syn_base=$WORK_DIR/syn-${SYN_DIMS}d-${SYN_ROWS}-seed$SYN_SEED.fvecs
	syn_query=$WORK_DIR/syn-${SYN_DIMS}d-${SYN_QUERIES}-seed$SYN_QUERY_SEED.fvecs
	[ -f "$syn_base" ] || "$BUILD_DIR/vecsearch-make-fvecs" --rows "$SYN_ROWS" --dims "$SYN_DIMS" --seed "$SYN_SEED" "$syn_base"
	[ -f "$syn_query" ] ||
		"$BUILD_DIR/vecsearch-make-fvecs" --rows "$SYN_QUERIES" --dims "$SYN_DIMS" --seed "$SYN_QUERY_SEED" "$syn_query"
	for sys in "${SYSTEMS[@]}"; do
		db=${DB_OF[$sys]}
		log "loading $db (CREATE EXTENSION ${EXT_OF[$sys]})"
		psql_db postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
		psql_db "$db" <<-SQL
			CREATE EXTENSION ${EXT_OF[$sys]};
			CREATE TABLE glove (id bigint, embedding vector(100));
			CREATE TABLE glove_queries (id int PRIMARY KEY, embedding vector(100));
			CREATE TABLE $SYN_TABLE (id bigint, embedding vector($SYN_DIMS));
			CREATE TABLE ${SYN_TABLE}_queries (id int PRIMARY KEY, embedding vector($SYN_DIMS));
		SQL
		copy_into "$db" glove "$GLOVE_DIR/base.fvecs"
		copy_into "$db" glove_queries "$GLOVE_DIR/query.fvecs"
		copy_into "$db" "$SYN_TABLE" "$syn_base"
		copy_into "$db" "${SYN_TABLE}_queries" "$syn_query"
		psql_db "$db" -c "VACUUM ANALYZE"
	done
fi

# ---- what is measured -----------------------------------------------------------------------------------
log "set-up"
for sys in "${SYSTEMS[@]}"; do
	if [ -n "$SYN_PARALLEL_WORKERS" ]; then
		psql_db "${DB_OF[$sys]}" -c "ALTER TABLE $SYN_TABLE SET (parallel_workers = $SYN_PARALLEL_WORKERS)"
	else
		psql_db "${DB_OF[$sys]}" -c "ALTER TABLE $SYN_TABLE RESET (parallel_workers)"
	fi
done
echo "server: $(psql_db postgres -Atc 'SELECT version()')"
for sys in "${SYSTEMS[@]}"; do
	db=${DB_OF[$sys]}
	lib=$(psql_db "$db" -Atc "SELECT setting FROM pg_config WHERE name = 'PKGLIBDIR'")
	so=$lib/$([ "$sys" = vecsearch ] && echo vecsearch.so || echo vector.so)
	echo "$sys: database $db, extension $(psql_db "$db" -Atc "SELECT extname || ' ' || extversion FROM pg_extension WHERE extname = '${EXT_OF[$sys]}'"), $so md5 $(md5sum "$so" 2>/dev/null | cut -c1-12 || echo '?')"
	[ "$sys" = vecsearch ] && echo "  vecsearch_simd_info(): $(psql_db "$db" -Atc 'SELECT vecsearch_simd_info()')"
	psql_db "$db" -Atc "SELECT '  ' || c.relname || ': ' || c.reltuples::bigint || ' rows, heap ' ||
			pg_size_pretty(pg_relation_size(c.oid)) || ', toast ' || pg_size_pretty(coalesce(pg_relation_size(c.reltoastrelid), 0)) ||
			coalesce(', ' || array_to_string(c.reloptions, ', '), '')
		FROM pg_class c WHERE c.relname IN ('glove', 'glove_queries', '$SYN_TABLE', '${SYN_TABLE}_queries') ORDER BY c.relname"
done
echo "settings: $(psql_db "$VS_DB" -Atc "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
	WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather', 'max_parallel_workers', 'max_worker_processes')")"
echo "run: rounds=$ROUNDS secs=$SECS warm=$WARM_SECS parallel=[$PARALLEL] pgbench opts=[$PGBENCH_OPTS]"

# Each plan must be a sequential scan with a top-N sort (under a Gather Merge when parallel), never an index.
for par in $PARALLEL; do
	for set in $SETS; do
		for sys in "${SYSTEMS[@]}"; do
			plan=$(PGOPTIONS="-c max_parallel_workers_per_gather=$par" psql_db "${DB_OF[$sys]}" -Atc \
				"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $(knn_query "$set" 1)")
			echo "plan $set $sys max_parallel_workers_per_gather=$par:"
			printf '    %s\n' "${plan//$'\n'/$'\n'    }"
			echo "$plan" | grep -q "Seq Scan on ${TABLE_OF[$set]}\b" || die "no sequential scan of ${TABLE_OF[$set]}"
			echo "$plan" | grep -q 'top-N heapsort' || die "no top-N sort"
			! echo "$plan" | grep -q "Index.* on ${TABLE_OF[$set]}\b" || die "an index scan of ${TABLE_OF[$set]}"
		done
	done
done

# ---- correctness: the same top-10 ids, in the same order --------------------------------------------------
log "top-10 agreement on $CHECK_QUERIES queries per data set and setting"
mismatch_total=0
for par in $PARALLEL; do
	for set in $SETS; do
		nq=$(psql_db "$VS_DB" -Atc "SELECT count(*) FROM ${TABLE_OF[$set]}_queries")
		sql=$WORK_DIR/check-$set.sql
		: >"$sql"
		for ((i = 0; i < CHECK_QUERIES; i++)); do
			qid=$((1 + i * nq / CHECK_QUERIES))
			echo "SELECT $qid, array_agg(id) FROM ($(knn_query "$set" "$qid")) s;" >>"$sql"
		done
		for sys in "${SYSTEMS[@]}"; do
			PGOPTIONS="-c max_parallel_workers_per_gather=$par" psql_db "${DB_OF[$sys]}" -At -F ' ' -f "$sql" \
				>"$WORK_DIR/check-$set-p$par-$sys.out"
		done
		ordered=$(paste -d '|' "$WORK_DIR/check-$set-p$par-vecsearch.out" "$WORK_DIR/check-$set-p$par-pgvector.out" |
			awk -F'|' '$1 != $2' | wc -l)
		as_sets=$(paste -d '|' "$WORK_DIR/check-$set-p$par-vecsearch.out" "$WORK_DIR/check-$set-p$par-pgvector.out" |
			awk -F'|' '{ na = split($1, a, /[ {},]+/); nb = split($2, b, /[ {},]+/); split("", count)
				for (i = 1; i <= na; i++) count[a[i]]++
				for (i = 1; i <= nb; i++) count[b[i]]--
				for (id in count) if (count[id] != 0) { n++; break } }
				END { print n + 0 }')
		echo "$set max_parallel_workers_per_gather=$par: $CHECK_QUERIES queries, top-10 lists differing: $ordered (as sets: $as_sets)"
		mismatch_total=$((mismatch_total + ordered))
	done
done
echo "mismatches in total: $mismatch_total"

# ---- timing ---------------------------------------------------------------------------------------------------
# run_pgbench SYS SET PAR SECS: prints the queries per second of one pgbench run.
run_pgbench() {
	local script=$WORK_DIR/pgbench-$2.sql out
	out=$(PGOPTIONS="-c max_parallel_workers_per_gather=$3" pgbench -n "${PGBENCH_ARGS[@]}" -f "$script" -T "$4" -c 1 \
		"${DB_OF[$1]}" 2>&1) || die "pgbench failed: $out"
	echo "$out" | sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p'
}

results=$WORK_DIR/results.tsv
: >"$results"
for set in $SETS; do
	nq=$(psql_db "$VS_DB" -Atc "SELECT count(*) FROM ${TABLE_OF[$set]}_queries")
	printf '\\set q random(1, %s)\n%s;\n' "$nq" "$(knn_query "$set" :q)" >"$WORK_DIR/pgbench-$set.sql"
done
for par in $PARALLEL; do
	for set in $SETS; do
		log "timing $set (${TABLE_OF[$set]}, ${OP_OF[$set]}), max_parallel_workers_per_gather=$par"
		for sys in "${SYSTEMS[@]}"; do
			echo "warm-up $sys: $(run_pgbench "$sys" "$set" "$par" "$WARM_SECS") qps (not counted)"
		done
		for ((r = 1; r <= ROUNDS; r++)); do
			for sys in "${SYSTEMS[@]}"; do
				qps=$(run_pgbench "$sys" "$set" "$par" "$SECS")
				printf '%s\t%s\t%s\t%s\t%s\n' "$par" "$set" "$sys" "$r" "$qps" >>"$results"
				printf 'round %d %-9s %8.2f qps\n' "$r" "$sys" "$qps"
			done
		done
	done
done

log "summary (queries per second, median of $ROUNDS runs of ${SECS}s; ratio = vecsearch / pgvector)"
awk -F'\t' '
	{ key = $1 SUBSEP $2 SUBSEP $3; runs[key] = runs[key] (runs[key] == "" ? "" : " ") sprintf("%.2f", $5)
	  n[key]++; v[key, n[key]] = $5; if (!(($1, $2) in seen)) { seen[$1, $2] = 1; order[++k] = $1 SUBSEP $2 } }
	function median(key,   m, i, j, t, a) {
		m = n[key]; for (i = 1; i <= m; i++) a[i] = v[key, i]
		for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	END {
		printf "| workers | data set | vecsearch runs | pgvector runs | vecsearch median | pgvector median | ratio |\n"
		printf "|---|---|---|---|---|---|---|\n"
		for (i = 1; i <= k; i++) {
			split(order[i], p, SUBSEP); vs = p[1] SUBSEP p[2] SUBSEP "vecsearch"; pv = p[1] SUBSEP p[2] SUBSEP "pgvector"
			mv = median(vs); mp = median(pv)
			printf "| %s | %s | %s | %s | %.2f | %.2f | %.3f |\n", p[1], p[2], runs[vs], runs[pv], mv, mp, mp > 0 ? mv / mp : 0
		}
	}' "$results"
echo "top-10 mismatches: $mismatch_total"

# ---- profiles ---------------------------------------------------------------------------------------------------
if [ "$PROFILE" = 1 ]; then
	command -v perf >/dev/null || die "PROFILE=1 needs perf"
	for set in $SETS; do
		for sys in "${SYSTEMS[@]}"; do
			db=${DB_OF[$sys]}
			data=$WORK_DIR/perf-$set-$sys.data
			log "profiling $sys on $set (max_parallel_workers_per_gather=0, ${PROFILE_SECS}s)"
			PGOPTIONS="-c max_parallel_workers_per_gather=0" pgbench -n "${PGBENCH_ARGS[@]}" -f "$WORK_DIR/pgbench-$set.sql" \
				-T $((PROFILE_SECS + 6)) -c 1 "$db" >"$WORK_DIR/perf-$set-$sys.pgbench" 2>&1 &
			bench_pid=$!
			pid=
			for _ in $(seq 50); do
				sleep 0.1
				pid=$(psql_db postgres -Atc "SELECT pid FROM pg_stat_activity
					WHERE datname = '$db' AND application_name = 'pgbench' AND backend_type = 'client backend'")
				[ -n "$pid" ] && break
			done
			[ -n "$pid" ] || die "no pgbench backend found in $db"
			sleep 2
			perf record -q -e cpu-clock -F 499 --call-graph dwarf -p "$pid" -o "$data" -- sleep "$PROFILE_SECS" 2>/dev/null
			wait "$bench_pid"
			echo "backend $pid, $(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$WORK_DIR/perf-$set-$sys.pgbench") qps while recorded"
			perf report -i "$data" --no-children --sort dso,symbol -g none --stdio --percent-limit 0.5 2>/dev/null |
				grep -v '^#' | grep -v '^$' >"$WORK_DIR/perf-$set-$sys.self.txt"
			perf report -i "$data" --children --sort symbol -g none --stdio --percent-limit 2 2>/dev/null |
				grep -v '^#' | grep -v '^$' >"$WORK_DIR/perf-$set-$sys.children.txt"
			echo "self time (top 15):"
			head -15 "$WORK_DIR/perf-$set-$sys.self.txt"
			echo "inclusive time, children (top 25):"
			head -25 "$WORK_DIR/perf-$set-$sys.children.txt"
		done
	done
fi
