// The two filter columns the load phase adds with --filter-columns, computed in the client from the data set
// alone, so the load, the filtered phase's ground truth and its query parameters agree without asking the
// server:
//   cat  = SplitMix64(id) % 1000: a category that has nothing to do with the vector (uniform over 0..999);
//   anti = the decile (0..9) of the row's projection onto the data's first principal direction: a value that
//          says where the vector lies, so a condition on it can be chosen to exclude a query's neighbourhood.
#pragma once

#include <cstdint>
#include <vector>

#include "dataset.hpp"
#include "filter_spec.hpp"

namespace vecsearch::bench {

// The SplitMix64 mixing function of x: well spread 64-bit values from consecutive inputs, the same on every
// platform (unlike std::uniform_int_distribution), so a table loaded anywhere has the same categories.
std::uint64_t SplitMix64(std::uint64_t x);

class FilterColumns {
public:
	// The mean and first principal direction of the first min(20000, load_rows) base rows (power iteration on
	// their covariance: 30 steps from a fixed start vector), and the nine decile thresholds of those rows'
	// projections onto it. Deterministic: the same data set and load_rows give the same columns.
	explicit FilterColumns(const Dataset &dataset);

	static std::int32_t Cat(std::uint64_t id);
	// The number of decile thresholds below the row's projection: 0..9.
	std::int32_t Anti(const float *row) const;
	// For a query: 0 when its projection is above the median threshold, else 9. The rows whose anti equals it
	// lie at the far end of the principal direction from the query: an anti-correlated 10 % filter.
	std::int32_t OppositeDecile(const float *query) const;

	std::uint64_t sample_rows() const { return sample_rows_; }
	const std::vector<double> &thresholds() const { return thresholds_; }

private:
	double Project(const float *v) const;

	std::uint32_t dims_ = 0;
	std::uint64_t sample_rows_ = 0;
	std::vector<double> mean_;
	std::vector<double> direction_;  // unit length
	std::vector<double> thresholds_; // nine, ascending
};

// Every loaded row's cat and anti and every query's opposite decile: what the filtered phase's ground truth,
// scoring and parameters read.
struct FilterValues {
	std::vector<std::int32_t> cat;      // per loaded row
	std::vector<std::int32_t> anti;     // per loaded row
	std::vector<std::int32_t> opposite; // per query
};

FilterValues ComputeFilterValues(const Dataset &dataset, const FilterColumns &columns);

} // namespace vecsearch::bench
