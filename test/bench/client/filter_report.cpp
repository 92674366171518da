// Markdown and JSON of the filtered phase. One row per (filter, ef_search, clients), in the order run.
#include "filter_report.hpp"

#include "report_format.hpp"

namespace vecsearch::bench {

namespace {

// A table cell: a '|' would end it.
std::string
Cell(const std::string &text)
{
	std::string out;
	for (char c : text)
		out += c == '|' ? std::string("\\|") : std::string(1, c);
	return out;
}

} // namespace

std::string
FilteredMarkdown(const FilteredPhaseResult &phase, const BenchOptions &options)
{
	std::string md = "\n### filtered queries on " + options.table + "\n\n";
	md += "- `SELECT id FROM " + options.table + " WHERE <filter> ORDER BY v <op> $1 LIMIT " +
	      std::to_string(options.k) +
	      "`; `in:N` is `cat = ANY($2::int4[])` with N of the 1000 categories, `anti` is `anti = $2` with the "
	      "decile at the far end of the first principal direction from the query (from " +
	      std::to_string(phase.anti_sample_rows) + " sample rows)\n";
	md += "- indexes:";
	for (const std::string &index : phase.indexes)
		md += " `" + index + "`;";
	if (phase.indexes.empty())
		md += " none";
	md += "\n- plan: EXPLAIN of the prepared statement after the warmup; recall@" + std::to_string(options.k) +
	      ": exact neighbours among the matching rows (fewer than k when fewer match)\n";
	md += "\n| filter | selectivity | ef_search | clients | plan | recall@" + std::to_string(options.k) +
	      " | rows mean/min | QPS | p50 ms | p99 ms |\n|---|---:|---:|---:|---|---:|---:|---:|---:|---:|\n";
	for (const FilteredResult &run : phase.runs)
		md += "| " + run.filter + " | " + Format("%.3g%%", 100.0 * run.selectivity) + " | " +
		      std::to_string(run.ef_search) + " | " + std::to_string(run.clients) + " | " + Cell(run.plan) + " | " +
		      Format("%.4f", run.recall) + " | " + Format("%.2f", run.rows_mean) + " / " +
		      std::to_string(run.rows_min) + " | " + Format("%.1f", run.qps) + " | " +
		      Format("%.3f", run.latency.p50_ms) + " | " + Format("%.3f", run.latency.p99_ms) + " |\n";
	return md;
}

void
AddFilteredJson(const FilteredPhaseResult &phase, const BenchOptions &options, JsonValue *root)
{
	JsonValue columns = JsonValue::Object();
	columns.Set("cat", "SplitMix64(id) % 1000");
	columns.Set("anti", "decile of (x - mean) . u, u the first principal direction of the sample rows");
	columns.Set("anti_sample_rows", phase.anti_sample_rows);
	JsonValue thresholds = JsonValue::Array();
	for (double threshold : phase.anti_thresholds)
		thresholds.Push(threshold);
	columns.Set("anti_thresholds", std::move(thresholds));
	root->Set("filter_columns", std::move(columns));

	root->Set("indexes", NameListJson(phase.indexes));

	JsonValue truth = JsonValue::Object();
	for (const auto &[filter, source] : phase.ground_truth)
		truth.Set(filter, source);
	root->Set("filtered_ground_truth", std::move(truth));

	JsonValue runs = JsonValue::Array();
	for (const FilteredResult &run : phase.runs) {
		JsonValue row = JsonValue::Object();
		row.Set("filter", run.filter);
		row.Set("selectivity", run.selectivity);
		row.Set("ef_search", run.ef_search);
		row.Set("clients", run.clients);
		row.Set("k", options.k);
		row.Set("plan", run.plan);
		row.Set("plan_text", run.plan_text);
		row.Set("queries", run.queries);
		row.Set("seconds", run.seconds);
		row.Set("qps", run.qps);
		row.Set("recall", run.recall);
		row.Set("rows_returned_mean", run.rows_mean);
		row.Set("rows_returned_min", run.rows_min);
		row.Set("latency", LatencyJson(run.latency));
		runs.Push(std::move(row));
	}
	root->Set("filtered", std::move(runs));
}

} // namespace vecsearch::bench
