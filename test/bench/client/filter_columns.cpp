// Filter column values. The principal direction is found by power iteration rather than a full
// eigendecomposition: only the top direction is needed, and 30 multiplications by the sample covariance
// (never formed: each step is two passes over the sample) cost a moment even for 20000 rows of 1000 dims.
// Sums are in double so the thresholds do not depend on summation order effects at float precision.
#include "filter_columns.hpp"

#include <algorithm>
#include <cmath>

#include "progress.hpp"

namespace vecsearch::bench {

namespace {

constexpr std::uint64_t kSampleRows = 20000;
constexpr int kPowerIterations = 30;

double
Norm(const std::vector<double> &v)
{
	double sum = 0.0;
	for (double x : v)
		sum += x * x;
	return std::sqrt(sum);
}

} // namespace

std::uint64_t
SplitMix64(std::uint64_t x)
{
	std::uint64_t z = x + 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

FilterColumns::FilterColumns(const Dataset &dataset)
    : dims_(dataset.dims), sample_rows_(std::min(kSampleRows, dataset.load_rows)), mean_(dataset.dims, 0.0),
      direction_(dataset.dims, 0.0)
{
	Progress progress("principal direction of " + std::to_string(sample_rows_) + " rows", 0, "");
	for (std::uint64_t row = 0; row < sample_rows_; row++) {
		const float *v = dataset.BaseRow(row);
		for (std::uint32_t d = 0; d < dims_; d++)
			mean_[d] += v[d];
	}
	for (double &x : mean_)
		x /= static_cast<double>(std::max<std::uint64_t>(sample_rows_, 1));

	// A fixed start with every coordinate non-zero, so it is not orthogonal to the direction sought by accident.
	for (std::uint32_t d = 0; d < dims_; d++)
		direction_[d] = static_cast<double>(SplitMix64(d) >> 11) * 0x1p-53 - 0.5;
	const double start_norm = Norm(direction_);
	for (double &x : direction_)
		x /= start_norm;

	std::vector<double> next(dims_);
	for (int step = 0; step < kPowerIterations; step++) {
		std::fill(next.begin(), next.end(), 0.0);
		for (std::uint64_t row = 0; row < sample_rows_; row++) {
			const double along = Project(dataset.BaseRow(row));
			const float *v = dataset.BaseRow(row);
			for (std::uint32_t d = 0; d < dims_; d++)
				next[d] += along * (v[d] - mean_[d]);
		}
		const double norm = Norm(next);
		// All sample rows equal (no spread): any direction is as good, keep the current one.
		if (!(norm > 0.0) || !std::isfinite(norm))
			break;
		for (std::uint32_t d = 0; d < dims_; d++)
			direction_[d] = next[d] / norm;
	}

	std::vector<double> projections(sample_rows_);
	for (std::uint64_t row = 0; row < sample_rows_; row++)
		projections[row] = Project(dataset.BaseRow(row));
	std::sort(projections.begin(), projections.end());
	for (std::uint64_t decile = 1; decile < static_cast<std::uint64_t>(kDeciles); decile++)
		thresholds_.push_back(projections.empty() ? 0.0 : projections[decile * sample_rows_ / kDeciles]);
	progress.Note("done");
}

double
FilterColumns::Project(const float *v) const
{
	double sum = 0.0;
	for (std::uint32_t d = 0; d < dims_; d++)
		sum += (v[d] - mean_[d]) * direction_[d];
	return sum;
}

std::int32_t
FilterColumns::Cat(std::uint64_t id)
{
	return static_cast<std::int32_t>(SplitMix64(id) % static_cast<std::uint64_t>(kCategories));
}

std::int32_t
FilterColumns::Anti(const float *row) const
{
	const double projection = Project(row);
	return static_cast<std::int32_t>(std::count_if(thresholds_.begin(), thresholds_.end(),
	                                               [&](double threshold) { return threshold < projection; }));
}

std::int32_t
FilterColumns::OppositeDecile(const float *query) const
{
	return Project(query) > thresholds_[kDeciles / 2 - 1] ? 0 : kDeciles - 1;
}

FilterValues
ComputeFilterValues(const Dataset &dataset, const FilterColumns &columns)
{
	FilterValues values;
	values.cat.resize(dataset.load_rows);
	values.anti.resize(dataset.load_rows);
	for (std::uint64_t row = 0; row < dataset.load_rows; row++) {
		values.cat[row] = FilterColumns::Cat(row);
		values.anti[row] = columns.Anti(dataset.BaseRow(row));
	}
	values.opposite.resize(dataset.query_rows);
	for (std::uint64_t q = 0; q < dataset.query_rows; q++)
		values.opposite[q] = columns.OppositeDecile(dataset.QueryRow(q));
	return values;
}

} // namespace vecsearch::bench
