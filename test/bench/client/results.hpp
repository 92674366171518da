// What one run measured, phase by phase, plus what it ran on: plain data that report.cpp turns into JSON
// and markdown. Times in seconds, latencies in milliseconds, sizes in bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vecsearch::bench {

struct LatencySummary {
	double mean_ms = 0.0;
	double p50_ms = 0.0;
	double p99_ms = 0.0;
	double max_ms = 0.0;
};

// Sorts `ms` in place; all zero for an empty list.
LatencySummary Summarize(std::vector<double> *ms);

struct LoadResult {
	std::uint64_t rows = 0;
	double copy_seconds = 0.0;
	double rows_per_second = 0.0;
	double vacuum_analyze_seconds = 0.0;
	std::int64_t table_bytes = 0;       // pg_relation_size: the heap alone
	std::int64_t table_total_bytes = 0; // pg_total_relation_size: heap, TOAST, primary key
};

struct BuildResult {
	std::string index_name;
	std::string opclass;
	std::uint32_t m = 0;
	std::uint32_t ef_construction = 0;
	std::string maintenance_work_mem; // as the server reported it for the build
	std::string parallel_workers;     // max_parallel_maintenance_workers, likewise
	double seconds = 0.0;
	std::int64_t index_bytes = 0;
	std::int64_t table_total_bytes = 0;
	std::vector<std::string> index_columns; // filter columns after the vector (vecsearch)
	std::vector<std::string> btree_indexes; // made after the hnsw build, untimed
};

struct QueryResult {
	std::uint32_t clients = 0;
	std::uint32_t ef_search = 0;
	std::uint64_t queries = 0;
	double seconds = 0.0;
	double qps = 0.0;
	double recall = 0.0;
	LatencySummary latency;
};

// One filtered run: a filter spec at one ef_search with one client count.
struct FilteredResult {
	std::string filter;       // the --filters spec
	double selectivity = 0.0; // mean fraction of the loaded rows the filter matches, over the queries
	std::uint32_t ef_search = 0;
	std::uint32_t clients = 0;
	std::string plan;      // the plan's nodes in short, e.g. "Index Scan using t_v_hnsw_idx on t (Index Cond: ...)"
	std::string plan_text; // the whole EXPLAIN output (long literals shortened)
	std::uint64_t queries = 0;
	double seconds = 0.0;
	double qps = 0.0;
	double recall = 0.0;    // mean over the queries of found / min(k, matching rows)
	double rows_mean = 0.0; // rows returned per query
	std::uint32_t rows_min = 0;
	LatencySummary latency;
};

struct InsertResult {
	std::uint32_t clients = 0;
	std::uint64_t rows = 0;
	double seconds = 0.0;
	double rows_per_second = 0.0;
	LatencySummary latency;
};

struct MachineInfo {
	std::string cpu_model;
	std::uint32_t cpus = 0;
	std::uint64_t memory_kb = 0;
	std::string client_simd_level;
	std::string hostname;
};

struct ServerInfo {
	std::string version;      // server_version, e.g. 15.5
	std::string version_full; // version(): build and platform
	std::string extension;
	std::string extension_version;
	std::string simd_info; // vecsearch_simd_info(), vecsearch only
	std::vector<std::pair<std::string, std::string>> settings;
};

struct DatasetSummary {
	std::string spec;
	std::uint32_t dims = 0;
	std::uint64_t rows = 0; // loaded rows
	std::uint64_t queries = 0;
	std::string metric;
	std::string ground_truth;
};

struct RunReport {
	std::string started_at; // UTC, ISO 8601
	double total_seconds = 0.0;
	std::vector<std::string> command_line;
	std::string label;
	MachineInfo machine;
	ServerInfo server;
	std::optional<DatasetSummary> dataset;
	std::optional<LoadResult> load;
	std::optional<BuildResult> build;
	std::string query_index; // the hnsw index the query plans used
	std::vector<QueryResult> queries;
	std::vector<InsertResult> inserts;
};

} // namespace vecsearch::bench
