// Readers for the .fvecs / .ivecs files of the ANN benchmark data sets (../shared/datasets): per row an
// int32 little-endian dimension d, then d float32 (or int32) values. Used by tests, tools and benchmarks;
// never by the server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/status.hpp"

namespace vecsearch {

template <typename T> struct VecsFile {
	std::size_t rows = 0;
	std::size_t dims = 0;
	std::vector<T> values; // rows * dims, row-major

	const T *Row(std::size_t row) const noexcept { return values.data() + row * dims; }
};

// Reads at most `max_rows` rows (all when 0). Every row must have the first row's dimension.
Status ReadFvecs(const std::string &path, std::size_t max_rows, VecsFile<float> *out);
Status ReadIvecs(const std::string &path, std::size_t max_rows, VecsFile<std::int32_t> *out);

} // namespace vecsearch
