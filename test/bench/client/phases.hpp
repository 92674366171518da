// The measured phases of a run. Each opens its own connections, applies --set settings to every one,
// throws BenchError on any SQL error, and shows its progress on stderr.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dataset.hpp"
#include "ground_truth.hpp"
#include "metric.hpp"
#include "options.hpp"
#include "results.hpp"

namespace vecsearch::bench {

// CREATE EXTENSION IF NOT EXISTS, (re)create the table, binary COPY of the first load_rows base rows with
// ids 0..load_rows-1, VACUUM ANALYZE.
LoadResult RunLoad(const BenchOptions &options, const Dataset &dataset);

// Drops the table's benchmark index if there is one and times CREATE INDEX ... USING hnsw.
BuildResult RunBuild(const BenchOptions &options, Metric metric);

struct QueryPhaseResult {
	std::vector<QueryResult> runs;
	std::string index_name;   // the hnsw index the plans use
	std::string ground_truth; // where the ground truth came from
};

// Checks the table (rows as loaded, an hnsw index), gets the ground truth, then runs the ef_search sweep
// once per --clients count.
QueryPhaseResult RunQueries(const BenchOptions &options, const Dataset &dataset, Metric metric);

// --insert-rows single-row INSERTs per --clients count into the indexed table, ids after its largest.
std::vector<InsertResult> RunInserts(const BenchOptions &options, const Dataset &dataset);

struct FilteredPhaseResult {
	std::vector<FilteredResult> runs;
	std::vector<std::string> indexes; // the table's indexes, as pg_get_indexdef spells them
	std::vector<std::pair<std::string, std::string>> ground_truth; // per filter spec: where it came from
	std::uint64_t anti_sample_rows = 0; // rows the principal direction and deciles were computed from
	std::vector<double> anti_thresholds;
};

// Checks the table (rows as loaded, filter columns as this data set gives them), gets each filter's exact
// ground truth, then for each --filters spec, ef_search and --clients count: EXPLAINs the prepared statement
// (the plan is recorded, whatever it is) and times it as the query phase does.
FilteredPhaseResult RunFiltered(const BenchOptions &options, const Dataset &dataset, Metric metric);

// The benchmark index's name: <table>_v_hnsw_idx.
std::string BenchIndexName(const BenchOptions &options);

} // namespace vecsearch::bench
