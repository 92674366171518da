// What the serial build (hnsw_build.cpp) and the parallel build (hnsw_build_parallel.cpp) share: the level
// generator's seed, writing a finished graph to pages, and planning workers.
#pragma once

#include "core/hnsw/hnsw_params.hpp"
#include "pg/hnsw/hnsw_options.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

// Seed of the level generator: fixed, so a serial build is reproducible (same table order, same graph).
// Parallel participants add their number to it.
inline constexpr std::uint64_t kBuildSeed = 0x5eed5eedULL;

// Writes the metapage and every element page of a finished graph (InMemoryGraph or SharedGraph), node i
// pointing to heap_tids[i] with filter values payloads[i] (empty for an index without filter columns).
// C++ regime; no builder may be running.
template <typename Graph>
void WriteGraph(Relation index, const Graph &graph, std::span<const ItemPointerData> heap_tids,
                std::span<const IndexTupleData *const> payloads, ElementShape shape, Metric metric,
                const vecsearch::hnsw::Params &params, std::pmr::memory_resource *memory);

// PG regime: the number of parallel workers worth starting for a build of about `tuples` values, or 0.
int PlanParallelWorkers(Relation heap, Relation index, IndexInfo *index_info, double tuples, ElementShape shape);

// C++ regime: builds the graph with `workers` parallel workers and the leader, writes it, and fills
// `result`. False when it could not (no dynamic shared memory, or more rows than the estimate made room
// for): then nothing was written and the caller builds serially.
bool BuildParallel(Relation heap, Relation index, IndexInfo *index_info, int workers, double tuples, ElementShape shape,
                   Metric metric, const vecsearch::hnsw::Params &params, IndexBuildResult *result);

} // namespace vecsearch::pg::hnsw
