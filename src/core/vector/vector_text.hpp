// Parsing the text form of a float (or half) vector, "[1,2.5,-3e-05]": syntax, range, NaN/Inf and the dimension count
// are all checked here; it does not allocate. Output is left to the glue, which prints each element with
// PostgreSQL's own float4 routine so the text matches float4out (and pgvector) digit for digit.
#pragma once

#include <cstddef>
#include <span>

#include "core/common/status.hpp"
#include "core/vector/half.hpp"
#include "core/vector/vector_limits.hpp"

namespace vecsearch {

// Skips the characters PostgreSQL's scanner treats as white space (every vector type's text parser does).
const char *SkipVectorSpace(const char *p) noexcept;

// Upper bound on the number of elements ParseVectorText can produce for `text`, capped at kVectorMaxDims + 1
// (so a caller can size its buffer once without trusting the input).
std::size_t VectorTextElementBound(const char *text) noexcept;

// Parses a NUL-terminated "[a,b,...]" (whitespace allowed around numbers and brackets) into out[0..*dims).
// `out` must hold at least min(VectorTextElementBound(text), kVectorMaxDims) floats. Errors are pgvector's,
// checked in its order, DETAIL lines included; a syntax error quotes `text` whole and an out-of-range one the
// number (Status::Quoting: views into `text`).
Status ParseVectorText(const char *text, std::span<float> out, std::size_t *dims) noexcept;

// The same for halfvec ("[1,2.5]": each number read as float, then rounded to binary16), with halfvec's messages;
// a finite number beyond half's range (65520 and above) is out of range (22003), quoted as written, as pgvector
// reports it.
Status ParseHalfVectorText(const char *text, std::span<HalfBits> out, std::size_t *dims) noexcept;

} // namespace vecsearch
