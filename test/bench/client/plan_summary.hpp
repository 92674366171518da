// EXPLAIN output in short, for a results table: which nodes a plan has and what each scan checks. The filtered
// phase records the planner's choice (an hnsw walk with the filter in its Index Cond, an hnsw walk with the
// filter applied afterwards, a btree or bitmap scan and a sort, a sequential scan) as part of what it measures.
#pragma once

#include <string>
#include <vector>

namespace vecsearch::bench {

// The plan's nodes outermost first, joined by " > ", "Limit" left out (every plan here has it); a scan node
// followed by its Index Cond and Filter in parentheses. E.g. "Index Scan using t_v_hnsw_idx on t (Index Cond:
// (cat = ANY ('...'::integer[])))" or "Sort > Bitmap Heap Scan on t > Bitmap Index Scan on t_cat_btree (Index
// Cond: (cat = ANY ($2)))".
std::string SummarizePlan(const std::vector<std::string> &lines);

// `text` with every quoted literal longer than a few dozen characters replaced by '...' (a query vector, a
// long array), so plans stay readable and result files small.
std::string ShortenLiterals(const std::string &text);

} // namespace vecsearch::bench
