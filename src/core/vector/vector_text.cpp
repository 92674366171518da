// Parsing of the vector text form. It leans on strtof, which PostgreSQL always runs in the C locale for
// LC_NUMERIC, so "1.5" means the same on every server.
#include "core/vector/vector_text.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace vecsearch {

namespace {

// The characters PostgreSQL's scanner treats as white space (scanner_isspace).
bool
IsVectorSpace(char c) noexcept
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

const char *
SkipSpace(const char *p) noexcept
{
	while (IsVectorSpace(*p))
		p++;
	return p;
}

// pgvector's syntax error: the whole input, quoted, with an optional DETAIL.
Status
SyntaxError(const char *text) noexcept
{
	return Status::Quoting(ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type vector: \"", text,
	                       "\"");
}

} // namespace

std::size_t
VectorTextElementBound(const char *text) noexcept
{
	std::size_t commas = 0;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == ',' && ++commas >= static_cast<std::size_t>(kVectorMaxDims))
			break;
	}
	return commas + 1;
}

Status
ParseVectorText(const char *text, std::span<float> out, std::size_t *dims) noexcept
{
	// The checks come in pgvector's order, so that an input with several faults gets pgvector's error.
	*dims = 0;
	const char *p = SkipSpace(text);
	if (*p != '[')
		return SyntaxError(text).WithDetail("Vector contents must start with \"[\".");
	p = SkipSpace(p + 1);
	if (*p == ']')
		return Status::Error(ErrorCode::kDataException, "vector must have at least 1 dimension");

	std::size_t count = 0;
	for (;;) {
		if (count >= static_cast<std::size_t>(kVectorMaxDims))
			return Status::Error(ErrorCode::kProgramLimitExceeded, "vector cannot have more than %d dimensions",
			                     kVectorMaxDims);
		p = SkipSpace(p);
		// strtof skips leading white space and signs a failure only by not moving: an empty field ("[1,,2]",
		// "[1,]") is caught here or by that.
		if (*p == '\0')
			return SyntaxError(text);
		char *end = nullptr;
		errno = 0;
		const float value = std::strtof(p, &end);
		if (end == p)
			return SyntaxError(text);
		// Overflow is an error; underflow to zero or a denormal is not (as for float4in).
		if (errno == ERANGE && std::isinf(value))
			return Status::Quoting(ErrorCode::kNumericOutOfRange, "\"", std::string_view(p, end - p),
			                       "\" is out of range for type vector");
		if (std::isnan(value))
			return Status::Error(ErrorCode::kDataException, "NaN not allowed in vector");
		if (std::isinf(value))
			return Status::Error(ErrorCode::kDataException, "infinite value not allowed in vector");
		if (count >= out.size())
			return Status::Error(ErrorCode::kInternal, "vector text buffer too small");
		out[count++] = value;

		p = SkipSpace(end);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == ']')
			break;
		return SyntaxError(text);
	}
	p = SkipSpace(p + 1);
	if (*p != '\0')
		return SyntaxError(text).WithDetail("Junk after closing right brace.");
	*dims = count;
	return Status::Ok();
}

} // namespace vecsearch
