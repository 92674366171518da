// The planner's cost model of an hnsw scan (core/hnsw/scan_cost.hpp).
#include <gtest/gtest.h>

#include "core/hnsw/scan_cost.hpp"

namespace vecsearch::hnsw {
namespace {

ScanCostInput
Input(double rows, double row_cost, bool out_of_line = false, int ef_search = 40)
{
	ScanCostInput in;
	in.index_tuples = rows;
	in.row_cost = row_cost;
	in.vectors_out_of_line = out_of_line;
	in.ef_search = ef_search;
	return in;
}

// What a LIMIT 10 over the scan costs: the planner interpolates between startup and total.
double
Limit10(const ScanCostInput &in)
{
	const ScanCostEstimate cost = EstimateScanCost(in);
	return cost.startup + (cost.total - cost.startup) * 10.0 / in.index_tuples;
}

TEST(HnswScanCost, ASearchMeetsAboutMTimesEfElementsOfALargeIndexAndMostOfASmallOne)
{
	EXPECT_NEAR(EstimateScanCost(Input(1e8, 0.02)).visits, 16 * (40 + kReachPastEf), 1.0);
	EXPECT_NEAR(EstimateScanCost(Input(50, 0.02)).visits, 50, 0.01);
	double last = 0;
	for (double rows : {1e3, 1e4, 1e5, 1e6}) {
		const double visits = EstimateScanCost(Input(rows, 0.02)).visits;
		EXPECT_GT(visits, last);
		last = visits;
	}
	EXPECT_GT(EstimateScanCost(Input(1e6, 0.02, false, 200)).visits, last);
}

TEST(HnswScanCost, ReadingEveryRowCostsASearchPerEfSearchRows)
{
	const ScanCostEstimate cost = EstimateScanCost(Input(100000, 0.02));
	EXPECT_DOUBLE_EQ(cost.total, cost.startup * 100000 / 40);
	const ScanCostEstimate tiny = EstimateScanCost(Input(10, 0.02));
	EXPECT_DOUBLE_EQ(tiny.total, tiny.startup);
	EXPECT_GT(EstimateScanCost(Input(0, 0.02)).startup, 0); // an empty table's index still costs its setup
}

// Points measured by test/bench/results/planner-calibration.sh (2026-12-06, BENCHMARKS.md): rows, the
// sequential scan's per-row charge, where the vectors live, what the planner charged the sequential scan
// plus sort for ORDER BY ... LIMIT 10, and which plan was faster. The model must pick the faster one.
struct Measured {
	double rows;
	double row_cost;
	bool out_of_line;
	double seq_cost;
	bool index_faster;
};

TEST(HnswScanCost, PicksTheFasterPlanAtMeasuredPoints)
{
	const Measured points[] = {
	    {1000, 0.0225, false, 44.1, true},     // 8-d: 0.120 ms vs 0.229 ms
	    {5000, 0.0219, false, 217.6, true},    // 8-d: 0.155 vs 1.10
	    {2000, 0.0840, false, 211.2, true},    // 128-d: 0.286 vs 0.460
	    {5000, 0.0841, false, 528.6, true},    // 128-d: 0.43 vs 1.10
	    {1000, 0.0205, true, 42.1, true},      // 768-d, TOAST: 0.38 vs 2.80
	    {1000000, 0.0218, false, 24559, true}, // 8-d: 14 vs 125
	};
	for (const Measured &point : points) {
		const double index = Limit10(Input(point.rows, point.row_cost, point.out_of_line));
		EXPECT_EQ(index < point.seq_cost, point.index_faster)
		    << point.rows << " rows: index " << index << " vs sequential scan " << point.seq_cost;
	}
	// ef_search 200 over 1,000 rows of 8-d: the search meets nearly every row, and the sort is faster
	// (0.277 vs 0.228 ms).
	EXPECT_GT(Limit10(Input(1000, 0.0225, false, 200)), 44.1);
}

} // namespace
} // namespace vecsearch::hnsw
