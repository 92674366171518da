// ParseVectorText: accepted forms, every class of rejected input and its error code, and the limits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/vector/float_text.hpp"
#include "core/vector/half.hpp"
#include "core/vector/vector_text.hpp"

namespace vecsearch {
namespace {

struct Parsed {
	Status status;
	std::vector<float> values;
};

Parsed
Parse(const std::string &text)
{
	std::size_t bound = VectorTextElementBound(text.c_str());
	if (bound > static_cast<std::size_t>(kVectorMaxDims))
		bound = kVectorMaxDims;
	Parsed parsed;
	parsed.values.resize(bound);
	std::size_t dims = 0;
	parsed.status = ParseVectorText(text.c_str(), parsed.values, &dims);
	parsed.values.resize(parsed.status.ok() ? dims : 0);
	return parsed;
}

TEST(VectorText, ParsesPlainAndSpacedForms)
{
	EXPECT_EQ(Parse("[1,2,3]").values, (std::vector<float>{1, 2, 3}));
	EXPECT_EQ(Parse(" [ 1 ,\t-2.5 ,\n3e2 ] ").values, (std::vector<float>{1, -2.5f, 300}));
	EXPECT_EQ(Parse("[+1,0x10,1e-50]").values, (std::vector<float>{1, 16, 0}));
}

TEST(VectorText, RejectsMalformedTextAsSyntaxErrors)
{
	for (const char *text : {"1,2", "", "[", "[1,2", "[1,,2]", "[1 2]", "[1,2]x", "[a]", "[1e]", "[,1]", "[1,]", "]",
	                         "[1]]", "[[1]]", "[1;2]"}) {
		const Parsed parsed = Parse(text);
		EXPECT_EQ(parsed.status.code(), ErrorCode::kInvalidTextRepresentation) << text;
		EXPECT_NE(std::string(parsed.status.message()).find("invalid input syntax for type vector"), std::string::npos);
	}
}

TEST(VectorText, RejectsEmptyNonFiniteAndOutOfRangeValues)
{
	EXPECT_EQ(Parse("[]").status.code(), ErrorCode::kDataException);
	EXPECT_EQ(Parse("[ ]").status.code(), ErrorCode::kDataException);
	EXPECT_EQ(Parse("[NaN]").status.code(), ErrorCode::kDataException);
	EXPECT_EQ(Parse("[1,-Infinity]").status.code(), ErrorCode::kDataException);
	EXPECT_EQ(Parse("[1e39]").status.code(), ErrorCode::kNumericOutOfRange);
	EXPECT_EQ(Parse("[-3.5e38]").status.code(), ErrorCode::kNumericOutOfRange);
}

TEST(VectorText, EnforcesTheDimensionLimit)
{
	std::string text = "[";
	for (int i = 0; i < kVectorMaxDims; i++)
		text += i == 0 ? "1" : ",1";
	EXPECT_EQ(Parse(text + "]").values.size(), static_cast<std::size_t>(kVectorMaxDims));
	EXPECT_EQ(Parse(text + ",1]").status.code(), ErrorCode::kProgramLimitExceeded);
}

TEST(VectorText, GivesPgvectorsDetailLinesInItsOrderOfChecks)
{
	EXPECT_STREQ(Parse("1,2").status.detail(), "Vector contents must start with \"[\".");
	EXPECT_STREQ(Parse("").status.detail(), "Vector contents must start with \"[\".");
	EXPECT_STREQ(Parse("[1,2]x").status.detail(), "Junk after closing right brace.");
	EXPECT_EQ(Parse("[1 2]").status.detail(), nullptr);
	// Empty before junk; too many elements before a NaN.
	EXPECT_EQ(Parse("[ ]x").status.code(), ErrorCode::kDataException);
	std::string text = "[";
	for (int i = 0; i < kVectorMaxDims; i++)
		text += "1,";
	EXPECT_EQ(Parse(text + "nan]").status.code(), ErrorCode::kProgramLimitExceeded);
}

TEST(VectorText, QuotesTheWholeInputHoweverLong)
{
	const std::string long_text = "[1,2," + std::string(1000, 'x') + "]";
	const Parsed syntax = Parse(long_text);
	ASSERT_TRUE(syntax.status.Quotes());
	EXPECT_EQ(syntax.status.Quoted(), long_text);
	EXPECT_STREQ(syntax.status.QuotedBefore(), "invalid input syntax for type vector: \"");
	EXPECT_STREQ(syntax.status.QuotedAfter(), "\"");
	const std::string number = "1e" + std::string(400, '9');
	const std::string range_text = "[" + number + "]"; // the status quotes it: it must outlive the status
	const Parsed range = Parse(range_text);
	EXPECT_EQ(range.status.code(), ErrorCode::kNumericOutOfRange);
	EXPECT_EQ(range.status.Quoted(), number);
	EXPECT_STREQ(range.status.QuotedAfter(), "\" is out of range for type vector");
}

TEST(VectorText, PrintsFloatsAsFloat4outDoes)
{
	const auto text = [](float value) {
		char out[kShortestFloatTextLength];
		return std::string(out, ShortestFloatText(value, out));
	};
	// Expected values are PostgreSQL 15's real output (SELECT x::real).
	EXPECT_EQ(text(65520.0f), "65520");
	EXPECT_EQ(text(100000.0f), "100000");
	EXPECT_EQ(text(1234567.0f), "1.234567e+06");
	EXPECT_EQ(text(1e10f), "1e+10");
	EXPECT_EQ(text(-70000.5f), "-70000.5");
	EXPECT_EQ(text(0.0001f), "0.0001");
	EXPECT_EQ(text(0.00001f), "1e-05");
	EXPECT_EQ(text(1.5f), "1.5");
	EXPECT_EQ(text(3.4028235e38f), "3.4028235e+38");
	EXPECT_EQ(text(123456.7f), "123456.7");
	EXPECT_EQ(text(0.0f), "0");
}

TEST(HalfVectorText, ParsesRoundsAndRejectsWithHalfvecsMessages)
{
	std::vector<HalfBits> out(8);
	std::size_t dims = 0;
	ASSERT_TRUE(ParseHalfVectorText("[1,2.5,-3, 65504, 1e-8]", out, &dims).ok());
	ASSERT_EQ(dims, 5u);
	EXPECT_EQ(HalfToFloat(out[1]), 2.5f);
	EXPECT_EQ(HalfToFloat(out[3]), 65504.0f);
	EXPECT_EQ(HalfToFloat(out[4]), 0.0f); // below half the smallest subnormal
	EXPECT_EQ(HalfToFloat(FloatToHalf(0.1f)), 0.0999755859375f);

	const Status too_big = ParseHalfVectorText("[1,65520]", out, &dims);
	EXPECT_EQ(too_big.code(), ErrorCode::kNumericOutOfRange);
	EXPECT_STREQ(too_big.message(), "\"65520\" is out of range for type halfvec");
	EXPECT_TRUE(ParseHalfVectorText("[65519]", out, &dims).ok());
	EXPECT_STREQ(ParseHalfVectorText("[1e39]", out, &dims).message(), "\"1e39\" is out of range for type halfvec");
	EXPECT_STREQ(ParseHalfVectorText("[1e10]", out, &dims).message(), "\"1e10\" is out of range for type halfvec");
	EXPECT_STREQ(ParseHalfVectorText("[nan]", out, &dims).message(), "NaN not allowed in halfvec");
	EXPECT_STREQ(ParseHalfVectorText("[-inf]", out, &dims).message(), "infinite value not allowed in halfvec");
	EXPECT_STREQ(ParseHalfVectorText("[]", out, &dims).message(), "halfvec must have at least 1 dimension");
	EXPECT_STREQ(ParseHalfVectorText("[1,2]x", out, &dims).message(),
	             "invalid input syntax for type halfvec: \"[1,2]x\"");
	EXPECT_STREQ(ParseHalfVectorText("[1,2]x", out, &dims).detail(), "Junk after closing right brace.");
}

TEST(VectorText, ElementBoundNeverUnderestimates)
{
	EXPECT_EQ(VectorTextElementBound("[1]"), 1u);
	EXPECT_EQ(VectorTextElementBound("[1,2,3]"), 3u);
	EXPECT_EQ(VectorTextElementBound("garbage"), 1u);
	EXPECT_LE(VectorTextElementBound(std::string(100000, ',').c_str()), static_cast<std::size_t>(kVectorMaxDims) + 1);
}

} // namespace
} // namespace vecsearch
