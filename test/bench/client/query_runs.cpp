// Timed runs: the clients warm up, wait at a start line (a latch the calling thread opens), then each times its
// own queries one round trip at a time, scoring each answer outside the latency window. The run's time is
// from the start line until the last client is done.
#include "query_runs.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <limits>
#include <thread>

#include "bench_error.hpp"
#include "progress.hpp"
#include "wire_format.hpp"

namespace vecsearch::bench {

namespace {

using Clock = std::chrono::steady_clock;

struct ClientTally {
	std::vector<double> latencies_ms;
	double score_sum = 0.0;
	std::uint64_t rows_sum = 0;
	std::uint32_t rows_min = std::numeric_limits<std::uint32_t>::max();
	std::string error;
};

// One client's share of a run: warmup, then (once the start line opens) queries client, client + clients,
// ... (cycling when --duration is set).
void
ClientLoop(PgConnection &conn, const BenchOptions &options, std::uint64_t query_rows, const ClientWork &work,
           std::uint32_t client, std::uint32_t clients, std::latch &warmed, std::latch &start,
           std::atomic<std::uint64_t> &done, Progress &progress, ClientTally &tally)
{
	bool arrived = false;
	try {
		std::vector<std::int64_t> ids(options.k);
		std::uint64_t next = client;
		for (std::uint32_t i = 0; i < options.warmup; i++, next += clients)
			work.run_one(conn, next % query_rows, ids.data());
		arrived = true;
		warmed.count_down();
		start.wait();
		const auto begin = Clock::now();
		const bool timed = options.duration > 0.0;
		const auto stop =
		    begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.duration));
		for (next = client;; next += clients) {
			if (timed ? Clock::now() >= stop : next >= query_rows)
				break;
			const std::uint64_t query = next % query_rows;
			const auto before = Clock::now();
			const std::uint32_t found = work.run_one(conn, query, ids.data());
			const auto after = Clock::now();
			tally.latencies_ms.push_back(std::chrono::duration<double, std::milli>(after - before).count());
			// Scored outside the latency window; a few distance computations, small beside a round trip.
			tally.score_sum += work.score(query, ids.data(), found);
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

} // namespace

void
CheckTableRows(PgConnection &admin, const BenchOptions &options, const Dataset &dataset, const std::string &advice)
{
	const std::string table_rows = admin.QueryValue("SELECT coalesce(max(id) + 1, 0) FROM " + options.table);
	if (table_rows != std::to_string(dataset.load_rows))
		throw BenchError("table " + options.table + " has max(id) + 1 = " + table_rows + ", but the data set's " +
		                 std::to_string(dataset.load_rows) + " loaded rows have ids 0 to " +
		                 std::to_string(dataset.load_rows - 1) +
		                 ": pass the --rows the table was loaded with, or load it again" + advice);
}

std::vector<std::string>
EncodeQueries(const Dataset &dataset)
{
	std::vector<std::string> encoded(dataset.query_rows);
	for (std::uint64_t q = 0; q < dataset.query_rows; q++)
		AppendVector(&encoded[q], dataset.QueryRow(q), dataset.dims);
	return encoded;
}

std::uint32_t
ReadIds(PgConnection &conn, const PGresult *result, std::uint32_t k, const std::string &sql, std::int64_t *ids)
{
	const int rows = std::min(PQntuples(result), static_cast<int>(k));
	for (int i = 0; i < rows; i++) {
		if (PQgetlength(result, i, 0) != 8)
			conn.Fail("unexpected result: id is not a bigint", sql);
		ids[i] = ReadInt64(PQgetvalue(result, i, 0));
	}
	return static_cast<std::uint32_t>(rows);
}

RunTotals
TimedClientRun(const std::vector<std::unique_ptr<PgConnection>> &pool, std::uint32_t clients,
               const BenchOptions &options, std::uint64_t query_rows, const ClientWork &work,
               const std::string &progress_what, const std::function<void()> &before_start)
{
	std::vector<ClientTally> tallies(clients);
	std::latch warmed(clients);
	std::latch start(1);
	std::atomic<std::uint64_t> done{0};
	const std::uint64_t expected = options.duration > 0.0 ? 0 : query_rows;
	Progress progress(progress_what, expected, "queries");
	std::vector<std::thread> threads;
	for (std::uint32_t c = 0; c < clients; c++)
		threads.emplace_back(ClientLoop, std::ref(*pool[c]), std::cref(options), query_rows, std::cref(work), c,
		                     clients, std::ref(warmed), std::ref(start), std::ref(done), std::ref(progress),
		                     std::ref(tallies[c]));
	warmed.wait();
	// Every client thread waits at the start line until count_down below, so connection 0 is free here.
	std::string error;
	try {
		if (before_start &&
		    std::none_of(tallies.begin(), tallies.end(), [](const ClientTally &t) { return !t.error.empty(); }))
			before_start();
	} catch (const std::exception &before_error) {
		error = before_error.what();
	}
	const auto begin = Clock::now();
	start.count_down();
	for (std::thread &thread : threads)
		thread.join();
	const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
	if (!error.empty())
		throw BenchError(error);
	for (const ClientTally &tally : tallies)
		if (!tally.error.empty())
			throw BenchError(tally.error);

	RunTotals totals;
	totals.seconds = seconds;
	std::vector<double> latencies;
	totals.rows_min = std::numeric_limits<std::uint32_t>::max();
	for (ClientTally &tally : tallies) {
		latencies.insert(latencies.end(), tally.latencies_ms.begin(), tally.latencies_ms.end());
		totals.score_sum += tally.score_sum;
		totals.rows_sum += tally.rows_sum;
		totals.rows_min = std::min(totals.rows_min, tally.rows_min);
	}
	totals.queries = latencies.size();
	if (totals.queries == 0)
		totals.rows_min = 0;
	totals.qps = seconds > 0.0 ? static_cast<double>(totals.queries) / seconds : 0.0;
	totals.latency = Summarize(&latencies);
	progress.Finish(totals.queries);
	return totals;
}

} // namespace vecsearch::bench
