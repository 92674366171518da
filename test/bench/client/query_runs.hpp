// What the query and filtered phases share to measure SELECT id ... ORDER BY v <op> $1 LIMIT k: the check that
// the table holds the rows the ground truth is over, the query vectors in binary form, the ids a result
// returned, and a timed run on N client threads. What one query sends and how its answer is scored is the
// phase's; the loop, the timing and the sums are the same for both, so their numbers compare.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dataset.hpp"
#include "options.hpp"
#include "pg_connection.hpp"
#include "results.hpp"

namespace vecsearch::bench {

// Throws unless the table's ids are 0 to load_rows - 1, as loaded: recall is only meaningful if the table holds
// exactly the rows the ground truth was computed over. `advice` is appended to the message.
void CheckTableRows(PgConnection &admin, const BenchOptions &options, const Dataset &dataset,
                    const std::string &advice);

// Each query row as a binary `vector` parameter.
std::vector<std::string> EncodeQueries(const Dataset &dataset);

// The first column of `result` as binary bigints into ids, at most k rows (the LIMIT's); returns how many.
// Fails on conn, naming sql, when a value is not a bigint.
std::uint32_t ReadIds(PgConnection &conn, const PGresult *result, std::uint32_t k, const std::string &sql,
                      std::int64_t *ids);

// How a run sends one query and scores its answer. Called from every client thread at once: each gets its own
// connection, and score must be thread-safe.
struct ClientWork {
	// Runs query `query` on conn and writes the returned ids to ids[0, k); returns how many.
	std::function<std::uint32_t(PgConnection &conn, std::uint64_t query, std::int64_t *ids)> run_one;
	// One answer's share of the recall sum; called outside the latency window.
	std::function<double(std::uint64_t query, const std::int64_t *ids, std::uint32_t found)> score;
};

// A run's measurements, summed over its clients.
struct RunTotals {
	std::uint64_t queries = 0;
	double seconds = 0.0;
	double qps = 0.0;
	double score_sum = 0.0;     // sum of score over the timed queries
	std::uint64_t rows_sum = 0; // rows returned, over the timed queries
	std::uint32_t rows_min = 0; // fewest rows one query returned (0 when none ran)
	LatencySummary latency;
};

// A timed run on the first `clients` connections of pool, one thread each. Client c runs options.warmup
// untimed queries, then queries c, c + clients, ... once each (or cycling for options.duration seconds).
// Between the warmups and the timed part, with every client waiting at the start line, the calling thread
// runs before_start (unless a client has failed): connection 0 is idle then. progress_what names the run's
// progress line. Throws BenchError with the first error of before_start or of a client.
RunTotals TimedClientRun(const std::vector<std::unique_ptr<PgConnection>> &pool, std::uint32_t clients,
                         const BenchOptions &options, std::uint64_t query_rows, const ClientWork &work,
                         const std::string &progress_what, const std::function<void()> &before_start = {});

} // namespace vecsearch::bench
