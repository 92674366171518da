# Shared steps of the README commands (scripts/demo.sh, scripts/test.sh): install what the build needs,
# build and install the extension, and run a private PostgreSQL 15 cluster as the postgres user.
# Sourced, not executed. Everything here is idempotent.

VS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BINDIR=/usr/lib/postgresql/15/bin
PG_CONFIG=$PG_BINDIR/pg_config
BUILD_DIR=$VS_ROOT/build

log() { printf '\n==> %s\n' "$*" >&2; }

# Debian packages the build, the tests and the demo need; apt runs only when one is missing.
install_packages() {
	local wanted=(g++ make cmake pkg-config postgresql-15 postgresql-server-dev-15 libpq-dev
		libgtest-dev libbenchmark-dev libipc-run-perl clang-format binutils "$@")
	local missing=()
	for p in "${wanted[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if ((${#missing[@]})); then
		log "installing Debian packages: ${missing[*]}"
		local sudo=
		[ "$(id -u)" = 0 ] || sudo=sudo
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

# Builds the extension with PGXS and installs it into PostgreSQL 15.
build_and_install_extension() {
	log "building and installing the vecsearch extension"
	local sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	make -C "$VS_ROOT" -s -j"$(nproc)" PG_CONFIG="$PG_CONFIG" >/dev/null
	$sudo make -C "$VS_ROOT" -s install PG_CONFIG="$PG_CONFIG" >/dev/null
}

# Configures and builds the CMake side (core library, unit tests, tools); extra arguments are targets.
build_core() {
	log "building the C++ core with CMake"
	cmake -S "$VS_ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	if (($#)); then
		cmake --build "$BUILD_DIR" -j"$(nproc)" --target "$@" >/dev/null
	else
		cmake --build "$BUILD_DIR" -j"$(nproc)" >/dev/null
	fi
}

# Runs a command as the unprivileged cluster owner (PostgreSQL refuses to run as root).
as_postgres() {
	if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# start_cluster DIR PORT: initdb DIR/data if needed, start it on PORT with its socket in DIR.
start_cluster() {
	local dir=$1 port=$2
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres: "$dir"
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		as_postgres "$PG_BINDIR/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
	fi
	if ! as_postgres "$PG_BINDIR/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		as_postgres "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
			-o "-p $port -k $dir -c listen_addresses=''" start >/dev/null
	fi
}

# stop_cluster DIR: fast shutdown; quiet when it is not running.
stop_cluster() {
	as_postgres "$PG_BINDIR/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
}
