// Pieces the report writers share (report.cpp for the run, filter_report.cpp for the filtered phase), so a
// number or a latency reads the same in every table and JSON member.
#pragma once

#include <string>
#include <vector>

#include "json.hpp"
#include "results.hpp"

namespace vecsearch::bench {

// One number with a printf format, e.g. Format("%.3f", 0.5).
std::string Format(const char *format, double value);

// {"mean_ms", "p50_ms", "p99_ms", "max_ms"}.
JsonValue LatencyJson(const LatencySummary &latency);

// A JSON array of strings.
JsonValue NameListJson(const std::vector<std::string> &names);

} // namespace vecsearch::bench
