// The planner's estimate of an hnsw index scan, in the planner's cost units. The index competes with a
// sequential scan plus a sort, so it is priced in what that plan is charged per row of the same table: a
// search costs about kVisitCost sequential-scan rows per element it measures. Calibrated against measured
// times over 1,000 to 1,000,000 rows of 8 to 1,536 dimensions (BENCHMARKS.md, "Planner calibration";
// test/bench/results/planner-calibration.sh). Pure arithmetic; PostgreSQL gathers the inputs (hnsw_am.cpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

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
	// filtered search walks on until it holds ef_search rows that match, routing through the others: the
	// rarer they are, the more elements it meets (kFilteredReachExponent).
	double filter_selectivity = 1.0;
	// The planner's price of a random page (random_page_cost): the plan a filtered walk competes with reads the
	// matching rows through a btree or bitmap, each charged about that, so the walk's extra visits are too.
	double random_page_cost = 4.0;
	// The filter narrows the filter codes beside the lists (an equality, IN or array condition on the first
	// filter column): the walk then goes two hops among matching elements, at a cost that hardly depends on
	// the selectivity (search.hpp).
	bool two_hop = false;
};

// The first batch of a filtered scan: ef_search / kFilteredFirstShare matching elements, at least
// kFilteredMinFirst (or ef_search when smaller). A filtered walk that must hold ef_search matching elements walks
// as far as an unfiltered search for ef_search / selectivity, while the LIMIT it serves is usually 10 and later
// batches bring more. glove-100 200k, ef_search 40: at 10 %, 4.1 ms and recall@10 1.0 with 40, 2.7 ms and 0.99
// with 20, 2.0 ms and 0.97 with 10; at 50 %, 2.0 / 1.5 / 1.4 ms with recall 0.998 / 0.968 / 0.937; at 1 % (two
// hops), 5.4 / 3.3 / 2.2 ms with 0.994 / 0.978 / 0.951. Half keeps recall above 0.95 at every selectivity.
inline constexpr std::size_t kFilteredFirstShare = 2;
inline constexpr std::size_t kFilteredMinFirst = 10;
inline std::size_t
FilteredFirstBatch(std::size_t ef_search)
{
	return std::max(std::min(ef_search, kFilteredMinFirst), ef_search / kFilteredFirstShare);
}

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
// A one-hop filtered walk meets about the unfiltered reach times selectivity^-0.6 (glove-100, 200k rows,
// ef_search 40: 836 elements unfiltered, 1,390 at 50 %, 3,294 at 10 %, over 20,000 at 1 %).
inline constexpr double kFilteredReachExponent = 0.6;
// What an element a filtered walk meets beyond an unfiltered one costs, in random pages: measured against the
// exact plan over a btree or bitmap it competes with, which PostgreSQL charges about 1.5-3.4 per row (glove-100,
// 400 to 7,000 matching rows), the walk's time per element is that of such a row, and the plans cross where the
// walk meets about as many elements as the filter matches rows.
inline constexpr double kFilteredVisitPages = 0.6;
// Elements a two-hop filtered walk measures or goes through per ef_search, and how rare matches add to them
// (glove-100, 200k rows, ef_search 40: 6,000-6,500 at selectivities from 10 % to 0.5 %, 10,400 at 0.1 %):
// kTwoHopVisitsPerEf * ef_search * (1 + kTwoHopRareMatches / selectivity).
inline constexpr double kTwoHopVisitsPerEf = 160;
inline constexpr double kTwoHopRareMatches = 0.0005;

inline ScanCostEstimate
EstimateScanCost(const ScanCostInput &in)
{
	const double n = std::max(in.index_tuples, 1.0);
	const double ef = std::max(in.ef_search, 1);
	const double selectivity = std::clamp(in.filter_selectivity, 1.0 / n, 1.0);
	const double reach = std::max(in.m, 2) * (ef + kReachPastEf);
	const double unfiltered_visits = n * -std::expm1(-reach / n);
	// A filtered walk's first batch holds FilteredFirstBatch matching elements.
	const double filtered_ef =
	    selectivity < 1.0 ? static_cast<double>(FilteredFirstBatch(static_cast<std::size_t>(ef))) : ef;
	const double filtered_reach = std::max(in.m, 2) * (filtered_ef + kReachPastEf);
	ScanCostEstimate out;
	out.visits = n * -std::expm1(-filtered_reach * std::pow(selectivity, -kFilteredReachExponent) / n);
	if (in.two_hop) {
		const double two_hop_reach = kTwoHopVisitsPerEf * filtered_ef * (1 + kTwoHopRareMatches / selectivity);
		out.visits = std::min(out.visits, n * -std::expm1(-two_hop_reach / n));
	}
	out.visits = std::max(out.visits, unfiltered_visits);
	const double visit_cost = in.vectors_out_of_line ? kVisitCostOutOfLine : kVisitCostInLine;
	out.startup = kScanSetupCost + unfiltered_visits * visit_cost * std::max(in.row_cost, 0.0) +
	              (out.visits - unfiltered_visits) * kFilteredVisitPages * std::max(in.random_page_cost, 0.0);
	out.total = out.startup * std::max(1.0, n * selectivity / ef);
	return out;
}

} // namespace vecsearch::hnsw
