// vecsearch-bench: the end-to-end benchmark client. Runs the phases the subcommand names against one
// database (pgvector or vecsearch, the same SQL either way) and writes <out>.json, <out>.md and a plot; or
// plots result files side by side. Every failure ends in a message on stderr and a non-zero exit status.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <new>

#include "bench_error.hpp"
#include "dataset.hpp"
#include "filter_report.hpp"
#include "machine_info.hpp"
#include "options.hpp"
#include "pg_connection.hpp"
#include "phases.hpp"
#include "plot.hpp"
#include "report.hpp"

namespace vecsearch::bench {
namespace {

std::string
UtcNow()
{
	const std::time_t now = std::time(nullptr);
	std::tm utc{};
	gmtime_r(&now, &utc);
	char text[32];
	std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
	return text;
}

// The filtered phase's files: the usual run header (machine, server, data, parameters) and its own results.
int
WriteFilteredReport(RunReport &report, const BenchOptions &options, const FilteredPhaseResult &phase,
                    std::chrono::steady_clock::time_point start)
{
	report.dataset->ground_truth = "exact per filter (filtered_ground_truth)";
	report.total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	JsonValue json = ReportJsonValue(report, options);
	AddFilteredJson(phase, options, &json);
	const std::string markdown = ReportMarkdown(report, options) + FilteredMarkdown(phase, options);
	WriteTextFile(options.out + ".json", json.Serialize());
	WriteTextFile(options.out + ".md", markdown);
	std::fprintf(stderr, "results: %s.json, %s.md\n", options.out.c_str(), options.out.c_str());
	std::fputs(markdown.c_str(), stdout);
	return 0;
}

int
Run(int argc, char **argv)
{
	BenchOptions options;
	int exit_code = 0;
	if (!ParseOptions(argc, argv, &options, &exit_code))
		return exit_code;
	if (options.plot_only)
		return WritePlot(options.out, options.plot_inputs) ? 0 : 1;

	const auto start = std::chrono::steady_clock::now();
	RunReport report;
	report.started_at = UtcNow();
	report.label = options.label;
	for (int i = 0; i < argc; i++)
		report.command_line.push_back(RedactPassword(argv[i]));
	report.machine = CollectMachineInfo();
	const Metric metric = ResolveMetric(options);

	// Connect once up front, so a wrong --dsn fails before minutes of data generation.
	PgConnection conn(options.dsn);

	Dataset dataset;
	if (options.run_load || options.run_query || options.run_insert || options.run_filtered) {
		const std::uint64_t extra_rows = options.run_insert ? options.insert_rows * options.clients.size() : 0;
		dataset = LoadDataset(options, extra_rows);
		report.dataset =
		    DatasetSummary{dataset.spec, dataset.dims, dataset.load_rows, dataset.query_rows, MetricName(metric), ""};
	}
	if (options.run_load)
		report.load = RunLoad(options, dataset);
	// Checked after a load (which creates the extension): every other phase needs it already there.
	conn.SetAll(options.settings);
	report.server = CollectServerInfo(conn, options);
	if (options.run_build)
		report.build = RunBuild(options, metric);
	if (options.run_query) {
		QueryPhaseResult phase = RunQueries(options, dataset, metric);
		report.dataset->ground_truth = phase.ground_truth;
		report.query_index = phase.index_name;
		report.queries = std::move(phase.runs);
	}
	if (options.run_insert)
		report.inserts = RunInserts(options, dataset);
	if (options.run_filtered)
		return WriteFilteredReport(report, options, RunFiltered(options, dataset, metric), start);
	report.total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

	const std::string markdown = ReportMarkdown(report, options);
	WriteTextFile(options.out + ".json", ReportJson(report, options));
	WriteTextFile(options.out + ".md", markdown);
	std::fprintf(stderr, "results: %s.json, %s.md\n", options.out.c_str(), options.out.c_str());
	if (!report.queries.empty())
		WritePlot(options.out + ".png", {options.out + ".json"});
	std::fputs(markdown.c_str(), stdout);
	return 0;
}

} // namespace
} // namespace vecsearch::bench

int
main(int argc, char **argv)
{
	try {
		return vecsearch::bench::Run(argc, argv);
	} catch (const vecsearch::bench::BenchError &error) {
		std::fprintf(stderr, "vecsearch-bench: error: %s\n", error.what());
	} catch (const std::bad_alloc &) {
		std::fprintf(stderr, "vecsearch-bench: error: out of memory\n");
	} catch (const std::exception &error) {
		std::fprintf(stderr, "vecsearch-bench: error: %s\n", error.what());
	}
	return 1;
}
