// The insert phase: --insert-rows single-row INSERTs (prepared, binary parameters, autocommit) into the
// indexed table, once per --clients count, each client on its own connection and thread. New vectors come
// from base rows beyond the loaded ones, then from midpoints of two random loaded rows (distinct vectors in
// the data's own distribution, so no duplicate takes a shortcut through the index).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <latch>
#include <memory>
#include <random>
#include <thread>

#include "bench_error.hpp"
#include "pg_connection.hpp"
#include "phases.hpp"
#include "progress.hpp"
#include "wire_format.hpp"

namespace vecsearch::bench {

namespace {

using Clock = std::chrono::steady_clock;

const std::string kStatement = "vecsearch_bench_insert";

struct InsertTally {
	std::vector<double> latencies_ms;
	std::string error;
};

// `count` vectors for insertion, binary-encoded: base rows [load_rows, base_rows) first, then midpoints.
std::vector<std::string>
InsertVectors(const Dataset &dataset, std::uint64_t count)
{
	std::vector<std::string> encoded(count);
	std::vector<float> blend(dataset.dims);
	std::mt19937_64 random(7);
	for (std::uint64_t i = 0; i < count; i++) {
		const std::uint64_t row = dataset.load_rows + i;
		if (row < dataset.base_rows) {
			AppendVector(&encoded[i], dataset.BaseRow(row), dataset.dims);
			continue;
		}
		const float *a = dataset.BaseRow(random() % dataset.load_rows);
		const float *b = dataset.BaseRow(random() % dataset.load_rows);
		for (std::uint32_t d = 0; d < dataset.dims; d++)
			blend[d] = 0.5f * (a[d] + b[d]);
		AppendVector(&encoded[i], blend.data(), dataset.dims);
	}
	return encoded;
}

void
InsertLoop(PgConnection &conn, const std::string &sql, const std::vector<std::string> &vectors, std::uint64_t first,
           std::uint64_t count, std::int64_t first_id, std::uint32_t client, std::uint32_t clients, std::latch &ready,
           std::atomic<std::uint64_t> &done, Progress &progress, InsertTally &tally)
{
	ready.arrive_and_wait();
	try {
		std::string id;
		for (std::uint64_t i = client; i < count; i += clients) {
			id.clear();
			AppendInt64(&id, first_id + static_cast<std::int64_t>(i));
			const auto before = Clock::now();
			conn.ExecPreparedBinary(kStatement, sql, {&id, &vectors[first + i]});
			tally.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - before).count());
			const std::uint64_t total = done.fetch_add(1, std::memory_order_relaxed) + 1;
			if (client == 0 && total % 32 == 0)
				progress.Update(total);
		}
	} catch (const std::exception &error) {
		tally.error = error.what();
	}
}

} // namespace

std::vector<InsertResult>
RunInserts(const BenchOptions &options, const Dataset &dataset)
{
	const std::uint64_t per_run = options.insert_rows;
	std::fprintf(stderr, "insert: %llu rows per run into %s\n", static_cast<unsigned long long>(per_run),
	             options.table.c_str());
	PgConnection admin(options.dsn);
	const std::string has_index =
	    admin.QueryValue("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
	                     "JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = $1::regclass AND a.amname = 'hnsw'",
	                     {options.table});
	if (has_index == "0")
		throw BenchError("table " + options.table + " has no hnsw index: run the build phase first");
	std::int64_t next_id = std::stoll(admin.QueryValue("SELECT coalesce(max(id) + 1, 0) FROM " + options.table));
	const std::string vector_oid = admin.QueryValue("SELECT 'vector'::regtype::oid");
	const std::vector<std::string> vectors = InsertVectors(dataset, per_run * options.clients.size());
	const std::string sql = "INSERT INTO " + options.table + " (id, v) VALUES ($1, $2)";

	std::vector<InsertResult> results;
	std::uint64_t first = 0;
	for (std::uint32_t clients : options.clients) {
		std::vector<std::unique_ptr<PgConnection>> conns;
		for (std::uint32_t c = 0; c < clients; c++) {
			conns.push_back(std::make_unique<PgConnection>(options.dsn));
			conns.back()->SetAll(options.settings);
			conns.back()->Prepare(kStatement, sql, {20 /* int8 */, static_cast<Oid>(std::stoul(vector_oid))});
		}
		std::vector<InsertTally> tallies(clients);
		std::latch ready(clients + 1);
		std::atomic<std::uint64_t> done{0};
		Progress progress("insert, " + std::to_string(clients) + " client(s)", per_run, "rows");
		std::vector<std::thread> threads;
		for (std::uint32_t c = 0; c < clients; c++)
			threads.emplace_back(InsertLoop, std::ref(*conns[c]), std::cref(sql), std::cref(vectors), first, per_run,
			                     next_id, c, clients, std::ref(ready), std::ref(done), std::ref(progress),
			                     std::ref(tallies[c]));
		ready.arrive_and_wait();
		const auto start = Clock::now();
		for (std::thread &thread : threads)
			thread.join();
		const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
		for (const InsertTally &tally : tallies)
			if (!tally.error.empty())
				throw BenchError(tally.error);

		InsertResult result;
		result.clients = clients;
		result.rows = per_run;
		result.seconds = seconds;
		result.rows_per_second = seconds > 0.0 ? static_cast<double>(per_run) / seconds : 0.0;
		std::vector<double> latencies;
		for (InsertTally &tally : tallies)
			latencies.insert(latencies.end(), tally.latencies_ms.begin(), tally.latencies_ms.end());
		result.latency = Summarize(&latencies);
		progress.Finish(per_run);
		std::fprintf(stderr, "  clients %u: %.1f rows/s, p50 %.3f ms, p99 %.3f ms\n", clients, result.rows_per_second,
		             result.latency.p50_ms, result.latency.p99_ms);
		results.push_back(result);
		first += per_run;
		next_id += static_cast<std::int64_t>(per_run);
	}
	return results;
}

} // namespace vecsearch::bench
