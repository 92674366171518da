// A float as PostgreSQL's float4out prints it (extra_float_digits at its default): the shortest decimal that
// reads back as the same float, fixed-point when its decimal exponent is in [-4, 6), else "d.ddde+XX". The core
// needs it where a message quotes a number it computed rather than one it read (halfvec's out-of-range error);
// the glue prints values with PostgreSQL's own routine.
#pragma once

#include <cstddef>

namespace vecsearch {

inline constexpr std::size_t kShortestFloatTextLength = 32;

// Writes the text (not NUL-terminated) to `out`, which holds kShortestFloatTextLength bytes; returns its length.
// Finite values only.
std::size_t ShortestFloatText(float value, char *out) noexcept;

} // namespace vecsearch
