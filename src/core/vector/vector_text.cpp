// Parsing of the vector text form. It leans on strtof, which PostgreSQL always runs in the C locale for
// LC_NUMERIC, so "1.5" means the same on every server.
#include "core/vector/vector_text.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

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

Status
SyntaxError(const char *text) noexcept
{
	return Status::Error(ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type vector: \"%s\"", text);
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
	*dims = 0;
	const char *p = SkipSpace(text);
	if (*p != '[')
		return SyntaxError(text);
	p = SkipSpace(p + 1);

	std::size_t count = 0;
	if (*p != ']') {
		for (;;) {
			// strtof would skip leading white space itself, but also accepts an empty field as an error only
			// by not moving; check the start explicitly so "[,1]" and "[1,,2]" are syntax errors.
			if (*p == ',' || *p == ']' || *p == '\0')
				return SyntaxError(text);
			char *end = nullptr;
			errno = 0;
			const float value = std::strtof(p, &end);
			if (end == p)
				return SyntaxError(text);
			// Overflow is an error; underflow to zero or a denormal is not (as for float4in).
			if (errno == ERANGE && std::isinf(value))
				return Status::Error(ErrorCode::kNumericOutOfRange, "\"%.*s\" is out of range for type vector",
				                     static_cast<int>(end - p), p);
			if (std::isnan(value))
				return Status::Error(ErrorCode::kDataException, "NaN not allowed in vector");
			if (std::isinf(value))
				return Status::Error(ErrorCode::kDataException, "infinite value not allowed in vector");
			if (count >= static_cast<std::size_t>(kVectorMaxDims))
				return Status::Error(ErrorCode::kProgramLimitExceeded, "vector cannot have more than %d dimensions",
				                     kVectorMaxDims);
			if (count >= out.size())
				return Status::Error(ErrorCode::kInternal, "vector text buffer too small");
			out[count++] = value;

			p = SkipSpace(end);
			if (*p == ',') {
				p = SkipSpace(p + 1);
				continue;
			}
			if (*p == ']')
				break;
			return SyntaxError(text);
		}
	}
	p = SkipSpace(p + 1);
	if (*p != '\0')
		return SyntaxError(text);
	if (count == 0)
		return Status::Error(ErrorCode::kDataException, "vector must have at least 1 dimension");
	*dims = count;
	return Status::Ok();
}

} // namespace vecsearch
