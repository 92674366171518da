// Filtered ground truth: for each query, brute force over only the rows its filter matches (read from the
// groups by cat or anti, so a 1 % filter costs 1 % of an unfiltered pass), with exact_search.hpp's top k and
// threads as ground_truth.cpp uses them; cached in ivecs form, -1 padded.
#include "filtered_truth.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "bench_error.hpp"
#include "core/common/vecs_file.hpp"
#include "exact_search.hpp"
#include "ground_truth.hpp"

namespace vecsearch::bench {

namespace {

std::string
CacheKey(const Dataset &dataset, Metric metric, const FilterSpec &filter, std::uint32_t k)
{
	// The definition of the columns is named, so a change to it (which changes every anti value) must come with
	// a new version here to leave old caches unused.
	return GroundTruthCacheKey(dataset, metric, k) + "filter: " + filter.text +
	       "\nfilter columns: cat SplitMix64(id) % 1000, anti deciles along the first principal direction of the "
	       "first 20000 rows (30 power iterations), v1\n";
}

// Ids from a cache file when it has the expected shape and every id is a matching loaded row (or -1 padding
// after the last one); false otherwise, and the truth is computed again.
bool
ReadCache(const std::string &path, const FilterRows &rows, const FilterSpec &filter, std::uint64_t queries,
          std::uint32_t k, std::uint64_t base_rows, std::vector<std::int32_t> *ids)
{
	VecsFile<std::int32_t> file;
	if (!ReadIvecs(path, static_cast<std::size_t>(queries), &file).ok() || file.rows != queries || file.dims != k)
		return false;
	ids->assign(file.values.begin(), file.values.end());
	for (std::uint64_t q = 0; q < queries; q++) {
		bool padding = false;
		for (std::uint32_t i = 0; i < k; i++) {
			const std::int32_t id = (*ids)[q * k + i];
			if (id == -1) {
				padding = true;
				continue;
			}
			if (padding || id < 0 || static_cast<std::uint64_t>(id) >= base_rows ||
			    !rows.Matches(filter, q, static_cast<std::uint64_t>(id)))
				return false;
		}
	}
	return true;
}

std::vector<std::int32_t>
ComputeIds(const Dataset &dataset, Metric metric, const FilterRows &rows, const FilterSpec &filter, std::uint32_t k,
           std::uint32_t threads)
{
	const DistanceFunction distance(metric, dataset.dims);
	const std::vector<float> base_inverse_norms = BaseInverseNorms(dataset, distance);
	// -1 after the last neighbour of a query that fewer than k rows match.
	std::vector<std::int32_t> ids(dataset.query_rows * k, -1);
	ForEachQuery(dataset.query_rows, threads, "exact ground truth, filter " + filter.text, [&](std::uint64_t q) {
		const float *query = dataset.QueryRow(q);
		const float query_inverse_norm = distance.InverseNorm(query);
		TopK top(k);
		for (const std::vector<std::int32_t> *group : rows.Matching(filter, q))
			for (const std::int32_t row : *group) {
				const auto index = static_cast<std::uint64_t>(row);
				top.Offer(distance(query, query_inverse_norm, dataset.BaseRow(index), base_inverse_norms[index]), row);
			}
		top.TakeNearestFirst(&ids[q * k]);
	});
	return ids;
}

} // namespace

FilterRows::FilterRows(const Dataset &dataset, FilterValues values)
    : values_(std::move(values)), all_(dataset.load_rows), by_cat_(kCategories), by_anti_(kDeciles)
{
	if (dataset.load_rows > 0x7fffffffULL)
		throw BenchError("filtered ground truth supports at most 2^31 - 1 base rows");
	for (std::uint64_t row = 0; row < dataset.load_rows; row++) {
		const auto id = static_cast<std::int32_t>(row);
		all_[row] = id;
		by_cat_[static_cast<std::size_t>(values_.cat[row])].push_back(id);
		by_anti_[static_cast<std::size_t>(values_.anti[row])].push_back(id);
	}
}

std::vector<const std::vector<std::int32_t> *>
FilterRows::Matching(const FilterSpec &filter, std::uint64_t query) const
{
	std::vector<const std::vector<std::int32_t> *> groups;
	switch (filter.kind) {
	case FilterSpec::Kind::kNone: groups.push_back(&all_); break;
	case FilterSpec::Kind::kIn:
		for (std::int32_t cat = filter.Base(query); cat < kCategories; cat += filter.Step())
			groups.push_back(&by_cat_[static_cast<std::size_t>(cat)]);
		break;
	case FilterSpec::Kind::kAnti: groups.push_back(&by_anti_[static_cast<std::size_t>(values_.opposite[query])]); break;
	}
	return groups;
}

bool
FilterRows::Matches(const FilterSpec &filter, std::uint64_t query, std::uint64_t row) const
{
	return filter.Matches(values_.cat[row], values_.anti[row], query, values_.opposite[query]);
}

FilteredTruth
GetFilteredTruth(const Dataset &dataset, Metric metric, const FilterRows &rows, const FilterSpec &filter,
                 std::uint32_t k, std::uint32_t threads, const std::string &cache_prefix)
{
	FilteredTruth truth;
	truth.k = k;
	const std::string key = CacheKey(dataset, metric, filter, k);
	const std::string cache_path = GroundTruthCachePath(cache_prefix, key);
	if (GroundTruthCacheHasKey(cache_path, key) &&
	    ReadCache(cache_path, rows, filter, dataset.query_rows, k, dataset.load_rows, &truth.ids)) {
		truth.source = "cache " + cache_path;
	} else {
		truth.ids = ComputeIds(dataset, metric, rows, filter, k, threads);
		truth.source = "computed (cached in " + cache_path + ")";
		WriteGroundTruthCache(cache_path, key, truth.ids, k);
	}
	std::fprintf(stderr, "  ground truth, filter %s: %s\n", filter.text.c_str(), truth.source.c_str());

	// The recall threshold, measured with the same kernels as the returned rows will be; and the selectivity.
	const DistanceFunction distance(metric, dataset.dims);
	truth.counts.assign(dataset.query_rows, 0);
	truth.last_distance.assign(dataset.query_rows, 0.0f);
	double fraction_sum = 0.0;
	for (std::uint64_t q = 0; q < dataset.query_rows; q++) {
		std::uint64_t matching = 0;
		for (const std::vector<std::int32_t> *group : rows.Matching(filter, q))
			matching += group->size();
		fraction_sum += static_cast<double>(matching) / static_cast<double>(dataset.load_rows);
		const auto row_ids = truth.ids.begin() + static_cast<std::ptrdiff_t>(q * k);
		truth.counts[q] = static_cast<std::uint32_t>(std::find(row_ids, row_ids + k, -1) - row_ids);
		if (truth.counts[q] == 0)
			continue;
		truth.last_distance[q] =
		    QueryRowDistance(dataset, distance, q, static_cast<std::uint64_t>(row_ids[truth.counts[q] - 1]));
	}
	truth.selectivity = dataset.query_rows > 0 ? fraction_sum / static_cast<double>(dataset.query_rows) : 0.0;
	return truth;
}

FilteredScorer::FilteredScorer(const Dataset &dataset, Metric metric, const FilterRows &rows, const FilterSpec &filter,
                               const FilteredTruth &truth)
    : dataset_(dataset), rows_(rows), filter_(filter), truth_(truth), distance_(metric, dataset.dims)
{
}

double
FilteredScorer::Recall(std::uint64_t query, const std::int64_t *ids, std::uint32_t count) const
{
	const std::uint32_t exact = truth_.counts[query];
	if (exact == 0)
		return 1.0;
	const std::uint32_t hits =
	    CountWithin(dataset_, distance_, query, ids, count, truth_.last_distance[query],
	                [this, query](std::uint64_t row) { return rows_.Matches(filter_, query, row); });
	return static_cast<double>(std::min(hits, exact)) / static_cast<double>(exact);
}

} // namespace vecsearch::bench
