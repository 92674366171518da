// The query phase: for each --clients count and each ef_search, N connections on N client threads send
// SELECT id FROM t ORDER BY v <op> $1 LIMIT k as a prepared statement with the query vector as a binary
// parameter. Measures per-query latency, aggregate QPS and recall@k; first checks with EXPLAIN that the
// plan is a scan of the table's hnsw index, and refuses to measure anything else.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <latch>
#include <memory>
#include <thread>

#include "bench_error.hpp"
#include "pg_connection.hpp"
#include "phases.hpp"
#include "progress.hpp"
#include "wire_format.hpp"

namespace vecsearch::bench {

namespace {

using Clock = std::chrono::steady_clock;

const std::string kStatement = "vecsearch_bench_query";

struct ClientTally {
	std::vector<double> latencies_ms;
	std::uint64_t hits = 0;
	std::string error;
};

// Everything a run's client threads share, read-only.
struct QueryContext {
	const BenchOptions *options;
	const Dataset *dataset;
	const RecallScorer *scorer;
	const std::vector<std::string> *encoded_queries;
	std::string sql;
};

// Runs one query and returns the ids it found.
std::uint32_t
RunOne(PgConnection &conn, const QueryContext &context, std::uint64_t query, std::int64_t *ids)
{
	PgResult result = conn.ExecPreparedBinary(kStatement, context.sql, {&(*context.encoded_queries)[query]});
	const int rows = std::min(PQntuples(result.get()), static_cast<int>(context.options->k));
	for (int i = 0; i < rows; i++) {
		if (PQgetlength(result.get(), i, 0) != 8)
			conn.Fail("unexpected result: id is not a bigint", context.sql);
		ids[i] = ReadInt64(PQgetvalue(result.get(), i, 0));
	}
	return static_cast<std::uint32_t>(rows);
}

// One client's share of a run: queries client, client + clients, ... (cycling when --duration is set).
void
ClientLoop(PgConnection &conn, const QueryContext &context, std::uint32_t client, std::uint32_t clients,
           std::latch &ready, std::atomic<std::uint64_t> &done, Progress &progress, ClientTally &tally)
{
	bool arrived = false;
	try {
		const std::uint64_t query_rows = context.dataset->query_rows;
		std::vector<std::int64_t> ids(context.options->k);
		std::uint64_t next = client;
		for (std::uint32_t i = 0; i < context.options->warmup; i++, next += clients)
			RunOne(conn, context, next % query_rows, ids.data());
		next = client;
		arrived = true;
		ready.arrive_and_wait();
		const auto start = Clock::now();
		const bool timed = context.options->duration > 0.0;
		const auto stop = start + std::chrono::duration_cast<Clock::duration>(
		                              std::chrono::duration<double>(context.options->duration));
		for (;; next += clients) {
			if (timed ? Clock::now() >= stop : next >= query_rows)
				break;
			const std::uint64_t query = next % query_rows;
			const auto before = Clock::now();
			const std::uint32_t found = RunOne(conn, context, query, ids.data());
			const auto after = Clock::now();
			tally.latencies_ms.push_back(std::chrono::duration<double, std::milli>(after - before).count());
			// Scored outside the latency window; a few distance computations, small beside a round trip.
			tally.hits += context.scorer->Hits(query, ids.data(), found);
			const std::uint64_t total = done.fetch_add(1, std::memory_order_relaxed) + 1;
			if (client == 0 && total % 32 == 0)
				progress.Update(total);
		}
	} catch (const std::exception &error) {
		tally.error = error.what();
		// A client that failed before the start line must still arrive, or the others would wait forever.
		if (!arrived)
			ready.count_down();
	}
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
TimedRun(std::vector<std::unique_ptr<PgConnection>> &conns, const QueryContext &context, std::uint32_t ef)
{
	const auto clients = static_cast<std::uint32_t>(conns.size());
	std::vector<ClientTally> tallies(clients);
	std::latch ready(clients + 1);
	std::atomic<std::uint64_t> done{0};
	const std::uint64_t expected = context.options->duration > 0.0 ? 0 : context.dataset->query_rows;
	Progress progress("ef_search " + std::to_string(ef) + ", " + std::to_string(clients) + " client(s)", expected,
	                  "queries");
	std::vector<std::thread> threads;
	for (std::uint32_t c = 0; c < clients; c++)
		threads.emplace_back(ClientLoop, std::ref(*conns[c]), std::cref(context), c, clients, std::ref(ready),
		                     std::ref(done), std::ref(progress), std::ref(tallies[c]));
	ready.arrive_and_wait();
	const auto start = Clock::now();
	for (std::thread &thread : threads)
		thread.join();
	const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
	for (const ClientTally &tally : tallies)
		if (!tally.error.empty())
			throw BenchError(tally.error);

	QueryResult result;
	result.clients = clients;
	result.ef_search = ef;
	result.seconds = seconds;
	std::vector<double> latencies;
	std::uint64_t hits = 0;
	for (ClientTally &tally : tallies) {
		latencies.insert(latencies.end(), tally.latencies_ms.begin(), tally.latencies_ms.end());
		hits += tally.hits;
	}
	result.queries = latencies.size();
	result.qps = seconds > 0.0 ? static_cast<double>(result.queries) / seconds : 0.0;
	result.recall = result.queries > 0
	                    ? static_cast<double>(hits) / (static_cast<double>(result.queries) * context.options->k)
	                    : 0.0;
	result.latency = Summarize(&latencies);
	progress.Finish(result.queries);
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
	// Recall is only meaningful if the table holds exactly the rows the ground truth was computed over.
	const std::string rows_sql = "SELECT coalesce(max(id) + 1, 0) FROM " + options.table;
	const std::string table_rows = admin.QueryValue(rows_sql);
	if (table_rows != std::to_string(dataset.load_rows))
		throw BenchError("table " + options.table + " has max(id) + 1 = " + table_rows + ", but the data set's " +
		                 std::to_string(dataset.load_rows) + " loaded rows have ids 0 to " +
		                 std::to_string(dataset.load_rows - 1) +
		                 ": pass the --rows the table was loaded with, or load it again (the insert phase adds rows)");
	const std::vector<std::string> indexes = HnswIndexes(admin, options.table);
	if (indexes.empty())
		throw BenchError("table " + options.table + " has no hnsw index: run the build phase first");
	const std::string vector_oid = admin.QueryValue("SELECT 'vector'::regtype::oid");

	QueryPhaseResult phase;
	const GroundTruth truth = GetGroundTruth(dataset, metric, options.k, options.threads, options.out);
	phase.ground_truth = truth.source;

	std::vector<std::string> encoded(dataset.query_rows);
	for (std::uint64_t q = 0; q < dataset.query_rows; q++)
		AppendVector(&encoded[q], dataset.QueryRow(q), dataset.dims);
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
