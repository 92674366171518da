// Ground truth: brute force over all loaded rows per query (exact_search.hpp: queries spread over threads, top
// k kept in a max-heap ordered by (distance, id) so ties go to the lower id); cached in ivecs form keyed by a
// text key naming the data, metric, k and counts.
#include "ground_truth.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench_error.hpp"
#include "core/common/vecs_file.hpp"
#include "exact_search.hpp"

namespace vecsearch::bench {

namespace {

std::uint64_t
Fnv1a(const std::string &text)
{
	std::uint64_t hash = 14695981039346656037ULL;
	for (char c : text) {
		hash ^= static_cast<unsigned char>(c);
		hash *= 1099511628211ULL;
	}
	return hash;
}

std::string
ReadWholeFile(const std::string &path)
{
	std::ifstream file(path, std::ios::binary);
	std::ostringstream text;
	text << file.rdbuf();
	return file ? text.str() : std::string();
}

// Loads ids from an ivecs file when it has at least the wanted rows and k columns; false otherwise.
bool
ReadIds(const std::string &path, std::uint64_t queries, std::uint32_t k, std::uint64_t base_rows,
        std::vector<std::int32_t> *ids)
{
	VecsFile<std::int32_t> file;
	if (!ReadIvecs(path, static_cast<std::size_t>(queries), &file).ok() || file.rows != queries || file.dims < k)
		return false;
	ids->resize(queries * k);
	for (std::uint64_t q = 0; q < queries; q++)
		for (std::uint32_t i = 0; i < k; i++) {
			const std::int32_t id = file.Row(q)[i];
			if (id < 0 || static_cast<std::uint64_t>(id) >= base_rows)
				return false;
			(*ids)[q * k + i] = id;
		}
	return true;
}

std::vector<std::int32_t>
ComputeIds(const Dataset &dataset, Metric metric, std::uint32_t k, std::uint32_t threads)
{
	const DistanceFunction distance(metric, dataset.dims);
	const std::vector<float> base_inverse_norms = BaseInverseNorms(dataset, distance);
	std::vector<std::int32_t> ids(dataset.query_rows * k);
	ForEachQuery(dataset.query_rows, threads, "exact ground truth", [&](std::uint64_t q) {
		const float *query = dataset.QueryRow(q);
		const float query_inverse_norm = distance.InverseNorm(query);
		TopK top(k);
		for (std::uint64_t row = 0; row < dataset.load_rows; row++)
			top.Offer(distance(query, query_inverse_norm, dataset.BaseRow(row), base_inverse_norms[row]),
			          static_cast<std::int32_t>(row));
		top.TakeNearestFirst(&ids[q * k]);
	});
	return ids;
}

} // namespace

std::string
GroundTruthCacheKey(const Dataset &dataset, Metric metric, std::uint32_t k)
{
	std::ostringstream key;
	key << "vecsearch-bench ground truth v1\n"
	    << "dataset: " << dataset.identity << "\n"
	    << "metric: " << MetricName(metric) << "\n"
	    << "k: " << k << "\n"
	    << "base rows: " << dataset.load_rows << "\n"
	    << "queries: " << dataset.query_rows << "\n";
	return key.str();
}

std::string
GroundTruthCachePath(const std::string &cache_prefix, const std::string &key)
{
	char hash[17];
	std::snprintf(hash, sizeof(hash), "%016llx", static_cast<unsigned long long>(Fnv1a(key)));
	return cache_prefix + ".gt-" + hash + ".ivecs";
}

bool
GroundTruthCacheHasKey(const std::string &cache_path, const std::string &key)
{
	return ReadWholeFile(cache_path + ".key") == key;
}

void
WriteGroundTruthCache(const std::string &path, const std::string &key, const std::vector<std::int32_t> &ids,
                      std::uint32_t k)
{
	std::error_code error;
	const auto parent = std::filesystem::path(path).parent_path();
	if (!parent.empty())
		std::filesystem::create_directories(parent, error);
	// Written under a temporary name and renamed, so an interrupted run leaves no half file to trust later.
	const std::string temporary = path + ".tmp";
	std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
	const auto dims = static_cast<std::int32_t>(k);
	for (std::size_t row = 0; file && row < ids.size() / k; row++) {
		file.write(reinterpret_cast<const char *>(&dims), sizeof(dims));
		file.write(reinterpret_cast<const char *>(&ids[row * k]),
		           static_cast<std::streamsize>(k * sizeof(std::int32_t)));
	}
	file.close();
	std::ofstream key_file(path + ".key", std::ios::trunc);
	key_file << key;
	key_file.close();
	if (!file || !key_file || std::rename(temporary.c_str(), path.c_str()) != 0)
		std::fprintf(stderr, "  warning: could not write the ground-truth cache %s\n", path.c_str());
}

GroundTruth
GetGroundTruth(const Dataset &dataset, Metric metric, std::uint32_t k, std::uint32_t threads,
               const std::string &cache_prefix)
{
	if (k > dataset.load_rows)
		throw BenchError("--k " + std::to_string(k) + " exceeds the " + std::to_string(dataset.load_rows) +
		                 " loaded rows");
	if (dataset.load_rows > 0x7fffffffULL)
		throw BenchError("ground truth supports at most 2^31 - 1 base rows");
	GroundTruth truth;
	truth.k = k;
	truth.queries = dataset.query_rows;

	const bool file_applies = !dataset.groundtruth_path.empty() && dataset.loads_whole_base && dataset.readme_metric &&
	                          *dataset.readme_metric == metric;
	const std::string key = GroundTruthCacheKey(dataset, metric, k);
	const std::string cache_path = GroundTruthCachePath(cache_prefix, key);

	if (file_applies && ReadIds(dataset.groundtruth_path, truth.queries, k, dataset.load_rows, &truth.ids)) {
		truth.source = dataset.groundtruth_path;
	} else if (GroundTruthCacheHasKey(cache_path, key) &&
	           ReadIds(cache_path, truth.queries, k, dataset.load_rows, &truth.ids)) {
		truth.source = "cache " + cache_path;
	} else {
		truth.ids = ComputeIds(dataset, metric, k, threads);
		truth.source = "computed (cached in " + cache_path + ")";
		WriteGroundTruthCache(cache_path, key, truth.ids, k);
	}
	std::fprintf(stderr, "  ground truth: %s\n", truth.source.c_str());

	// The recall threshold, measured with the same kernels as the returned rows will be.
	const DistanceFunction distance(metric, dataset.dims);
	truth.kth_distance.resize(truth.queries);
	for (std::uint64_t q = 0; q < truth.queries; q++)
		truth.kth_distance[q] =
		    QueryRowDistance(dataset, distance, q, static_cast<std::uint64_t>(truth.ids[q * k + k - 1]));
	return truth;
}

RecallScorer::RecallScorer(const Dataset &dataset, Metric metric, const GroundTruth &truth)
    : dataset_(dataset), truth_(truth), distance_(metric, dataset.dims)
{
}

std::uint32_t
RecallScorer::Hits(std::uint64_t query, const std::int64_t *ids, std::uint32_t count) const
{
	const std::uint32_t hits = CountWithin(dataset_, distance_, query, ids, count, truth_.kth_distance[query],
	                                       [](std::uint64_t) { return true; });
	return std::min(hits, truth_.k);
}

} // namespace vecsearch::bench
