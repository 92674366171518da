#!/usr/bin/env bash
# Static checks of the project's own rules (DESIGN.md sections 2-5), run by scripts/test.sh. Each check
# prints "ok <name>" or "not ok <name>" with what it found; the exit status is the number of failures.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
failures=0
check() { # name, then the offending lines on stdin (none = pass)
	local found
	found=$(cat)
	if [ -z "$found" ]; then
		echo "ok $1"
	else
		echo "not ok $1"
		echo "$found" | sed 's/^/    /'
		failures=$((failures + 1))
	fi
}

# The core is pure C++: no PostgreSQL header, directly or through glue headers.
grep -rnE '#\s*include\s*[<"](postgres|postgres_ext|fmgr|c)\.h[>"]|#\s*include\s*"pg/' src/core | check core-includes-no-postgres

# Every function PostgreSQL calls by name is defined through VECSEARCH_PG_FUNCTION (a guarded body), and
# nothing else in the glue declares fmgr info records or C-linkage functions of its own.
code_only() { grep -vE '^[^:]+:[0-9]+:\s*(//|#)'; } # drop comment lines from grep -n output
grep -rn 'PG_FUNCTION_INFO_V1' src/pg | grep -v 'src/pg/boundary.hpp' | code_only | check fmgr-functions-are-guarded
grep -rn 'extern "C"' src/pg --include='*.cpp' | grep -vE 'src/pg/module.cpp:.*extern "C" \{$' | check no-unguarded-extern-c
# _PG_init's body is a single Guard call.
awk '/^_PG_init\(void\)/{f=1; next} f&&/^}/{exit} f' src/pg/module.cpp | grep -vE '^\{$|^\s*vecsearch::pg::Guard\(' |
	check pg-init-is-guarded

# No native or fast-math code generation anywhere.
grep -rnE -- '-march=native|-mtune=native|-Ofast|-ffast-math' Makefile CMakeLists.txt src scripts | grep -v check_source.sh | code_only |
	check no-native-or-fast-math-flags

# Only the ISA files use ymm/zmm registers in the built module (baseline code must run on any x86-64).
if [ -f vecsearch.so ]; then
	objdump -d --no-show-raw-insn -C vecsearch.so | awk '
		/^[0-9a-f]+ <.*>:$/ { fn = $0; next }
		/%[yz]mm[0-9]/ && fn !~ /simd::(avx2|avx512)::/ { print fn; }' | sort -u | check wide-registers-only-in-isa-files
else
	echo "not ok wide-registers-only-in-isa-files (vecsearch.so not built)"
	failures=$((failures + 1))
fi
# Formatting follows .clang-format (clang-format 14 from Debian).
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run 2>&1 | grep -E 'warning:' | sed -E 's/: warning:.*//' | sort -u |
	check clang-format-clean
exit "$failures"
