#!/usr/bin/env bash
# Exact k-nearest-neighbour search through SQL (sequential scan + top-N sort, no index): vecsearch against
# pgvector in one running PostgreSQL cluster, two databases, the same data and session settings, the
# systems interleaved run by run. Prints per-run queries per second (pgbench), medians, the ratio
# vecsearch/pgvector, and a top-10 agreement check. Measures; does not judge or fail on a slowdown.
# When the server runs on this machine, each run also reports the CPU time its backend used per query
# (utime + stime from /proc/<pid>/stat, polled while pgbench runs): on a shared, busy machine that moves
# far less than queries per second does. It counts the leader backend only, so it is summarised for
# max_parallel_workers_per_gather=0 alone.
#
# Each pgbench transaction picks a random query id, fetches that query vector and runs
#   SELECT id FROM <table> ORDER BY embedding <op> $1 LIMIT 10
# with the vector bound as a parameter, as an application would send it (FORM=param). FORM=subquery runs
# the one-statement form ... ORDER BY embedding <op> (SELECT embedding FROM <table>_queries WHERE id = :q)
# instead; beware that the InitPlan then hands the distance function a TOAST pointer whenever the query
# vector is stored out of line (768 dims are), so that vector is fetched from TOAST again for every row.
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
#   FORM            param or subquery, see above [param]
#   PROTOCOL        pgbench -M: extended or prepared (FORM=param needs one of them) [extended]
#   PGBENCH_OPTS    extra pgbench options for every run []
#   VECSEARCH_LIB   a vecsearch.so to measure instead of the installed one: the C functions of the extension
#                   in $VS_DB are pointed at it (pg_proc.probin), for a machine where others reinstall the
#                   library during a run. CREATE EXTENSION (LOAD=1) still loads the installed one. Empty:
#                   point them back at $libdir/vecsearch []
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
FORM=${FORM:-param}
PROTOCOL=${PROTOCOL:-extended}
read -r -a PGBENCH_ARGS <<<"-M $PROTOCOL $PGBENCH_OPTS"
VECSEARCH_LIB=${VECSEARCH_LIB:-}
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
so_path() { # so_path SYS: the shared library of a system's extension (LIBDIR is set below)
	if [ "$1" = vecsearch ]; then echo "${VECSEARCH_LIB:-$LIBDIR/vecsearch.so}"; else echo "$LIBDIR/vector.so"; fi
}
so_md5() { md5sum "$(so_path "$1")" 2>/dev/null | cut -c1-12 || echo '?'; }
psql_db() { # psql_db DB [psql args...]: quiet, stops at the first error
	local db=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# knn_query SET QID psql|pgbench: the psql or pgbench script lines of the exact k-NN query for query id QID
# (a number or pgbench's :q); the last line is the query itself, without its semicolon.
knn_query() {
	local table=${TABLE_OF[$1]} op=${OP_OF[$1]} vector
	if [ "$FORM" = subquery ]; then
		vector="(SELECT embedding FROM ${table}_queries WHERE id = $2)"
	else
		echo "SELECT embedding AS qv FROM ${table}_queries WHERE id = $2 \\gset"
		vector=$([ "$3" = psql ] && echo ":'qv'" || echo ":qv")
	fi
	echo "SELECT id FROM $table ORDER BY embedding $op $vector LIMIT 10"
}
# knn_wrap SET QID PREFIX SUFFIX: the psql lines of the query, its last line as PREFIX query SUFFIX.
knn_wrap() {
	knn_query "$1" "$2" psql | sed "\$ s/.*/$3&$4/"
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

LIBDIR=$(psql_db postgres -Atc "SELECT setting FROM pg_config WHERE name = 'PKGLIBDIR'" 2>/dev/null ||
	pg_config --pkglibdir)

# ---- load ---------------------------------------------------------------------------------------------
copy_into() { # copy_into DB TABLE FVECS: stream an fvecs file into TABLE (id, embedding)
	{
		echo "COPY $2 (id, embedding) FROM STDIN;"
		"$BUILD_DIR/vecsearch-fvecs-to-copy" "$3" 2>/dev/null || die "cannot read $3"
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
[ -z "$VECSEARCH_LIB" ] || [ -r "$VECSEARCH_LIB" ] || die "VECSEARCH_LIB $VECSEARCH_LIB is not readable"
psql_db "$VS_DB" -c "UPDATE pg_proc SET probin = '${VECSEARCH_LIB:-\$libdir/vecsearch}'
	WHERE probin IS NOT NULL AND oid IN (SELECT objid FROM pg_depend WHERE classid = 'pg_proc'::regclass
		AND refclassid = 'pg_extension'::regclass AND deptype = 'e'
		AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'vecsearch'))"
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
	echo "$sys: database $db, extension $(psql_db "$db" -Atc "SELECT extname || ' ' || extversion FROM pg_extension WHERE extname = '${EXT_OF[$sys]}'"), $(so_path "$sys") md5 $(so_md5 "$sys")"
	[ "$sys" = vecsearch ] && echo "  vecsearch_simd_info(): $(psql_db "$db" -Atc 'SELECT vecsearch_simd_info()'), functions in $(psql_db "$db" -Atc "SELECT string_agg(DISTINCT probin, ', ') FROM pg_proc WHERE proname = 'l2_distance'")"
	psql_db "$db" -Atc "SELECT '  ' || c.relname || ': ' || c.reltuples::bigint || ' rows, heap ' ||
			pg_size_pretty(pg_relation_size(c.oid)) || ', toast ' || pg_size_pretty(coalesce(pg_relation_size(c.reltoastrelid), 0)) ||
			coalesce(', ' || array_to_string(c.reloptions, ', '), '')
		FROM pg_class c WHERE c.relname IN ('glove', 'glove_queries', '$SYN_TABLE', '${SYN_TABLE}_queries') ORDER BY c.relname"
done
echo "settings: $(psql_db "$VS_DB" -Atc "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
	WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather', 'max_parallel_workers', 'max_worker_processes')")"
echo "run: rounds=$ROUNDS secs=$SECS warm=$WARM_SECS parallel=[$PARALLEL] form=$FORM pgbench opts=[${PGBENCH_ARGS[*]}]"

# Each plan must be a sequential scan with a top-N sort (under a Gather Merge when parallel), never an index.
for par in $PARALLEL; do
	for set in $SETS; do
		for sys in "${SYSTEMS[@]}"; do
			plan=$(knn_wrap "$set" 1 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' ';' |
				PGOPTIONS="-c max_parallel_workers_per_gather=$par" psql_db "${DB_OF[$sys]}" -At)
			echo "plan $set $sys max_parallel_workers_per_gather=$par:"
			printf '    %s\n' "${plan//$'\n'/$'\n'    }" | sed -E "s/'\[[^]']{40,}\]'/'[...]'/g"
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
			knn_wrap "$set" "$qid" "SELECT $qid, array_agg(id) FROM (" ') s;' >>"$sql"
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
# run_pgbench SYS SET PAR SECS: one pgbench run; sets QPS and CPU_MS, the CPU ms its backend used per query
# ("-" when the backend's /proc entry cannot be read: a server on another machine). Not in a subshell: it
# must be able to stop the script, and it counts runs to give each its own application_name.
run_pgbench() {
	RUN_COUNTER=$((RUN_COUNTER + 1))
	local out=$WORK_DIR/pgbench.out app=sql_exact_knn-$$-$RUN_COUNTER bench pid='' ticks=0 t tx
	PGAPPNAME=$app PGOPTIONS="-c max_parallel_workers_per_gather=$3" pgbench -n "${PGBENCH_ARGS[@]}" \
		-f "$WORK_DIR/pgbench-$2.sql" -T "$4" -c 1 "${DB_OF[$1]}" >"$out" 2>&1 &
	bench=$!
	# Look the backend up again whenever its /proc entry is gone: pgbench's first connection (a check) ends
	# before its client connects.
	while kill -0 "$bench" 2>/dev/null; do
		if [ -n "$pid" ] && t=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null); then
			ticks=$t
			sleep 0.1
		else
			pid=$(psql_db postgres -Atc "SELECT pid FROM pg_stat_activity WHERE application_name = '$app'
				AND backend_type = 'client backend'")
			[ -n "$pid" ] || sleep 0.05
		fi
	done
	wait "$bench" || die "pgbench failed: $(cat "$out")"
	QPS=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$out")
	tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")
	if [ -z "$QPS" ] || [ -z "$tx" ]; then die "no tps in pgbench's output: $(cat "$out")"; fi
	CPU_MS=$(awk -v t="$ticks" -v hz="$CLK_TCK" -v n="$tx" 'BEGIN { if (t > 0 && n > 0) printf "%.2f", t * 1000 / hz / n; else print "-" }')
}

# A library reinstalled during the timing would mix two builds in one column: say so.
declare -A MD5_AT_START=([vecsearch]=$(so_md5 vecsearch) [pgvector]=$(so_md5 pgvector))
check_libraries() {
	local system
	for system in "${SYSTEMS[@]}"; do
		[ "$(so_md5 "$system")" = "${MD5_AT_START[$system]}" ] ||
			echo "WARNING: $(so_path "$system") changed during the run (md5 ${MD5_AT_START[$system]} -> $(so_md5 "$system")): runs mix builds"
	done
}
RUN_COUNTER=0
CLK_TCK=$(getconf CLK_TCK)
results=$WORK_DIR/results.tsv
cpu_results=$WORK_DIR/cpu.tsv
: >"$cpu_results"
: >"$results"
for set in $SETS; do
	nq=$(psql_db "$VS_DB" -Atc "SELECT count(*) FROM ${TABLE_OF[$set]}_queries")
	{
		echo "\\set q random(1, $nq)"
		knn_query "$set" :q pgbench | sed '$ s/$/;/'
	} >"$WORK_DIR/pgbench-$set.sql"
done
for par in $PARALLEL; do
	for set in $SETS; do
		log "timing $set (${TABLE_OF[$set]}, ${OP_OF[$set]}), max_parallel_workers_per_gather=$par"
		for sys in "${SYSTEMS[@]}"; do
			run_pgbench "$sys" "$set" "$par" "$WARM_SECS"
			echo "warm-up $sys: $QPS qps, $CPU_MS backend CPU ms/query (not counted)"
		done
		for ((r = 1; r <= ROUNDS; r++)); do
			for sys in "${SYSTEMS[@]}"; do
				run_pgbench "$sys" "$set" "$par" "$SECS"
				printf '%s\t%s\t%s\t%s\t%s\n' "$par" "$set" "$sys" "$r" "$QPS" >>"$results"
				if [ "$par" = 0 ] && [ "$CPU_MS" != - ]; then
					printf '%s\t%s\t%s\t%s\t%s\n' "$par" "$set" "$sys" "$r" "$(awk -v ms="$CPU_MS" 'BEGIN { printf "%.3f", 1000 / ms }')" >>"$cpu_results"
				fi
				printf 'round %d %-9s %8.2f qps %8s backend CPU ms/query\n' "$r" "$sys" "$QPS" "$CPU_MS"
			done
		done
	done
done

# summarise FILE: per setting and data set, the runs, medians and the ratio vecsearch / pgvector of the
# values in FILE (lines: workers, set, system, round, value).
summarise() {
	awk -F'\t' '
		{ key = $1 SUBSEP $2 SUBSEP $3; runs[key] = runs[key] (runs[key] == "" ? "" : " ") sprintf("%.2f", $5)
		  n[key]++; v[key, n[key]] = $5; pair = $1 SUBSEP $2; if (!(pair in seen)) { seen[pair] = 1; order[++k] = pair } }
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
				printf "| %s | %s | %s | %s | %.2f | %.2f | %.3f |\n", p[1], p[2], runs[vs], runs[pv], mv, mp, (mp > 0 ? mv / mp : 0)
			}
		}' "$1"
}
log "summary (queries per second, median of $ROUNDS runs of ${SECS}s; ratio = vecsearch / pgvector)"
summarise "$results"

if [ -s "$cpu_results" ]; then
	log "summary: queries per backend CPU second (1000 / CPU ms per query) of the same runs, workers = 0 only"
	summarise "$cpu_results"
fi
echo "top-10 mismatches: $mismatch_total"
check_libraries

# ---- profiles ---------------------------------------------------------------------------------------------------
if [ "$PROFILE" = 1 ]; then
	command -v perf >/dev/null || die "PROFILE=1 needs perf"
	for set in $SETS; do
		for sys in "${SYSTEMS[@]}"; do
			db=${DB_OF[$sys]}
			data=$WORK_DIR/perf-$set-$sys.data
			log "profiling $sys on $set (max_parallel_workers_per_gather=0, ${PROFILE_SECS}s)"
			PGAPPNAME=sql_exact_knn-$$-profile-$set-$sys PGOPTIONS="-c max_parallel_workers_per_gather=0" \
				pgbench -n "${PGBENCH_ARGS[@]}" -f "$WORK_DIR/pgbench-$set.sql" -T $((PROFILE_SECS + 6)) -c 1 "$db" \
				>"$WORK_DIR/perf-$set-$sys.pgbench" 2>&1 &
			bench_pid=$!
			# perf resolves symbols from the library file when reporting: keep this build's copy by build id.
			perf buildid-cache -a "$(so_path "$sys")" 2>/dev/null || true
			# Late enough that pgbench's first connection (a check) has made way for its client's.
			sleep 2
			pid=$(psql_db postgres -Atc "SELECT pid FROM pg_stat_activity
				WHERE application_name = 'sql_exact_knn-$$-profile-$set-$sys' AND backend_type = 'client backend'")
			[ -n "$pid" ] || die "no pgbench backend found in $db"
			perf record -q -e cpu-clock -F 499 --call-graph dwarf -p "$pid" -o "$data" -- sleep "$PROFILE_SECS" 2>/dev/null
			wait "$bench_pid"
			echo "backend $pid, $(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$WORK_DIR/perf-$set-$sys.pgbench") qps while recorded"
			check_libraries
			# Columns: share of samples in the function itself, library, symbol (static functions of a
			# stripped postgres show as addresses); then with its callees ("children"), self, symbol.
			perf report -i "$data" --no-children --sort dso,symbol -g none --stdio --percent-limit 0.5 2>/dev/null |
				sed -e '/^#/d' -e '/^$/d' -e 's/ *- *- *$//' >"$WORK_DIR/perf-$set-$sys.self.txt"
			perf report -i "$data" --children --sort symbol -g none --stdio --percent-limit 2 2>/dev/null |
				sed -e '/^#/d' -e '/^$/d' -e 's/ *- *- *$//' >"$WORK_DIR/perf-$set-$sys.children.txt"
			echo "self time (top 15):"
			head -15 "$WORK_DIR/perf-$set-$sys.self.txt"
			echo "inclusive time, children (top 25):"
			head -25 "$WORK_DIR/perf-$set-$sys.children.txt"
		done
	done
fi
