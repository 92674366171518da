// A run's results as files: <out>.json (every measurement and the exact parameters, machine and server) and
// <out>.md (the same as markdown tables). The plot is plot.hpp's job.
#pragma once

#include <string>

#include "json.hpp"
#include "options.hpp"
#include "results.hpp"

namespace vecsearch::bench {

std::string ReportJson(const RunReport &report, const BenchOptions &options);
// The same as a value, for a report that adds members of its own (the filtered phase's).
JsonValue ReportJsonValue(const RunReport &report, const BenchOptions &options);
std::string ReportMarkdown(const RunReport &report, const BenchOptions &options);

// Writes `text` to `path` (creating its folder); throws BenchError on failure.
void WriteTextFile(const std::string &path, const std::string &text);

} // namespace vecsearch::bench
