# PGXS build of the vecsearch extension: the pure C++ core (src/core, compiled without PostgreSQL's include
# path) and the PostgreSQL glue (src/pg) linked into one module; pg_regress suites from sql/ + expected/.
# `make`, `make install`, `make installcheck` as for any PGXS extension. The core's unit tests and benchmarks
# are built by CMakeLists.txt instead.

EXTENSION = vecsearch
MODULE_big = vecsearch
# The install script is put together from one part per job (src/sql/vecsearch--0.1.0/, in name order: vector,
# halfvec, sparsevec, bit, hnsw, hnsw's filter classes, vecsearch's own functions).
SCRIPT_PARTS = $(sort $(wildcard src/sql/vecsearch--0.1.0/*.sql))
DATA = src/sql/vecsearch--0.1.0.sql

CORE_SOURCES = $(sort $(wildcard src/core/*/*.cpp))
GLUE_SOURCES = $(sort $(wildcard src/pg/*.cpp src/pg/*/*.cpp))
OBJS = $(CORE_SOURCES:.cpp=.o) $(GLUE_SOURCES:.cpp=.o)

# setup first (shared helpers), then every other suite.
REGRESS = setup $(filter-out setup,$(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=$(srcdir) --load-extension=$(EXTENSION)

# TAP tests (PostgreSQL::Test::Cluster) run after pg_regress in `make installcheck`; like any TAP cluster they
# refuse to run as root (scripts/test.sh runs them as the postgres user). Pass TAP_TESTS= to skip them.
TAP_TESTS = 1
PROVE_TESTS = test/t/*.pl
PROVE_FLAGS = -I $(srcdir)/test/t

PG_CONFIG ?= pg_config
PG_CPPFLAGS = -I$(srcdir)/src
PG_CXXFLAGS = -std=c++20 -fvisibility=hidden -fvisibility-inlines-hidden -fno-math-errno -MMD -MP
SHLIB_LINK = -lstdc++

# PGXS would also compile every .cpp to LLVM bitcode with clang in its own C++ mode, without our flags.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# The core never sees PostgreSQL headers, under PGXS as under CMake; it gets the stricter warning set.
src/core/%.o: override CPPFLAGS := -I$(srcdir)/src $(filter-out -I%,$(CPPFLAGS))
src/core/%.o: override CXXFLAGS += -Wextra -Wpedantic -Wshadow -Wconversion -Wold-style-cast
# Glue: PostgreSQL's macros trip these under C++20 (volatile ++ in HOLD_INTERRUPTS, unused fcinfo...).
src/pg/%.o: override CXXFLAGS += -Wextra -Wno-unused-parameter -Wno-volatile -Wno-missing-field-initializers

# Wider instruction sets only in their own files, reached through runtime dispatch (never tuned to the CPU
# that happens to build the module).
AVX2_FLAGS = -mavx2 -mfma -mf16c -mpopcnt
AVX512_FLAGS = $(AVX2_FLAGS) -mavx512f -mavx512bw -mavx512dq -mavx512vl
src/core/%_avx2.o: override CXXFLAGS += $(AVX2_FLAGS)
src/core/%_avx512.o: override CXXFLAGS += $(AVX512_FLAGS)

-include $(OBJS:.o=.d)
EXTRA_CLEAN += $(OBJS:.o=.d) $(DATA)

all: $(DATA)
$(DATA): $(SCRIPT_PARTS)
	cat $(SCRIPT_PARTS) > $@

# Opt-in: vecsearch also under pgvector's extension name `vector` (src/sql/vector-alias.control), so that
# `CREATE EXTENSION IF NOT EXISTS vector` in an application's migrations, or in a pgvector dump, installs
# vecsearch. Refuses to overwrite another extension's vector.control (pgvector's): the two cannot share the name.
alias_control = $(DESTDIR)$(datadir)/extension/vector.control
install-vector-alias: install
	@if [ -f '$(alias_control)' ] && ! grep -q vecsearch '$(alias_control)'; then \
		echo "$(alias_control) belongs to another extension (pgvector?): not overwritten" >&2; exit 1; fi
	$(INSTALL_DATA) $(srcdir)/src/sql/vector-alias.control '$(alias_control)'
	for script in $(DATA); do \
		sed 's/CREATE EXTENSION vecsearch/CREATE EXTENSION vector/' "$$script" \
			> '$(DESTDIR)$(datadir)/extension/'"$$(basename "$$script" | sed 's/^vecsearch--/vector--/')"; \
	done

uninstall-vector-alias:
	@if [ -f '$(alias_control)' ] && grep -q vecsearch '$(alias_control)'; then \
		rm -f '$(alias_control)' $(patsubst src/sql/vecsearch--%,'$(DESTDIR)$(datadir)/extension/vector--%',$(DATA)); fi

.PHONY: install-vector-alias uninstall-vector-alias

