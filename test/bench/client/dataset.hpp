// The vectors of one benchmark run, in memory: base rows (the table holds the first load_rows of them; any
// further rows feed the insert phase) and query rows, from an fvecs folder or generated synthetic data.
// Does not compute ground truth (ground_truth.hpp) or talk to the server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "metric.hpp"
#include "options.hpp"

namespace vecsearch::bench {

struct Dataset {
	std::string spec;     // as given to --dataset
	std::string identity; // what the ground-truth cache is keyed on: the synthetic spec, or paths, sizes, mtimes
	bool synthetic = false;
	std::uint32_t dims = 0;
	std::uint64_t base_rows = 0; // rows in `base`
	std::uint64_t load_rows = 0; // the table's rows: base rows [0, load_rows), ids 0..load_rows-1
	std::vector<float> base;
	std::uint64_t query_rows = 0;
	std::vector<float> queries;
	std::optional<Metric> readme_metric; // the folder README's "metric:" line
	std::string groundtruth_path;        // groundtruth.ivecs when the folder has one
	bool loads_whole_base = false;       // load_rows is every row of base.fvecs (groundtruth.ivecs then applies)

	const float *BaseRow(std::uint64_t row) const { return base.data() + row * dims; }
	const float *QueryRow(std::uint64_t row) const { return queries.data() + row * dims; }
};

// Reads or generates the data set named by options.dataset. A synthetic set gets extra_rows base rows
// beyond load_rows (for the insert phase); a folder gives all of base.fvecs. Throws BenchError on any problem.
Dataset LoadDataset(const BenchOptions &options, std::uint64_t extra_rows);

// The metric a data set folder's README.md names on a "metric:" line, if any (nothing for synthetic sets).
std::optional<Metric> ReadmeMetric(const std::string &dataset_spec);

// The metric of the run: --metric, else the data set README's, else l2.
Metric ResolveMetric(const BenchOptions &options);

} // namespace vecsearch::bench
