// CREATE INDEX ... USING hnsw: the graph is built in memory with the core and written to pages in bulk
// (WAL-logged afterwards as whole pages); and the init fork of an unlogged index.
#pragma once

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

// Build phases reported in pg_stat_progress_create_index (after the generic "initializing").
inline constexpr int64 kPhaseLoading = 2;
inline constexpr int64 kPhaseWriting = 3;

// C++ regime (called from the AM's guarded ambuild).
IndexBuildResult *BuildIndex(Relation heap, Relation index, IndexInfo *index_info);

// C++ regime (called from the guarded ambuildempty).
void BuildEmptyIndex(Relation index);

// The name of a build phase, or NULL.
const char *BuildPhaseName(int64 phase);

} // namespace vecsearch::pg::hnsw
