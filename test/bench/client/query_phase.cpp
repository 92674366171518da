// The query phase: for each --clients count and each ef_search, N connections on N client threads send
// SELECT id FROM t ORDER BY v <op> $1 LIMIT k as a prepared statement with the query vector as a binary
// parameter. Measures per-query latency, aggregate QPS and recall@k; first checks with EXPLAIN that the
// plan is a scan of the table's hnsw index, and refuses to measure anything else.
#include <cstdio>
#include <memory>

#include "bench_error.hpp"
#include "pg_connection.hpp"
#include "phases.hpp"
#include "query_runs.hpp"

namespace vecsearch::bench {

namespace {

const std::string kStatement = "vecsearch_bench_query";

// Everything a run's client threads share, read-only.
struct QueryContext {
	const BenchOptions *options;
	const Dataset *dataset;
	const RecallScorer *scorer;
	const std::vector<std::string> *encoded_queries;
	std::string sql;
};

// Runs one query and returns how many ids it found.
std::uint32_t
RunOne(PgConnection &conn, const QueryContext &context, std::uint64_t query, std::int64_t *ids)
{
	PgResult result = conn.ExecPreparedBinary(kStatement, context.sql, {&(*context.encoded_queries)[query]});
	return ReadIds(conn, result.get(), context.options->k, context.sql, ids);
}

// The hnsw indexes on the table; the plan must use one of them.
std::vector<std::string>
HnswIndexes(PgConnection &conn, const std::string &table)
{
	PgResult result = conn.ExecParams("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
	                                  "JOIN pg_am a ON a.oid = c.relam "
	                                  "WHERE i.indrelid = $1::regclass AND a.amname = 'hnsw' ORDER BY 1",
	                                  {table});
	std::vector<std::string> names;
	for (int i = 0; i < PQntuples(result.get()); i++)
		names.emplace_back(PQgetvalue(result.get(), i, 0));
	return names;
}

// EXPLAIN of the benchmark query with a real query vector; throws unless it is an Index Scan of one of the
// given indexes. Returns the index's name.
std::string
CheckPlan(PgConnection &conn, const QueryContext &context, const std::vector<std::string> &indexes, std::uint32_t ef)
{
	const std::string sql = "EXPLAIN (COSTS OFF) " + context.sql;
	const std::string &param = (*context.encoded_queries)[0];
	const char *values[] = {param.data()};
	const int lengths[] = {static_cast<int>(param.size())};
	const int formats[] = {1};
	// The parameter is a binary vector, typed as the measured statement types it: left untyped, a halfvec column
	// would make it a halfvec, and the vector's bytes would be read as one.
	const Oid types[] = {static_cast<Oid>(std::stoul(conn.QueryValue("SELECT 'vector'::regtype::oid")))};
	PgResult result(PQexecParams(conn.Raw(), sql.c_str(), 1, types, values, lengths, formats, 0));
	conn.Check(result.get(), PGRES_TUPLES_OK, sql);
	std::string plan;
	for (int i = 0; i < PQntuples(result.get()); i++)
		plan += "    " + std::string(PQgetvalue(result.get(), i, 0)) + "\n";
	for (const std::string &index : indexes)
		if (plan.find("Index Scan using " + index + " ") != std::string::npos)
			return index;
	throw BenchError("the query plan at ef_search " + std::to_string(ef) +
	                 " is not an hnsw index scan, so there is nothing to measure.\n  SQL: " + sql + "\n  plan:\n" +
	                 plan + "  (for a small table, --set enable_seqscan=off makes the planner use the index)");
}

QueryResult
TimedRun(const std::vector<std::unique_ptr<PgConnection>> &conns, const QueryContext &context, std::uint32_t ef)
{
	const auto clients = static_cast<std::uint32_t>(conns.size());
	const ClientWork work{
	    [&context](PgConnection &conn, std::uint64_t query, std::int64_t *ids) {
		    return RunOne(conn, context, query, ids);
	    },
	    // Hits, summed as a double: exact at any count a run reaches, so recall is hits / (queries * k).
	    [&context](std::uint64_t query, const std::int64_t *ids, std::uint32_t found) {
		    return static_cast<double>(context.scorer->Hits(query, ids, found));
	    }};
	const RunTotals totals =
	    TimedClientRun(conns, clients, *context.options, context.dataset->query_rows, work,
	                   "ef_search " + std::to_string(ef) + ", " + std::to_string(clients) + " client(s)");

	QueryResult result;
	result.clients = clients;
	result.ef_search = ef;
	result.seconds = totals.seconds;
	result.queries = totals.queries;
	result.qps = totals.qps;
	result.recall =
	    result.queries > 0 ? totals.score_sum / (static_cast<double>(result.queries) * context.options->k) : 0.0;
	result.latency = totals.latency;
	std::fprintf(stderr, "  clients %u, ef_search %u: recall@%u %.4f, %.1f QPS, p50 %.3f ms, p99 %.3f ms\n", clients,
	             ef, context.options->k, result.recall, result.qps, result.latency.p50_ms, result.latency.p99_ms);
	return result;
}

} // namespace

QueryPhaseResult
RunQueries(const BenchOptions &options, const Dataset &dataset, Metric metric)
{
	std::fprintf(stderr, "query: %llu queries, k %u, ef_search sweep, clients",
	             static_cast<unsigned long long>(dataset.query_rows), options.k);
	for (std::uint32_t c : options.clients)
		std::fprintf(stderr, " %u", c);
	std::fprintf(stderr, "\n");

	PgConnection admin(options.dsn);
	CheckTableRows(admin, options, dataset, " (the insert phase adds rows)");
	const std::vector<std::string> indexes = HnswIndexes(admin, options.table);
	if (indexes.empty())
		throw BenchError("table " + options.table + " has no hnsw index: run the build phase first");
	const std::string vector_oid = admin.QueryValue("SELECT 'vector'::regtype::oid");

	QueryPhaseResult phase;
	const GroundTruth truth = GetGroundTruth(dataset, metric, options.k, options.threads, options.out);
	phase.ground_truth = truth.source;

	const std::vector<std::string> encoded = EncodeQueries(dataset);
	const RecallScorer scorer(dataset, metric, truth);
	QueryContext context{&options, &dataset, &scorer, &encoded,
	                     "SELECT id FROM " + options.table + " ORDER BY v " + MetricOperator(metric) + " $1 LIMIT " +
	                         std::to_string(options.k)};

	for (std::uint32_t clients : options.clients) {
		std::vector<std::unique_ptr<PgConnection>> conns;
		for (std::uint32_t c = 0; c < clients; c++) {
			conns.push_back(std::make_unique<PgConnection>(options.dsn));
			conns.back()->SetAll(options.settings);
			conns.back()->Prepare(kStatement, context.sql, {static_cast<Oid>(std::stoul(vector_oid))});
		}
		for (std::uint32_t ef : options.ef_search) {
			for (auto &conn : conns)
				conn->Set(options.ef_search_guc, std::to_string(ef));
			phase.index_name = CheckPlan(*conns[0], context, indexes, ef);
			phase.runs.push_back(TimedRun(conns, context, ef));
		}
	}
	return phase;
}

} // namespace vecsearch::bench
