// Parsing of the text form of vector and halfvec. It leans on strtof, which PostgreSQL always runs in the C locale for
// LC_NUMERIC, so "1.5" means the same on every server.
#include "core/vector/vector_text.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace vecsearch {

const char *
SkipVectorSpace(const char *p) noexcept
{
	// The characters PostgreSQL's scanner treats as white space (scanner_isspace).
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
		p++;
	return p;
}

namespace {

// The messages of one type's parser, pgvector's wording for that type.
struct TextNames {
	const char *syntax_before; // invalid input syntax for type T: "<input>"
	const char *range_after;   // "<number>" is out of range for type T
	const char *empty;
	const char *too_many; // one %d: the limit
	const char *nan;
	const char *infinite;
};

constexpr TextNames kVectorNames{"invalid input syntax for type vector: \"",
                                 "\" is out of range for type vector",
                                 "vector must have at least 1 dimension",
                                 "vector cannot have more than %d dimensions",
                                 "NaN not allowed in vector",
                                 "infinite value not allowed in vector"};
constexpr TextNames kHalfVectorNames{"invalid input syntax for type halfvec: \"",
                                     "\" is out of range for type halfvec",
                                     "halfvec must have at least 1 dimension",
                                     "halfvec cannot have more than %d dimensions",
                                     "NaN not allowed in halfvec",
                                     "infinite value not allowed in halfvec"};

// pgvector's syntax error: the whole input, quoted, with an optional DETAIL.
Status
SyntaxError(const TextNames &names, const char *text) noexcept
{
	return Status::Quoting(ErrorCode::kInvalidTextRepresentation, names.syntax_before, text, "\"");
}

// Elements as a float vector stores them.
struct FloatElements {
	static Status Store(const TextNames &, float value, std::string_view, float *out) noexcept
	{
		*out = value;
		return Status::Ok();
	}
};

// Elements as a halfvec stores them: a finite number beyond half's range is out of range, quoted as it was
// written (as pgvector does: "65520", "1e10").
struct HalfElements {
	static Status Store(const TextNames &names, float value, std::string_view token, HalfBits *out) noexcept
	{
		*out = FloatToHalf(value);
		if (HalfIsInf(*out) && !std::isinf(value))
			return Status::Quoting(ErrorCode::kNumericOutOfRange, "\"", token, names.range_after);
		return Status::Ok();
	}
};

template <typename Elements, typename Element>
Status
ParseText(const TextNames &names, const char *text, std::span<Element> out, std::size_t *dims) noexcept
{
	// The checks come in pgvector's order, so that an input with several faults gets pgvector's error.
	*dims = 0;
	const char *p = SkipVectorSpace(text);
	if (*p != '[')
		return SyntaxError(names, text).WithDetail("Vector contents must start with \"[\".");
	p = SkipVectorSpace(p + 1);
	if (*p == ']')
		return Status::Error(ErrorCode::kDataException, names.empty);

	std::size_t count = 0;
	for (;;) {
		if (count >= static_cast<std::size_t>(kVectorMaxDims))
			return Status::Error(ErrorCode::kProgramLimitExceeded, names.too_many, kVectorMaxDims);
		p = SkipVectorSpace(p);
		// strtof skips leading white space and signs a failure only by not moving: an empty field ("[1,,2]",
		// "[1,]") is caught here or by that.
		if (*p == '\0')
			return SyntaxError(names, text);
		char *end = nullptr;
		errno = 0;
		const float value = std::strtof(p, &end);
		if (end == p)
			return SyntaxError(names, text);
		// Overflow is an error; underflow to zero or a denormal is not (as for float4in).
		if (errno == ERANGE && std::isinf(value))
			return Status::Quoting(ErrorCode::kNumericOutOfRange, "\"", std::string_view(p, end - p),
			                       names.range_after);
		if (count >= out.size())
			return Status::Error(ErrorCode::kInternal, "vector text buffer too small");
		if (Status stored = Elements::Store(names, value, std::string_view(p, end - p), &out[count]); !stored.ok())
			return stored;
		if (std::isnan(value))
			return Status::Error(ErrorCode::kDataException, names.nan);
		if (std::isinf(value))
			return Status::Error(ErrorCode::kDataException, names.infinite);
		count++;

		p = SkipVectorSpace(end);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == ']')
			break;
		return SyntaxError(names, text);
	}
	p = SkipVectorSpace(p + 1);
	if (*p != '\0')
		return SyntaxError(names, text).WithDetail("Junk after closing right brace.");
	*dims = count;
	return Status::Ok();
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
	return ParseText<FloatElements>(kVectorNames, text, out, dims);
}

Status
ParseHalfVectorText(const char *text, std::span<HalfBits> out, std::size_t *dims) noexcept
{
	return ParseText<HalfElements>(kHalfVectorNames, text, out, dims);
}

} // namespace vecsearch
