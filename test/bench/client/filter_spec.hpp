// The filters of the filtered phase, by their --filters spelling: "none" (no condition), "in:N" (cat = ANY of
// N of the 1000 categories: selectivity N/1000) and "anti" (the tenth of the rows farthest along the data's
// first principal direction from the query). Says which rows match and how the condition is spelled in SQL;
// the column values themselves are filter_columns.hpp's.
#pragma once

#include <cstdint>
#include <string>

namespace vecsearch::bench {

// cat takes the values 0..kCategories-1, anti the deciles 0..kDeciles-1.
constexpr std::int32_t kCategories = 1000;
constexpr std::int32_t kDeciles = 10;

struct FilterSpec {
	enum class Kind { kNone, kIn, kAnti };

	Kind kind = Kind::kNone;
	std::uint32_t in_count = 0; // N of in:N; divides kCategories
	std::string text;           // as spelled on the command line

	// For in:N: query q matches the categories base, base + step, ... with step = 1000 / N, base = q % step,
	// so consecutive queries cover different categories and together all of them.
	std::int32_t Step() const { return kCategories / static_cast<std::int32_t>(in_count); }
	std::int32_t Base(std::uint64_t query) const { return static_cast<std::int32_t>(query % Step()); }

	// The WHERE condition over $2 ("true" for none, which has no $2).
	std::string Condition() const;
	bool HasParameter() const { return kind != Kind::kNone; }
	// The type of $2: int4[] for in:N, int4 for anti (built-in oids, the same on every server).
	std::uint32_t ParameterType() const { return kind == Kind::kIn ? 1007 : 23; }
	// The text form of $2 for a query: "{3,13,23}" for in:N, the opposite decile for anti.
	std::string ParameterText(std::uint64_t query, std::int32_t opposite_decile) const;
	// Whether a row with these column values meets the condition for the query.
	bool Matches(std::int32_t cat, std::int32_t anti, std::uint64_t query, std::int32_t opposite_decile) const;
};

// "none", "anti", or "in:N" with N in 1..1000 dividing 1000; false for anything else.
bool ParseFilterSpec(const std::string &text, FilterSpec *out);

} // namespace vecsearch::bench
