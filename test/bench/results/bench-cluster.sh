# Sourced by the side-by-side scripts here: starts (creating it the first time) the benchmark cluster in
# /var/tmp/hbv on port 55481 (shared_buffers 2GB, autovacuum off), stops it when the script exits, and defines
#   q ARGS...                          psql on it, quiet, unaligned, stopping at the first error
#   sample_peak_rss PIDFILE PSQL_PID   waits for the backend pid in PIDFILE, then samples its RssAnon every
#                                      50 ms until PSQL_PID exits; sets base_kb and peak_kb
#   sampled_sql DB OUT                 runs the SQL on stdin (timed) in DB, output to OUT, sampling its backend
#                                      as above from a second before it; sets base_kb, peak_kb and ms (the last
#                                      statement's time)
#   glove_copy                         prints the path of glove-100's base vectors as a COPY file, made once
dir=/var/tmp/hbv; port=55481
bin=/usr/lib/postgresql/15/bin
run() { runuser -u postgres -- "$@"; }
if [ ! -f $dir/data/PG_VERSION ]; then
	mkdir -p $dir && chown postgres $dir
	run $bin/initdb -D $dir/data -A trust -U postgres >/dev/null
fi
run $bin/pg_ctl -D $dir/data -l $dir/log -o "-p $port -k $dir -c listen_addresses='' -c shared_buffers=2GB -c max_wal_size=8GB -c autovacuum=off" -w start >/dev/null
trap 'run $bin/pg_ctl -D $dir/data -m fast -w stop >/dev/null' EXIT
q() { psql -X -h $dir -p $port -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
sample_peak_rss() {
	local pidfile=$1 psql_pid=$2 pid now
	while [ ! -s "$pidfile" ]; do sleep 0.05; done
	pid=$(cat "$pidfile")
	base_kb=$(awk '/^RssAnon/ {print $2}' /proc/$pid/status)
	peak_kb=$base_kb
	while kill -0 "$psql_pid" 2>/dev/null; do
		now=$(awk '/^RssAnon/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
		[ "${now:-0}" -gt "$peak_kb" ] && peak_kb=$now
		sleep 0.05
	done
}
sampled_sql() {
	local db=$1 out=$2 pidfile
	pidfile=$(mktemp)
	{ printf '\\o %s\nSELECT pg_backend_pid();\n\\o\nSELECT pg_sleep(1);\n\\timing on\n' "$pidfile"; cat; } |
		q -d "$db" > "$out" 2>&1 &
	sample_peak_rss "$pidfile" $!
	ms=$(grep -oP 'Time: \K[0-9.]+' "$out" | tail -1)
	rm -f "$pidfile"
}
glove_copy() {
	local root copy=$dir/glove.copy
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
	[ -f $copy ] || "$root/build/vecsearch-fvecs-to-copy" "$root/../shared/datasets/glove-100-cosine/base.fvecs" > $copy
	chmod 644 $copy
	echo $copy
}
