// The filtered phase's results as files of their own: its markdown section and JSON members, added to the
// run header the other phases' report has (machine, server, data set, parameters).
#pragma once

#include <string>

#include "json.hpp"
#include "options.hpp"
#include "phases.hpp"

namespace vecsearch::bench {

// "## filtered queries" with the table's indexes, the filter columns' definition and the runs' table.
std::string FilteredMarkdown(const FilteredPhaseResult &phase, const BenchOptions &options);

// Adds "filter_columns", "indexes", "filtered_ground_truth" and "filtered" (one object per run) to a report.
void AddFilteredJson(const FilteredPhaseResult &phase, const BenchOptions &options, JsonValue *root);

} // namespace vecsearch::bench
