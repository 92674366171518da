// What the serial build (hnsw_build.cpp) and the parallel build (hnsw_build_parallel.cpp) share: turning a
// table value into the vector the graph stores, and writing a finished graph to pages.
#pragma once

#include "core/hnsw/hnsw_params.hpp"
#include "pg/hnsw/hnsw_options.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

// Seed of the level generator: fixed, so a serial build is reproducible (same table order, same graph).
// Parallel participants add their number to it.
inline constexpr std::uint64_t kBuildSeed = 0x5eed5eedULL;

// One table value made ready for the graph. C++ regime.
class RowVector {
public:
	RowVector(int dims, Metric metric, std::pmr::memory_resource *memory)
	    : dims_(dims), metric_(metric), normalized_(static_cast<std::size_t>(dims), memory)
	{
	}

	// The elements to insert for `value` (detoasted, dims checked; unit length under cosine), or an empty
	// span for a value the index leaves out (a zero vector under cosine has no direction). Valid until the
	// next call or Release().
	std::span<const float> Prepare(Datum value);
	// Frees a detoasted copy made by the last Prepare.
	void Release() noexcept;

private:
	int dims_;
	Metric metric_;
	std::pmr::vector<float> normalized_;
	void *detoasted_ = nullptr;
};

// Writes the metapage and every element page of a finished graph (InMemoryGraph or SharedGraph), node i
// pointing to heap_tids[i]. C++ regime; no builder may be running.
template <typename Graph>
void WriteGraph(Relation index, const Graph &graph, std::span<const ItemPointerData> heap_tids, int dims, Metric metric,
                const vecsearch::hnsw::Params &params, std::pmr::memory_resource *memory);

// PG regime: the number of parallel workers worth starting for a build of about `tuples` vectors, or 0.
int PlanParallelWorkers(Relation heap, Relation index, IndexInfo *index_info, double tuples, int dims);

// C++ regime: builds the graph with `workers` parallel workers and the leader, writes it, and fills
// `result`. False when it could not (no dynamic shared memory, or more rows than the estimate made room
// for): then nothing was written and the caller builds serially.
bool BuildParallel(Relation heap, Relation index, IndexInfo *index_info, int workers, double tuples, int dims,
                   Metric metric, const vecsearch::hnsw::Params &params, IndexBuildResult *result);

} // namespace vecsearch::pg::hnsw
