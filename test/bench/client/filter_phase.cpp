// The filtered phase: for each --filters spec, each ef_search and each --clients count, N connections on N
// client threads send SELECT id FROM t WHERE <condition> ORDER BY v <op> $1 LIMIT k as a prepared statement,
// the query vector as a binary $1 and the filter's value as a text $2 (an int4[] or int4 literal). Measures
// latency, QPS, recall@k against the exact filtered neighbours and the rows returned (a walk that gives up
// before it finds k matches returns fewer). Unlike the query phase it measures whatever plan the planner
// picks, and records it: with filters, that choice is part of what a system does.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <latch>
#include <limits>
#include <memory>
#include <thread>

#include "bench_error.hpp"
#include "filtered_truth.hpp"
#include "pg_connection.hpp"
#include "phases.hpp"
#include "plan_summary.hpp"
#include "progress.hpp"
#include "wire_format.hpp"

namespace vecsearch::bench {

namespace {

using Clock = std::chrono::steady_clock;

struct FilterTally {
	std::vector<double> latencies_ms;
	double recall_sum = 0.0;
	std::uint64_t rows_sum = 0;
	std::uint32_t rows_min = std::numeric_limits<std::uint32_t>::max();
	std::string error;
};

// Everything a run's client threads share, read-only.
struct FilterContext {
	const BenchOptions *options;
	const Dataset *dataset;
	const FilterSpec *filter;
	const FilteredScorer *scorer;
	const std::vector<std::string> *encoded_queries;
	std::vector<std::string> parameters; // per query: $2 in text form (none: empty, and no $2 is sent)
	std::vector<int> formats;            // binary $1, text $2
	std::string statement;
	std::string sql;
};

// Runs one query and returns how many rows came back (at most k, by the LIMIT).
std::uint32_t
RunOne(PgConnection &conn, const FilterContext &context, std::uint64_t query, std::int64_t *ids)
{
	const std::string *vector = &(*context.encoded_queries)[query];
	PgResult result = context.filter->HasParameter()
	                      ? conn.ExecPreparedFormats(context.statement, context.sql,
	                                                 {vector, &context.parameters[query]}, context.formats)
	                      : conn.ExecPreparedFormats(context.statement, context.sql, {vector}, context.formats);
	const int rows = std::min(PQntuples(result.get()), static_cast<int>(context.options->k));
	for (int i = 0; i < rows; i++) {
		if (PQgetlength(result.get(), i, 0) != 8)
			conn.Fail("unexpected result: id is not a bigint", context.sql);
		ids[i] = ReadInt64(PQgetvalue(result.get(), i, 0));
	}
	return static_cast<std::uint32_t>(rows);
}

// One client's share of a run: warmup, then (once the plan has been read) queries client, client + clients,
// ... (cycling when --duration is set).
void
ClientLoop(PgConnection &conn, const FilterContext &context, std::uint32_t client, std::uint32_t clients,
           std::latch &warmed, std::latch &start, std::atomic<std::uint64_t> &done, Progress &progress,
           FilterTally &tally)
{
	bool arrived = false;
	try {
		const std::uint64_t query_rows = context.dataset->query_rows;
		std::vector<std::int64_t> ids(context.options->k);
		std::uint64_t next = client;
		for (std::uint32_t i = 0; i < context.options->warmup; i++, next += clients)
			RunOne(conn, context, next % query_rows, ids.data());
		arrived = true;
		warmed.count_down();
		start.wait();
		const auto begin = Clock::now();
		const bool timed = context.options->duration > 0.0;
		const auto stop = begin + std::chrono::duration_cast<Clock::duration>(
		                              std::chrono::duration<double>(context.options->duration));
		for (next = client;; next += clients) {
			if (timed ? Clock::now() >= stop : next >= query_rows)
				break;
			const std::uint64_t query = next % query_rows;
			const auto before = Clock::now();
			const std::uint32_t found = RunOne(conn, context, query, ids.data());
			const auto after = Clock::now();
			tally.latencies_ms.push_back(std::chrono::duration<double, std::milli>(after - before).count());
			// Scored outside the latency window.
			tally.recall_sum += context.scorer->Recall(query, ids.data(), found);
			tally.rows_sum += found;
			tally.rows_min = std::min(tally.rows_min, found);
			const std::uint64_t total = done.fetch_add(1, std::memory_order_relaxed) + 1;
			if (client == 0 && total % 32 == 0)
				progress.Update(total);
		}
	} catch (const std::exception &error) {
		tally.error = error.what();
		// A client that failed before the start line must still arrive, or the run would wait forever.
		if (!arrived)
			warmed.count_down();
	}
}

// A vector as SQL text, every float with enough digits to read back as the same float.
std::string
VectorLiteral(const float *values, std::uint32_t dims)
{
	std::string text = "[";
	char number[32];
	for (std::uint32_t d = 0; d < dims; d++) {
		std::snprintf(number, sizeof(number), "%.9g", static_cast<double>(values[d]));
		text += (d > 0 ? "," : "") + std::string(number);
	}
	return text + "]";
}

// EXPLAIN of the prepared statement itself with query 0's values, on a connection that has just run it
// warmup times: after five runs PostgreSQL may have switched the statement to a generic plan, which can differ
// from the custom plan an EXPLAIN of the bare SQL would show, so this is the plan the timed queries get.
std::vector<std::string>
ExplainStatement(PgConnection &conn, const FilterContext &context)
{
	std::string sql = "EXPLAIN (COSTS OFF) EXECUTE " + context.statement + "('" +
	                  VectorLiteral(context.dataset->QueryRow(0), context.dataset->dims) + "'";
	if (context.filter->HasParameter())
		sql += ", '" + context.parameters[0] + "'";
	sql += ")";
	PgResult result = conn.Exec(sql);
	std::vector<std::string> lines;
	for (int i = 0; i < PQntuples(result.get()); i++)
		lines.emplace_back(PQgetvalue(result.get(), i, 0));
	return lines;
}

FilteredResult
TimedRun(const std::vector<std::unique_ptr<PgConnection>> &pool, std::uint32_t clients, const FilterContext &context,
         std::uint32_t ef, double selectivity)
{
	std::vector<FilterTally> tallies(clients);
	std::latch warmed(clients);
	std::latch start(1);
	std::atomic<std::uint64_t> done{0};
	const std::uint64_t expected = context.options->duration > 0.0 ? 0 : context.dataset->query_rows;
	Progress progress("filter " + context.filter->text + ", ef_search " + std::to_string(ef) + ", " +
	                      std::to_string(clients) + " client(s)",
	                  expected, "queries");
	std::vector<std::thread> threads;
	for (std::uint32_t c = 0; c < clients; c++)
		threads.emplace_back(ClientLoop, std::ref(*pool[c]), std::cref(context), c, clients, std::ref(warmed),
		                     std::ref(start), std::ref(done), std::ref(progress), std::ref(tallies[c]));
	warmed.wait();
	// Connection 0's thread waits at the start line until count_down below, so the connection is free here.
	FilteredResult result;
	std::string error;
	try {
		if (std::none_of(tallies.begin(), tallies.end(), [](const FilterTally &t) { return !t.error.empty(); })) {
			const std::vector<std::string> lines = ExplainStatement(*pool[0], context);
			result.plan = SummarizePlan(lines);
			for (const std::string &line : lines)
				result.plan_text += ShortenLiterals(line) + "\n";
			std::fprintf(stderr, "  plan (filter %s, ef_search %u): %s\n", context.filter->text.c_str(), ef,
			             result.plan.c_str());
		}
	} catch (const std::exception &explain_error) {
		error = explain_error.what();
	}
	const auto begin = Clock::now();
	start.count_down();
	for (std::thread &thread : threads)
		thread.join();
	const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
	if (!error.empty())
		throw BenchError(error);
	for (const FilterTally &tally : tallies)
		if (!tally.error.empty())
			throw BenchError(tally.error);

	result.filter = context.filter->text;
	result.selectivity = selectivity;
	result.ef_search = ef;
	result.clients = clients;
	result.seconds = seconds;
	std::vector<double> latencies;
	double recall_sum = 0.0;
	std::uint64_t rows_sum = 0;
	result.rows_min = std::numeric_limits<std::uint32_t>::max();
	for (FilterTally &tally : tallies) {
		latencies.insert(latencies.end(), tally.latencies_ms.begin(), tally.latencies_ms.end());
		recall_sum += tally.recall_sum;
		rows_sum += tally.rows_sum;
		result.rows_min = std::min(result.rows_min, tally.rows_min);
	}
	result.queries = latencies.size();
	if (result.queries == 0)
		result.rows_min = 0;
	const auto queries = static_cast<double>(result.queries);
	result.qps = seconds > 0.0 ? queries / seconds : 0.0;
	result.recall = result.queries > 0 ? recall_sum / queries : 0.0;
	result.rows_mean = result.queries > 0 ? static_cast<double>(rows_sum) / queries : 0.0;
	result.latency = Summarize(&latencies);
	progress.Finish(result.queries);
	std::fprintf(stderr,
	             "  filter %s, ef_search %u, clients %u: recall@%u %.4f, rows %.2f mean / %u min, %.1f QPS, p50 %.3f "
	             "ms, p99 %.3f ms\n",
	             result.filter.c_str(), ef, clients, context.options->k, result.recall, result.rows_mean,
	             result.rows_min, result.qps, result.latency.p50_ms, result.latency.p99_ms);
	return result;
}

// The table must hold the rows the ground truth is computed over, with the filter values computed here:
// checksums of cat and anti catch a table loaded from other data or without --filter-columns. anti is
// weighted by a function of the id, as its plain sum is about the same for any data (a tenth of the rows per
// decile).
void
CheckTable(PgConnection &admin, const BenchOptions &options, const Dataset &dataset, const FilterValues &values)
{
	const std::string table_rows = admin.QueryValue("SELECT coalesce(max(id) + 1, 0) FROM " + options.table);
	if (table_rows != std::to_string(dataset.load_rows))
		throw BenchError("table " + options.table + " has max(id) + 1 = " + table_rows + ", but the data set's " +
		                 std::to_string(dataset.load_rows) + " loaded rows have ids 0 to " +
		                 std::to_string(dataset.load_rows - 1) +
		                 ": pass the --rows the table was loaded with, or load it again");
	const std::string columns = admin.QueryValue(
	    "SELECT count(*) FROM pg_attribute WHERE attrelid = $1::regclass AND attname IN ('cat', 'anti') "
	    "AND NOT attisdropped",
	    {options.table});
	if (columns != "2")
		throw BenchError("table " + options.table +
		                 " has no filter columns cat and anti: load it with --filter-columns");
	constexpr std::uint64_t kWeights = 997;
	std::int64_t cat_sum = 0;
	std::int64_t anti_sum = 0;
	for (std::uint64_t row = 0; row < dataset.load_rows; row++) {
		cat_sum += values.cat[row];
		anti_sum += values.anti[row] * static_cast<std::int64_t>(row % kWeights + 1);
	}
	PgResult sums = admin.Exec("SELECT coalesce(sum(cat), 0)::text, coalesce(sum(anti * (id % " +
	                           std::to_string(kWeights) + " + 1)), 0)::text FROM " + options.table);
	const std::string table_cat = PQgetvalue(sums.get(), 0, 0);
	const std::string table_anti = PQgetvalue(sums.get(), 0, 1);
	if (table_cat != std::to_string(cat_sum) || table_anti != std::to_string(anti_sum))
		throw BenchError("the cat and anti values of table " + options.table +
		                 " are not those this data set gives (checksums " + table_cat + " and " + table_anti +
		                 ", expected " + std::to_string(cat_sum) + " and " + std::to_string(anti_sum) +
		                 "): load it again with --filter-columns and the same --dataset and --rows");
}

} // namespace

FilteredPhaseResult
RunFiltered(const BenchOptions &options, const Dataset &dataset, Metric metric)
{
	std::fprintf(stderr, "filtered: %llu queries, k %u, filters", static_cast<unsigned long long>(dataset.query_rows),
	             options.k);
	for (const FilterSpec &filter : options.filters)
		std::fprintf(stderr, " %s", filter.text.c_str());
	std::fprintf(stderr, "\n");

	FilteredPhaseResult phase;
	const FilterColumns columns(dataset);
	phase.anti_sample_rows = columns.sample_rows();
	phase.anti_thresholds = columns.thresholds();
	const FilterRows rows(dataset, ComputeFilterValues(dataset, columns));

	PgConnection admin(options.dsn);
	CheckTable(admin, options, dataset, rows.values());
	PgResult indexes = admin.ExecParams("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = "
	                                    "$1::regclass ORDER BY indexrelid::regclass::text",
	                                    {options.table});
	for (int i = 0; i < PQntuples(indexes.get()); i++)
		phase.indexes.emplace_back(PQgetvalue(indexes.get(), i, 0));
	const auto vector_oid = static_cast<Oid>(std::stoul(admin.QueryValue("SELECT 'vector'::regtype::oid")));

	// All ground truth first, so the timed runs follow one another.
	std::vector<FilteredTruth> truths;
	for (const FilterSpec &filter : options.filters) {
		truths.push_back(GetFilteredTruth(dataset, metric, rows, filter, options.k, options.threads, options.out));
		phase.ground_truth.emplace_back(filter.text, truths.back().source);
	}

	std::vector<std::string> encoded(dataset.query_rows);
	for (std::uint64_t q = 0; q < dataset.query_rows; q++)
		AppendVector(&encoded[q], dataset.QueryRow(q), dataset.dims);

	// One pool of connections, each with every filter's statement prepared; a run with N clients uses the first N.
	const std::uint32_t max_clients = *std::max_element(options.clients.begin(), options.clients.end());
	std::vector<std::unique_ptr<PgConnection>> pool;
	std::vector<FilterContext> contexts;
	std::vector<std::unique_ptr<FilteredScorer>> scorers;
	for (std::size_t f = 0; f < options.filters.size(); f++) {
		const FilterSpec &filter = options.filters[f];
		scorers.push_back(std::make_unique<FilteredScorer>(dataset, metric, rows, filter, truths[f]));
		FilterContext context{&options, &dataset, &filter, scorers.back().get(), &encoded, {}, {1}, "", ""};
		context.statement = "vecsearch_bench_filtered_" + std::to_string(f);
		context.sql = "SELECT id FROM " + options.table + " WHERE " + filter.Condition() + " ORDER BY v " +
		              MetricOperator(metric) + " $1 LIMIT " + std::to_string(options.k);
		if (filter.HasParameter()) {
			context.formats.push_back(0);
			for (std::uint64_t q = 0; q < dataset.query_rows; q++)
				context.parameters.push_back(filter.ParameterText(q, rows.values().opposite[q]));
		}
		contexts.push_back(std::move(context));
	}
	for (std::uint32_t c = 0; c < max_clients; c++) {
		pool.push_back(std::make_unique<PgConnection>(options.dsn));
		pool.back()->SetAll(options.settings);
		for (std::size_t f = 0; f < contexts.size(); f++) {
			std::vector<Oid> types = {vector_oid};
			if (options.filters[f].HasParameter())
				types.push_back(static_cast<Oid>(options.filters[f].ParameterType()));
			pool.back()->Prepare(contexts[f].statement, contexts[f].sql, types);
		}
	}

	for (std::size_t f = 0; f < contexts.size(); f++)
		for (std::uint32_t ef : options.ef_search) {
			for (auto &conn : pool)
				conn->Set(options.ef_search_guc, std::to_string(ef));
			for (std::uint32_t clients : options.clients)
				phase.runs.push_back(TimedRun(pool, clients, contexts[f], ef, truths[f].selectivity));
		}
	return phase;
}

} // namespace vecsearch::bench
