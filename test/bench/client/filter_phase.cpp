// The filtered phase: for each --filters spec, each ef_search and each --clients count, N connections on N
// client threads send SELECT id FROM t WHERE <condition> ORDER BY v <op> $1 LIMIT k as a prepared statement,
// the query vector as a binary $1 and the filter's value as a text $2 (an int4[] or int4 literal). Measures
// latency, QPS, recall@k against the exact filtered neighbours and the rows returned (a walk that gives up
// before it finds k matches returns fewer). Unlike the query phase it measures whatever plan the planner
// picks, and records it: with filters, that choice is part of what a system does.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "bench_error.hpp"
#include "filtered_truth.hpp"
#include "pg_connection.hpp"
#include "phases.hpp"
#include "plan_summary.hpp"
#include "query_runs.hpp"

namespace vecsearch::bench {

namespace {

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
	return ReadIds(conn, result.get(), context.options->k, context.sql, ids);
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
	const ClientWork work{[&context](PgConnection &conn, std::uint64_t query, std::int64_t *ids) {
		                      return RunOne(conn, context, query, ids);
	                      },
	                      [&context](std::uint64_t query, const std::int64_t *ids, std::uint32_t found) {
		                      return context.scorer->Recall(query, ids, found);
	                      }};
	FilteredResult result;
	// After the warmup, so the plan read is the one the timed queries get.
	const auto read_plan = [&]() {
		const std::vector<std::string> lines = ExplainStatement(*pool[0], context);
		result.plan = SummarizePlan(lines);
		for (const std::string &line : lines)
			result.plan_text += ShortenLiterals(line) + "\n";
		std::fprintf(stderr, "  plan (filter %s, ef_search %u): %s\n", context.filter->text.c_str(), ef,
		             result.plan.c_str());
	};
	const RunTotals totals = TimedClientRun(pool, clients, *context.options, context.dataset->query_rows, work,
	                                        "filter " + context.filter->text + ", ef_search " + std::to_string(ef) +
	                                            ", " + std::to_string(clients) + " client(s)",
	                                        read_plan);

	result.filter = context.filter->text;
	result.selectivity = selectivity;
	result.ef_search = ef;
	result.clients = clients;
	result.seconds = totals.seconds;
	result.queries = totals.queries;
	result.qps = totals.qps;
	const auto queries = static_cast<double>(result.queries);
	result.recall = result.queries > 0 ? totals.score_sum / queries : 0.0;
	result.rows_mean = result.queries > 0 ? static_cast<double>(totals.rows_sum) / queries : 0.0;
	result.rows_min = totals.rows_min;
	result.latency = totals.latency;
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
	CheckTableRows(admin, options, dataset, "");
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

	const std::vector<std::string> encoded = EncodeQueries(dataset);

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
