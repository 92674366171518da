// Exact nearest neighbours of the query set among the loaded base rows, and recall against them. Read from
// the data set's groundtruth.ivecs when it applies, else from an on-disk cache, else computed by brute
// force with the SIMD kernels (and cached).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dataset.hpp"
#include "metric.hpp"

namespace vecsearch::bench {

struct GroundTruth {
	std::uint32_t k = 0;
	std::uint64_t queries = 0;
	std::vector<std::int32_t> ids;   // queries x k, nearest first
	std::vector<float> kth_distance; // per query: exact distance of its k-th neighbour
	std::string source;              // where it came from, for the report
};

// cache_prefix: the --out prefix; the cache file is <cache_prefix>.gt-<hash>.ivecs (with a .key beside it).
GroundTruth GetGroundTruth(const Dataset &dataset, Metric metric, std::uint32_t k, std::uint32_t threads,
                           const std::string &cache_prefix);

// Counts returned ids that are true neighbours: a distinct loaded row whose exact distance to the query is
// at most the k-th true neighbour's. Ties at that distance therefore count, whichever of them the index
// returned. Thread-safe (read-only).
class RecallScorer {
public:
	RecallScorer(const Dataset &dataset, Metric metric, const GroundTruth &truth);

	std::uint32_t Hits(std::uint64_t query, const std::int64_t *ids, std::uint32_t count) const;

private:
	const Dataset &dataset_;
	const GroundTruth &truth_;
	DistanceFunction distance_;
};

} // namespace vecsearch::bench
