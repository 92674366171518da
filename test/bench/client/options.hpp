// The command line of vecsearch-bench: one subcommand (which phases to run, or "plot") and its flags, parsed
// and range-checked into plain values. Knows nothing about PostgreSQL or data sets beyond their spelling.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "filter_spec.hpp"
#include "metric.hpp"

namespace vecsearch::bench {

struct BenchOptions {
	// Phases; "all" sets the four of them (not filtered). "plot" sets none and fills plot_inputs.
	bool run_load = false;
	bool run_build = false;
	bool run_query = false;
	bool run_insert = false;
	bool run_filtered = false; // only on its own: it writes its own report
	bool plot_only = false;
	std::vector<std::string> plot_inputs; // JSON files for "plot"

	std::string dsn;              // libpq connection string; empty: PGHOST, PGPORT, ... from the environment
	std::string extension;        // "vector" (pgvector) or "vecsearch"
	std::string dataset;          // fvecs folder, or synthetic:ROWSxDIMS[:clusters][:seed]
	std::optional<Metric> metric; // unset: the data set's README says, else l2
	std::string table = "bench_items";
	std::string label; // name of this system in tables and plots; empty: from --extension
	std::string out;   // output prefix: <out>.json, <out>.md, <out>.gp, <out>.png, <out>.gt-*.ivecs

	std::optional<std::uint64_t> rows;    // base rows to load (default: the whole base set)
	std::optional<std::uint64_t> queries; // query vectors to use (default: all, or 1000 synthetic)
	std::uint32_t k = 10;
	std::uint32_t m = 16;
	std::uint32_t ef_construction = 64;
	std::vector<std::uint32_t> ef_search = {10, 20, 40, 80, 160, 320};
	std::string ef_search_guc = "hnsw.ef_search";
	std::vector<std::uint32_t> clients = {1};
	double duration = 0.0;      // seconds per query run; 0: each run sends every query once
	std::uint32_t warmup = 100; // untimed queries per client before each timed run
	std::uint64_t insert_rows = 1000;
	std::optional<std::string> maintenance_work_mem;
	std::optional<std::uint32_t> parallel_workers;
	std::vector<std::pair<std::string, std::string>> settings; // --set NAME=VALUE, on every connection
	std::uint32_t threads = 0;                                 // ground-truth threads; 0: one per CPU

	// Filtered queries (filter_spec.hpp, filter_columns.hpp).
	bool filter_columns = false;            // load: add the columns cat and anti
	std::vector<std::string> index_columns; // build: columns after the vector in the hnsw index (vecsearch)
	std::vector<std::string> btree_columns; // build: a btree index on each, then ANALYZE
	std::vector<FilterSpec> filters;        // filtered: the conditions to measure
};

// Fills *out from argv, or returns false after printing the problem (and a pointer to --help) on stderr.
// *exit_code is 0 when --help was asked for (usage printed on stdout), 2 for a bad command line.
bool ParseOptions(int argc, char **argv, BenchOptions *out, int *exit_code);

// `text` with any password in it (password=... of a key/value DSN, user:password@ of a URI) replaced by
// "***", for text that goes into result files.
std::string RedactPassword(const std::string &text);

} // namespace vecsearch::bench
