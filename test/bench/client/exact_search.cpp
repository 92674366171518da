// Brute-force exact search: queries handed out one at a time from an atomic counter, so threads that draw
// cheap queries (a filter matching few rows) take more of them.
#include "exact_search.hpp"

#include <atomic>
#include <thread>

#include "progress.hpp"

namespace vecsearch::bench {

std::vector<float>
BaseInverseNorms(const Dataset &dataset, const DistanceFunction &distance)
{
	std::vector<float> inverse_norms(dataset.load_rows);
	for (std::uint64_t row = 0; row < dataset.load_rows; row++)
		inverse_norms[row] = distance.InverseNorm(dataset.BaseRow(row));
	return inverse_norms;
}

float
QueryRowDistance(const Dataset &dataset, const DistanceFunction &distance, std::uint64_t query, std::uint64_t row)
{
	const float *query_row = dataset.QueryRow(query);
	const float *base_row = dataset.BaseRow(row);
	return distance(query_row, distance.InverseNorm(query_row), base_row, distance.InverseNorm(base_row));
}

std::size_t
TopK::TakeNearestFirst(std::int32_t *out)
{
	const std::size_t size = heap_.size();
	// Pop farthest first; fill from the back so the row is nearest first.
	for (std::size_t i = size; i > 0; i--) {
		out[i - 1] = heap_.top().second;
		heap_.pop();
	}
	return size;
}

void
ForEachQuery(std::uint64_t queries, std::uint32_t threads, const std::string &what,
             const std::function<void(std::uint64_t query)> &work)
{
	if (threads == 0)
		threads = std::max(1u, std::thread::hardware_concurrency());
	std::atomic<std::uint64_t> next_query{0};
	std::atomic<std::uint64_t> done{0};
	Progress progress(what, queries, "queries");
	auto worker = [&]() {
		for (;;) {
			const std::uint64_t q = next_query.fetch_add(1);
			if (q >= queries)
				break;
			work(q);
			progress.Update(done.fetch_add(1) + 1);
		}
	};
	std::vector<std::thread> pool;
	for (std::uint32_t t = 0; t < threads; t++)
		pool.emplace_back(worker);
	for (std::thread &thread : pool)
		thread.join();
	progress.Finish(queries);
}

} // namespace vecsearch::bench
