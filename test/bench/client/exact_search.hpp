// Brute-force exact search, what the plain and the filtered ground truth share: the distance of a query to a
// loaded row, the k nearest of the rows offered, the loop over the queries on several threads, and the count
// recall is made of. Both measure with the same kernels as recall does, so a returned row that ties with
// the k-th neighbour is never judged by a different rounding.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "dataset.hpp"
#include "metric.hpp"

namespace vecsearch::bench {

// Every loaded row's inverse norm, computed once rather than once per query.
std::vector<float> BaseInverseNorms(const Dataset &dataset, const DistanceFunction &distance);

// The exact distance from query `query` to loaded row `row`.
float QueryRowDistance(const Dataset &dataset, const DistanceFunction &distance, std::uint64_t query,
                       std::uint64_t row);

// The k nearest of the rows offered: a max-heap ordered by (distance, id), so ties go to the lower id.
// Offer is inline: it runs once per (query, row) pair of a brute-force pass.
class TopK {
public:
	explicit TopK(std::uint32_t k) : k_(k) {}

	void Offer(float distance, std::int32_t row)
	{
		const Entry entry(distance, row);
		if (heap_.size() < k_)
			heap_.push(entry);
		else if (entry < heap_.top()) {
			heap_.pop();
			heap_.push(entry);
		}
	}

	// Writes the rows kept into out[0, size), nearest first, and empties the heap. Returns how many (at most
	// k; fewer when fewer were offered, and then out's tail is left as it was).
	std::size_t TakeNearestFirst(std::int32_t *out);

private:
	using Entry = std::pair<float, std::int32_t>;

	std::uint32_t k_;
	std::priority_queue<Entry> heap_;
};

// Calls work(q) once for each query q in [0, queries), spread over `threads` threads (0: one per CPU), with a
// progress line "<what>: done/total queries". work must be thread-safe across different queries.
void ForEachQuery(std::uint64_t queries, std::uint32_t threads, const std::string &what,
                  const std::function<void(std::uint64_t query)> &work);

// The count recall is made of: the distinct ids among ids[0, count) that are loaded rows, pass keep(row) and
// lie at most `threshold` from the query (so rows tied with the last true neighbour count, whichever of them
// the index returned).
template <typename Keep>
std::uint32_t
CountWithin(const Dataset &dataset, const DistanceFunction &distance, std::uint64_t query, const std::int64_t *ids,
            std::uint32_t count, float threshold, Keep keep)
{
	const float *query_row = dataset.QueryRow(query);
	const float query_inverse_norm = distance.InverseNorm(query_row);
	std::uint32_t hits = 0;
	for (std::uint32_t i = 0; i < count; i++) {
		const std::int64_t id = ids[i];
		if (id < 0 || static_cast<std::uint64_t>(id) >= dataset.load_rows || std::find(ids, ids + i, id) != ids + i ||
		    !keep(static_cast<std::uint64_t>(id)))
			continue;
		const float *row = dataset.BaseRow(static_cast<std::uint64_t>(id));
		if (distance(query_row, query_inverse_norm, row, distance.InverseNorm(row)) <= threshold)
			hits++;
	}
	return hits;
}

} // namespace vecsearch::bench
