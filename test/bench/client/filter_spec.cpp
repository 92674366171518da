// Filter specs: parsing, the SQL condition and its parameter, and the same condition evaluated in the client
// for the exact ground truth. The two must agree row for row, so both are written next to each other here.
#include "filter_spec.hpp"

#include <cerrno>
#include <cstdlib>

namespace vecsearch::bench {

bool
ParseFilterSpec(const std::string &text, FilterSpec *out)
{
	*out = FilterSpec();
	out->text = text;
	if (text == "none") {
		out->kind = FilterSpec::Kind::kNone;
		return true;
	}
	if (text == "anti") {
		out->kind = FilterSpec::Kind::kAnti;
		return true;
	}
	if (text.rfind("in:", 0) != 0 || text.size() < 4 || text[3] < '1' || text[3] > '9')
		return false;
	errno = 0;
	char *end = nullptr;
	const unsigned long count = std::strtoul(text.c_str() + 3, &end, 10);
	if (errno != 0 || *end != '\0' || count < 1 || count > static_cast<unsigned long>(kCategories) ||
	    kCategories % static_cast<std::int32_t>(count) != 0)
		return false;
	out->kind = FilterSpec::Kind::kIn;
	out->in_count = static_cast<std::uint32_t>(count);
	return true;
}

std::string
FilterSpec::Condition() const
{
	switch (kind) {
	case Kind::kNone: return "true";
	case Kind::kIn: return "cat = ANY($2::int4[])";
	case Kind::kAnti: return "anti = $2";
	}
	return "true";
}

std::string
FilterSpec::ParameterText(std::uint64_t query, std::int32_t opposite_decile) const
{
	if (kind == Kind::kAnti)
		return std::to_string(opposite_decile);
	if (kind != Kind::kIn)
		return "";
	std::string list = "{";
	const std::int32_t step = Step();
	for (std::int32_t cat = Base(query); cat < kCategories; cat += step) {
		if (list.size() > 1)
			list += ',';
		list += std::to_string(cat);
	}
	return list + "}";
}

bool
FilterSpec::Matches(std::int32_t cat, std::int32_t anti, std::uint64_t query, std::int32_t opposite_decile) const
{
	switch (kind) {
	case Kind::kNone: return true;
	case Kind::kIn: return cat % Step() == Base(query);
	case Kind::kAnti: return anti == opposite_decile;
	}
	return false;
}

} // namespace vecsearch::bench
