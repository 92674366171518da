// The planner's estimate of an hnsw index scan, in the planner's cost units. The index competes with a
// sequential scan plus a sort, so it is priced in what that plan is charged per row of the same table: a
// search costs about kVisitCost sequential-scan rows per element it measures. Calibrated against measured
// times over 1,000 to 1,000,000 rows of 8 to 1,536 dimensions (BENCHMARKS.md, "Planner calibration";
// test/bench/results/planner-calibration.sh). Pure arithmetic; PostgreSQL gathers the inputs (hnsw_am.cpp).
#pragma once

#include <algorithm>
#include <cmath>

namespace vecsearch::hnsw {

struct ScanCostInput {
	double index_tuples = 0; // rows in the index (fewer than the table's for a partial index)
	// What a sequential scan is charged per row of the table: its share of the heap's pages, one tuple and one
	// distance (seq_page_cost * pages / rows + cpu_tuple_cost + cpu_operator_cost).
	double row_cost = 0;
	// The vectors live in TOAST. A sequential scan then detoasts every one, which its cost leaves out (it counts
	// heap pages only), while the index holds the vectors on its own pages: a visit costs fewer "rows".
	bool vectors_out_of_line = false;
	int m = 16;
	int ef_search = 40;
	// Fraction of the index's rows that meet the scan's conditions on filter columns (1 without any). A
	// filtered search walks on until it holds ef_search rows that match: about as far as an unfiltered search
	// for ef_search / selectivity rows.
	double filter_selectivity = 1.0;
};

struct ScanCostEstimate {
	double visits = 0;  // elements the first search measures
	double startup = 0; // the first search: every row of the first batch waits for it
	double total = 0;   // every row: one search per ef_search rows (iterative scans widen batch by batch)
};

// A search of a large index measures about m * (ef_search + 25) elements (glove-100 at m 16: 1,019 at
// ef_search 40, 3,064 at 160, 6,505 at 400); a small index has fewer to offer, and a search meets most of
// them: n * (1 - exp(-reach / n)) approaches reach for large n and n for small.
inline constexpr double kReachPastEf = 25;
// Measured time per visited element over time per sequential-scan row, each in its plan's cost units:
// 1.4-2.6 with vectors in line (8 and 128 dimensions), 0.4-1.4 out of line (768 and 1,536), the low ends at
// small tables.
inline constexpr double kVisitCostInLine = 2.0;
inline constexpr double kVisitCostOutOfLine = 0.6;
// The scan's own start (metapage, scan state), about as much as a few dozen rows.
inline constexpr double kScanSetupCost = 5;

inline ScanCostEstimate
EstimateScanCost(const ScanCostInput &in)
{
	const double n = std::max(in.index_tuples, 1.0);
	const double ef = std::max(in.ef_search, 1);
	const double selectivity = std::clamp(in.filter_selectivity, 1.0 / n, 1.0);
	const double reach = std::max(in.m, 2) * (ef / selectivity + kReachPastEf);
	ScanCostEstimate out;
	out.visits = n * -std::expm1(-reach / n);
	const double visit_cost = in.vectors_out_of_line ? kVisitCostOutOfLine : kVisitCostInLine;
	out.startup = kScanSetupCost + out.visits * visit_cost * std::max(in.row_cost, 0.0);
	out.total = out.startup * std::max(1.0, n * selectivity / ef);
	return out;
}

} // namespace vecsearch::hnsw
