// Data set loading: fvecs folders through the core's reader, synthetic sets through the generator; both
// checked for consistent dimensions and enough rows before any phase starts.
#include "dataset.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "bench_error.hpp"
#include "core/common/vecs_file.hpp"
#include "progress.hpp"
#include "synthetic_data.hpp"

namespace vecsearch::bench {

namespace {

constexpr std::uint64_t kDefaultSyntheticQueries = 1000;

// "path size mtime" of a file, so the ground-truth cache notices a replaced data file.
std::string
FileIdentity(const std::filesystem::path &path)
{
	std::error_code error;
	const auto size = std::filesystem::file_size(path, error);
	const auto mtime = std::filesystem::last_write_time(path, error);
	return path.string() + " " + std::to_string(size) + " " + std::to_string(mtime.time_since_epoch().count());
}

void
LoadSynthetic(const BenchOptions &options, const SyntheticSpec &spec, std::uint64_t extra_rows, Dataset *out)
{
	out->synthetic = true;
	out->dims = spec.dims;
	out->load_rows = options.rows.value_or(spec.rows);
	out->base_rows = out->load_rows + extra_rows;
	out->query_rows = options.queries.value_or(kDefaultSyntheticQueries);
	if (static_cast<double>(out->base_rows + out->query_rows) * spec.dims > 4e9)
		throw BenchError("synthetic set too large for memory: " + out->spec);
	// Rows do not depend on the row count asked for, so the identity names the seed and shape only.
	out->identity = "synthetic " + std::to_string(spec.dims) + " dims, " + std::to_string(spec.clusters) +
	                " clusters, seed " + std::to_string(spec.seed);

	Progress progress("generate " + out->spec, out->base_rows, "rows");
	out->base = GenerateClusteredGaussian(out->base_rows, spec.dims, spec.clusters, spec.seed, &progress);
	progress.Finish(out->base_rows);
	// Queries: the same clusters, another seed, so they resemble the base set without being in it.
	out->queries = GenerateClusteredGaussian(out->query_rows, spec.dims, spec.clusters, spec.seed + 1, nullptr);
}

void
LoadFolder(const BenchOptions &options, Dataset *out)
{
	std::error_code error;
	const std::filesystem::path folder = std::filesystem::absolute(options.dataset, error);
	if (error || !std::filesystem::is_directory(folder, error))
		throw BenchError(
		    "--dataset \"" + options.dataset +
		    "\" is neither a folder with base.fvecs and query.fvecs nor synthetic:ROWSxDIMS[:clusters][:seed]");
	const auto base_path = folder / "base.fvecs";
	const auto query_path = folder / "query.fvecs";
	const auto groundtruth_path = folder / "groundtruth.ivecs";

	// The whole base file even with --rows: rows beyond it feed the insert phase, and only a whole file
	// tells whether groundtruth.ivecs applies.
	VecsFile<float> base;
	Progress progress("read " + base_path.string(), 0, "rows");
	Status status = ReadFvecs(base_path.string(), 0, &base);
	if (!status.ok())
		throw BenchError(status.message());
	progress.Finish(base.rows);
	VecsFile<float> queries;
	status = ReadFvecs(query_path.string(), static_cast<std::size_t>(options.queries.value_or(0)), &queries);
	if (!status.ok())
		throw BenchError(status.message());
	if (base.rows == 0 || queries.rows == 0)
		throw BenchError("\"" + folder.string() + "\": base.fvecs or query.fvecs has no rows");
	if (base.dims != queries.dims)
		throw BenchError("\"" + folder.string() + "\": base vectors have " + std::to_string(base.dims) +
		                 " dimensions, queries " + std::to_string(queries.dims));
	if (base.dims > 16000)
		throw BenchError("\"" + folder.string() + "\": more than 16000 dimensions");
	if (options.rows && *options.rows > base.rows)
		throw BenchError("--rows " + std::to_string(*options.rows) + " exceeds the " + std::to_string(base.rows) +
		                 " rows of " + base_path.string());
	if (options.queries && *options.queries > queries.rows)
		throw BenchError("--queries " + std::to_string(*options.queries) + " exceeds the " +
		                 std::to_string(queries.rows) + " rows of " + query_path.string());

	out->dims = static_cast<std::uint32_t>(base.dims);
	out->base_rows = base.rows;
	out->load_rows = options.rows.value_or(base.rows);
	out->loads_whole_base = out->load_rows == base.rows;
	out->base = std::move(base.values);
	out->query_rows = queries.rows;
	out->queries = std::move(queries.values);
	out->identity = FileIdentity(base_path) + "; " + FileIdentity(query_path);
	if (std::filesystem::exists(groundtruth_path, error))
		out->groundtruth_path = groundtruth_path.string();
}

} // namespace

std::optional<Metric>
ReadmeMetric(const std::string &dataset_spec)
{
	std::ifstream readme(std::filesystem::path(dataset_spec) / "README.md");
	std::string line;
	while (std::getline(readme, line)) {
		const std::size_t at = line.find("metric:");
		if (at == std::string::npos)
			continue;
		const std::size_t start = line.find_first_not_of(" \t`", at + 7);
		if (start == std::string::npos)
			continue;
		const std::size_t end = line.find_first_of(" \t`.,;", start);
		Metric metric = Metric::kL2;
		if (ParseMetric(line.substr(start, end - start), &metric))
			return metric;
	}
	return std::nullopt;
}

Metric
ResolveMetric(const BenchOptions &options)
{
	if (options.metric)
		return *options.metric;
	if (!options.dataset.empty() && options.dataset.rfind("synthetic:", 0) != 0)
		if (const auto metric = ReadmeMetric(options.dataset))
			return *metric;
	return Metric::kL2;
}

Dataset
LoadDataset(const BenchOptions &options, std::uint64_t extra_rows)
{
	Dataset dataset;
	dataset.spec = options.dataset;
	if (options.dataset.rfind("synthetic:", 0) == 0) {
		SyntheticSpec spec;
		if (!ParseSyntheticSpec(options.dataset, &spec))
			throw BenchError("bad --dataset \"" + options.dataset +
			                 "\": expected synthetic:ROWSxDIMS[:clusters][:seed], e.g. synthetic:100000x128:100:1");
		LoadSynthetic(options, spec, extra_rows, &dataset);
	} else {
		LoadFolder(options, &dataset);
		dataset.readme_metric = ReadmeMetric(options.dataset);
	}
	if (dataset.load_rows == 0 || dataset.load_rows > dataset.base_rows)
		throw BenchError("no base rows to load");
	return dataset;
}

} // namespace vecsearch::bench
