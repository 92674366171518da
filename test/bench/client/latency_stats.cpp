// Latency percentiles by the nearest-rank method on the sorted samples (no interpolation: a reported p99 is
// a latency some query really had).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "results.hpp"

namespace vecsearch::bench {

namespace {

double
NearestRank(const std::vector<double> &sorted, double fraction)
{
	const auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
	return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

} // namespace

LatencySummary
Summarize(std::vector<double> *ms)
{
	LatencySummary summary;
	if (ms->empty())
		return summary;
	std::sort(ms->begin(), ms->end());
	summary.mean_ms = std::accumulate(ms->begin(), ms->end(), 0.0) / static_cast<double>(ms->size());
	summary.p50_ms = NearestRank(*ms, 0.50);
	summary.p99_ms = NearestRank(*ms, 0.99);
	summary.max_ms = ms->back();
	return summary;
}

} // namespace vecsearch::bench
