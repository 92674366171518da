#!/usr/bin/env bash
# The client-library test (issue 11): pgvector's npm packages drive vecsearch unchanged. Installs Node from
# Debian when it is missing, the npm packages of package.json into a scratch directory (node_modules is never
# committed), creates a scratch database in the running cluster named by PGHOST/PGPORT/PGUSER, runs
# pgvector_node.test.mjs with `node --test`, drops the database. Prints node's TAP report; exits with its status.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/vecsearch-client.XXXXXX")
database=vecsearch_client_test
cleanup() {
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
cp "$here/package.json" "$here/pgvector_node.test.mjs" "$work/"
(cd "$work" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" >/dev/null
PGDATABASE=$database node --test --test-reporter=tap "$work/pgvector_node.test.mjs"
