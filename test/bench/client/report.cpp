// JSON and markdown rendering of a RunReport. The JSON is the record (plot reads it back: keys "label",
// "dataset.spec", "queries[].clients/ef_search/recall/qps"); the markdown is for people.
#include "report.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "bench_error.hpp"
#include "json.hpp"
#include "report_format.hpp"

namespace vecsearch::bench {

namespace {

JsonValue
ListJson(const std::vector<std::uint32_t> &values)
{
	JsonValue json = JsonValue::Array();
	for (std::uint32_t value : values)
		json.Push(value);
	return json;
}

JsonValue
ParametersJson(const BenchOptions &options)
{
	JsonValue json = JsonValue::Object();
	json.Set("dsn", RedactPassword(options.dsn));
	json.Set("extension", options.extension);
	json.Set("dataset", options.dataset);
	json.Set("table", options.table);
	json.Set("rows", options.rows ? JsonValue(*options.rows) : JsonValue());
	json.Set("queries", options.queries ? JsonValue(*options.queries) : JsonValue());
	json.Set("k", options.k);
	json.Set("m", options.m);
	json.Set("ef_construction", options.ef_construction);
	json.Set("ef_search", ListJson(options.ef_search));
	json.Set("ef_search_guc", options.ef_search_guc);
	json.Set("clients", ListJson(options.clients));
	json.Set("duration", options.duration);
	json.Set("warmup", options.warmup);
	json.Set("insert_rows", options.insert_rows);
	json.Set("maintenance_work_mem",
	         options.maintenance_work_mem ? JsonValue(*options.maintenance_work_mem) : JsonValue());
	json.Set("parallel_workers", options.parallel_workers ? JsonValue(*options.parallel_workers) : JsonValue());
	JsonValue settings = JsonValue::Object();
	for (const auto &[name, value] : options.settings)
		settings.Set(name, value);
	json.Set("settings", std::move(settings));
	json.Set("out", options.out);
	// Only when used, so the parameters of runs without filters read as before.
	if (options.filter_columns)
		json.Set("filter_columns", true);
	if (!options.index_columns.empty())
		json.Set("index_columns", NameListJson(options.index_columns));
	if (!options.btree_columns.empty())
		json.Set("btree_columns", NameListJson(options.btree_columns));
	if (options.run_filtered) {
		JsonValue filters = JsonValue::Array();
		for (const FilterSpec &filter : options.filters)
			filters.Push(filter.text);
		json.Set("filters", std::move(filters));
	}
	return json;
}

std::string
Megabytes(std::int64_t bytes)
{
	return Format("%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

} // namespace

std::string
ReportJson(const RunReport &report, const BenchOptions &options)
{
	return ReportJsonValue(report, options).Serialize();
}

JsonValue
ReportJsonValue(const RunReport &report, const BenchOptions &options)
{
	JsonValue root = JsonValue::Object();
	root.Set("tool", "vecsearch-bench");
	root.Set("format_version", 1);
	root.Set("label", report.label);
	root.Set("started_at", report.started_at);
	root.Set("total_seconds", report.total_seconds);
	JsonValue command = JsonValue::Array();
	for (const std::string &arg : report.command_line)
		command.Push(arg);
	root.Set("command_line", std::move(command));
	root.Set("parameters", ParametersJson(options));

	JsonValue machine = JsonValue::Object();
	machine.Set("hostname", report.machine.hostname);
	machine.Set("cpu_model", report.machine.cpu_model);
	machine.Set("cpus", report.machine.cpus);
	machine.Set("memory_kb", report.machine.memory_kb);
	machine.Set("client_simd_level", report.machine.client_simd_level);
	root.Set("machine", std::move(machine));

	JsonValue server = JsonValue::Object();
	server.Set("version", report.server.version);
	server.Set("version_full", report.server.version_full);
	server.Set("extension", report.server.extension);
	server.Set("extension_version", report.server.extension_version);
	if (!report.server.simd_info.empty())
		server.Set("simd_info", report.server.simd_info);
	JsonValue settings = JsonValue::Object();
	for (const auto &[name, value] : report.server.settings)
		settings.Set(name, value);
	server.Set("settings", std::move(settings));
	root.Set("server", std::move(server));

	if (report.dataset) {
		JsonValue dataset = JsonValue::Object();
		dataset.Set("spec", report.dataset->spec);
		dataset.Set("dims", report.dataset->dims);
		dataset.Set("rows", report.dataset->rows);
		dataset.Set("queries", report.dataset->queries);
		dataset.Set("metric", report.dataset->metric);
		dataset.Set("ground_truth", report.dataset->ground_truth);
		root.Set("dataset", std::move(dataset));
	}
	if (report.load) {
		JsonValue load = JsonValue::Object();
		load.Set("rows", report.load->rows);
		load.Set("copy_seconds", report.load->copy_seconds);
		load.Set("rows_per_second", report.load->rows_per_second);
		load.Set("vacuum_analyze_seconds", report.load->vacuum_analyze_seconds);
		load.Set("table_bytes", report.load->table_bytes);
		load.Set("table_total_bytes", report.load->table_total_bytes);
		root.Set("load", std::move(load));
	}
	if (report.build) {
		JsonValue build = JsonValue::Object();
		build.Set("index", report.build->index_name);
		build.Set("opclass", report.build->opclass);
		build.Set("m", report.build->m);
		build.Set("ef_construction", report.build->ef_construction);
		build.Set("maintenance_work_mem", report.build->maintenance_work_mem);
		build.Set("parallel_workers", report.build->parallel_workers);
		build.Set("seconds", report.build->seconds);
		build.Set("index_bytes", report.build->index_bytes);
		build.Set("table_total_bytes", report.build->table_total_bytes);
		if (!report.build->index_columns.empty())
			build.Set("index_columns", NameListJson(report.build->index_columns));
		if (!report.build->btree_indexes.empty())
			build.Set("btree_indexes", NameListJson(report.build->btree_indexes));
		root.Set("build", std::move(build));
	}
	if (!report.queries.empty()) {
		root.Set("query_index", report.query_index);
		JsonValue queries = JsonValue::Array();
		for (const QueryResult &result : report.queries) {
			JsonValue row = JsonValue::Object();
			row.Set("clients", result.clients);
			row.Set("ef_search", result.ef_search);
			row.Set("k", options.k);
			row.Set("queries", result.queries);
			row.Set("seconds", result.seconds);
			row.Set("qps", result.qps);
			row.Set("recall", result.recall);
			row.Set("latency", LatencyJson(result.latency));
			queries.Push(std::move(row));
		}
		root.Set("queries", std::move(queries));
	}
	if (!report.inserts.empty()) {
		JsonValue inserts = JsonValue::Array();
		for (const InsertResult &result : report.inserts) {
			JsonValue row = JsonValue::Object();
			row.Set("clients", result.clients);
			row.Set("rows", result.rows);
			row.Set("seconds", result.seconds);
			row.Set("rows_per_second", result.rows_per_second);
			row.Set("latency", LatencyJson(result.latency));
			inserts.Push(std::move(row));
		}
		root.Set("inserts", std::move(inserts));
	}
	return root;
}

std::string
ReportMarkdown(const RunReport &report, const BenchOptions &options)
{
	std::string md;
	md += "## vecsearch-bench: " + report.label;
	if (report.dataset)
		md += " on " + report.dataset->spec;
	md += "\n\n";
	md += "- started " + report.started_at + ", command: `";
	for (std::size_t i = 0; i < report.command_line.size(); i++)
		md += (i > 0 ? " " : "") + report.command_line[i];
	md += "`\n";
	md += "- machine: " + report.machine.cpu_model + ", " + std::to_string(report.machine.cpus) + " CPUs, " +
	      Format("%.1f GB", static_cast<double>(report.machine.memory_kb) / (1024.0 * 1024.0)) + " RAM\n";
	md += "- server: PostgreSQL " + report.server.version + ", extension " + report.server.extension + " " +
	      report.server.extension_version;
	if (!report.server.simd_info.empty())
		md += " (" + report.server.simd_info + ")";
	md += "\n";
	if (report.dataset)
		md += "- data: " + std::to_string(report.dataset->rows) + " rows x " + std::to_string(report.dataset->dims) +
		      " dims, " + std::to_string(report.dataset->queries) + " queries, metric " + report.dataset->metric +
		      ", k " + std::to_string(options.k) +
		      (report.dataset->ground_truth.empty() ? "" : ", ground truth: " + report.dataset->ground_truth) + "\n";

	if (report.load) {
		const LoadResult &load = *report.load;
		md += "\n| load rows | COPY s | rows/s | VACUUM ANALYZE s | heap | table total "
		      "|\n|---:|---:|---:|---:|---:|---:|\n";
		md += "| " + std::to_string(load.rows) + " | " + Format("%.2f", load.copy_seconds) + " | " +
		      Format("%.0f", load.rows_per_second) + " | " + Format("%.2f", load.vacuum_analyze_seconds) + " | " +
		      Megabytes(load.table_bytes) + " | " + Megabytes(load.table_total_bytes) + " |\n";
	}
	if (report.build) {
		const BuildResult &build = *report.build;
		md += "\n| index | m | ef_construction | maintenance_work_mem | parallel workers | build s | index size | "
		      "table total |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
		std::string key_columns = build.opclass;
		for (const std::string &column : build.index_columns)
			key_columns += ", " + column;
		md += "| " + build.index_name + " (" + key_columns + ") | " + std::to_string(build.m) + " | " +
		      std::to_string(build.ef_construction) + " | " + build.maintenance_work_mem + " | " +
		      build.parallel_workers + " | " + Format("%.2f", build.seconds) + " | " + Megabytes(build.index_bytes) +
		      " | " + Megabytes(build.table_total_bytes) + " |\n";
		if (!build.btree_indexes.empty()) {
			md += "\nbtree indexes (untimed, then ANALYZE):";
			for (const std::string &name : build.btree_indexes)
				md += " " + name;
			md += "\n";
		}
	}
	if (!report.queries.empty()) {
		md += "\n| clients | ef_search | recall@" + std::to_string(options.k) +
		      " | QPS | p50 ms | p99 ms | queries |\n|---:|---:|---:|---:|---:|---:|---:|\n";
		for (const QueryResult &result : report.queries)
			md += "| " + std::to_string(result.clients) + " | " + std::to_string(result.ef_search) + " | " +
			      Format("%.4f", result.recall) + " | " + Format("%.1f", result.qps) + " | " +
			      Format("%.3f", result.latency.p50_ms) + " | " + Format("%.3f", result.latency.p99_ms) + " | " +
			      std::to_string(result.queries) + " |\n";
	}
	if (!report.inserts.empty()) {
		md += "\n| insert clients | rows | rows/s | p50 ms | p99 ms |\n|---:|---:|---:|---:|---:|\n";
		for (const InsertResult &result : report.inserts)
			md += "| " + std::to_string(result.clients) + " | " + std::to_string(result.rows) + " | " +
			      Format("%.1f", result.rows_per_second) + " | " + Format("%.3f", result.latency.p50_ms) + " | " +
			      Format("%.3f", result.latency.p99_ms) + " |\n";
	}
	return md;
}

void
WriteTextFile(const std::string &path, const std::string &text)
{
	std::error_code error;
	const auto parent = std::filesystem::path(path).parent_path();
	if (!parent.empty())
		std::filesystem::create_directories(parent, error);
	std::ofstream file(path, std::ios::trunc);
	file << text;
	file.close();
	if (!file)
		throw BenchError("cannot write " + path);
}

} // namespace vecsearch::bench
