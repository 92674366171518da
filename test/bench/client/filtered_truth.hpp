// Exact nearest neighbours of each query among the loaded rows that meet a filter, and recall against them:
// the filtered phase's counterpart of ground_truth.hpp, cached the same way (the filter spec and the filter
// columns' definition are part of the key).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dataset.hpp"
#include "filter_columns.hpp"
#include "filter_spec.hpp"
#include "metric.hpp"

namespace vecsearch::bench {

// The loaded rows grouped by cat and by anti, so a filter's matching rows are read without a pass over all.
class FilterRows {
public:
	FilterRows(const Dataset &dataset, FilterValues values);

	// The groups whose union is the rows matching the filter for the query (disjoint; ids ascending in each).
	std::vector<const std::vector<std::int32_t> *> Matching(const FilterSpec &filter, std::uint64_t query) const;
	bool Matches(const FilterSpec &filter, std::uint64_t query, std::uint64_t row) const;
	const FilterValues &values() const { return values_; }

private:
	FilterValues values_;
	std::vector<std::int32_t> all_;
	std::vector<std::vector<std::int32_t>> by_cat_;
	std::vector<std::vector<std::int32_t>> by_anti_;
};

struct FilteredTruth {
	std::uint32_t k = 0;
	std::vector<std::int32_t> ids;     // queries x k, nearest first; -1 after the last one when fewer rows match
	std::vector<std::uint32_t> counts; // per query: exact neighbours, k or the number of matching rows if fewer
	std::vector<float> last_distance;  // per query: exact distance of its last exact neighbour
	double selectivity = 0.0;          // mean over the queries of the fraction of loaded rows that match
	std::string source;                // where it came from, for the report
};

// cache_prefix: the --out prefix, as for GetGroundTruth.
FilteredTruth GetFilteredTruth(const Dataset &dataset, Metric metric, const FilterRows &rows, const FilterSpec &filter,
                               std::uint32_t k, std::uint32_t threads, const std::string &cache_prefix);

// Recall of one query's returned ids: the distinct returned rows that meet the filter and are at most as far
// as the last exact neighbour (so rows tied with it count, as RecallScorer counts them), divided by the
// number of exact neighbours (k, or fewer when fewer rows match; 1 when none does). Thread-safe (read-only).
class FilteredScorer {
public:
	FilteredScorer(const Dataset &dataset, Metric metric, const FilterRows &rows, const FilterSpec &filter,
	               const FilteredTruth &truth);

	double Recall(std::uint64_t query, const std::int64_t *ids, std::uint32_t count) const;

private:
	const Dataset &dataset_;
	const FilterRows &rows_;
	const FilterSpec &filter_;
	const FilteredTruth &truth_;
	DistanceFunction distance_;
};

} // namespace vecsearch::bench
