// Recall (x) against queries per second (y, log scale) for one or more result JSON files, as a gnuplot
// script beside the PNG; gnuplot is run when it is installed. One curve per file and client count.
#pragma once

#include <string>
#include <vector>

namespace vecsearch::bench {

// Writes <png without .png>.gp and, if gnuplot is found, `png_path`. Throws BenchError on unreadable or
// malformed input; a missing gnuplot is only reported (returns false), as the script is still useful.
bool WritePlot(const std::string &png_path, const std::vector<std::string> &json_paths);

} // namespace vecsearch::bench
