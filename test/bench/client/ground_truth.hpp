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

// The cache behind GetGroundTruth, for other exact results of the same shape (queries x k ids, -1 allowed by
// writers that pad): the text a cache is keyed on (data, metric, k, counts; a caller appends what else its
// result depends on), the file that key names (<cache_prefix>.gt-<hash>.ivecs), whether the .key file beside
// it holds that key, and writing both (under a temporary name, renamed; a failure is only a warning).
std::string GroundTruthCacheKey(const Dataset &dataset, Metric metric, std::uint32_t k);
std::string GroundTruthCachePath(const std::string &cache_prefix, const std::string &key);
bool GroundTruthCacheHasKey(const std::string &cache_path, const std::string &key);
void WriteGroundTruthCache(const std::string &cache_path, const std::string &key, const std::vector<std::int32_t> &ids,
                           std::uint32_t k);

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
