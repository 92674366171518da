// JSON writing and a recursive-descent reader with a depth limit, so a damaged or hostile result file gives
// an error message, never a crash.
#include "json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace vecsearch::bench {

namespace {

constexpr int kMaxDepth = 64;

void
AppendEscaped(std::string *out, const std::string &text)
{
	out->push_back('"');
	for (char c : text) {
		switch (c) {
		case '"': *out += "\\\""; break;
		case '\\': *out += "\\\\"; break;
		case '\n': *out += "\\n"; break;
		case '\r': *out += "\\r"; break;
		case '\t': *out += "\\t"; break;
		default:
			if (static_cast<unsigned char>(c) < 0x20) {
				char escape[8];
				std::snprintf(escape, sizeof(escape), "\\u%04x", static_cast<unsigned>(c));
				*out += escape;
			} else {
				out->push_back(c);
			}
		}
	}
	out->push_back('"');
}

void
AppendUtf8(std::string *out, unsigned code)
{
	if (code < 0x80) {
		out->push_back(static_cast<char>(code));
	} else if (code < 0x800) {
		out->push_back(static_cast<char>(0xc0 | (code >> 6)));
		out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
	} else if (code < 0x10000) {
		out->push_back(static_cast<char>(0xe0 | (code >> 12)));
		out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
		out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
	} else {
		out->push_back(static_cast<char>(0xf0 | (code >> 18)));
		out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
		out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
		out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
	}
}

class Parser {
public:
	explicit Parser(const std::string &text) : text_(text) {}

	bool ParseDocument(JsonValue *out, std::string *error)
	{
		const bool ok = ParseValue(out, 0) && (SkipSpace(), pos_ == text_.size());
		if (!ok)
			*error = (error_.empty() ? std::string("unexpected text") : error_) + " at offset " + std::to_string(pos_);
		return ok;
	}

private:
	void SkipSpace()
	{
		while (pos_ < text_.size() &&
		       (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
			pos_++;
	}

	bool Fail(const char *message)
	{
		if (error_.empty())
			error_ = message;
		return false;
	}

	bool Literal(const char *word)
	{
		for (std::size_t i = 0; word[i] != '\0'; i++, pos_++)
			if (pos_ >= text_.size() || text_[pos_] != word[i])
				return Fail("bad literal");
		return true;
	}

	bool ParseValue(JsonValue *out, int depth)
	{
		if (depth > kMaxDepth)
			return Fail("nesting too deep");
		SkipSpace();
		if (pos_ >= text_.size())
			return Fail("unexpected end");
		const char c = text_[pos_];
		if (c == '{')
			return ParseObject(out, depth);
		if (c == '[')
			return ParseArray(out, depth);
		if (c == '"') {
			std::string text;
			if (!ParseString(&text))
				return false;
			*out = JsonValue(std::move(text));
			return true;
		}
		if (c == 't') {
			*out = JsonValue(true);
			return Literal("true");
		}
		if (c == 'f') {
			*out = JsonValue(false);
			return Literal("false");
		}
		if (c == 'n') {
			*out = JsonValue();
			return Literal("null");
		}
		return ParseNumber(out);
	}

	bool ParseNumber(JsonValue *out)
	{
		const std::size_t start = pos_;
		while (pos_ < text_.size() && std::string_view("+-0123456789.eE").find(text_[pos_]) != std::string_view::npos)
			pos_++;
		if (pos_ == start)
			return Fail("unexpected character");
		const std::string number = text_.substr(start, pos_ - start);
		char *end = nullptr;
		const double value = std::strtod(number.c_str(), &end);
		if (*end != '\0')
			return Fail("bad number");
		*out = JsonValue(value);
		return true;
	}

	bool ParseHex4(unsigned *code)
	{
		if (pos_ + 4 > text_.size())
			return Fail("truncated \\u escape");
		*code = 0;
		for (int i = 0; i < 4; i++) {
			const char h = text_[pos_++];
			unsigned digit = 0;
			if (h >= '0' && h <= '9')
				digit = static_cast<unsigned>(h - '0');
			else if (h >= 'a' && h <= 'f')
				digit = static_cast<unsigned>(h - 'a' + 10);
			else if (h >= 'A' && h <= 'F')
				digit = static_cast<unsigned>(h - 'A' + 10);
			else
				return Fail("bad \\u escape");
			*code = *code * 16 + digit;
		}
		return true;
	}

	bool ParseString(std::string *out)
	{
		pos_++; // opening quote
		for (;;) {
			if (pos_ >= text_.size())
				return Fail("unterminated string");
			const char c = text_[pos_++];
			if (c == '"')
				return true;
			if (c != '\\') {
				out->push_back(c);
				continue;
			}
			if (pos_ >= text_.size())
				return Fail("unterminated string");
			const char e = text_[pos_++];
			switch (e) {
			case '"': out->push_back('"'); break;
			case '\\': out->push_back('\\'); break;
			case '/': out->push_back('/'); break;
			case 'b': out->push_back('\b'); break;
			case 'f': out->push_back('\f'); break;
			case 'n': out->push_back('\n'); break;
			case 'r': out->push_back('\r'); break;
			case 't': out->push_back('\t'); break;
			case 'u': {
				unsigned code = 0;
				if (!ParseHex4(&code))
					return false;
				// A high surrogate followed by a low one is one code point; a lone one becomes U+FFFD.
				if (code >= 0xd800 && code < 0xdc00 && text_.compare(pos_, 2, "\\u") == 0) {
					pos_ += 2;
					unsigned low = 0;
					if (!ParseHex4(&low))
						return false;
					code =
					    (low >= 0xdc00 && low < 0xe000) ? 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00) : 0xfffd;
				} else if (code >= 0xd800 && code < 0xe000) {
					code = 0xfffd;
				}
				AppendUtf8(out, code);
				break;
			}
			default: return Fail("bad escape");
			}
		}
	}

	bool ParseArray(JsonValue *out, int depth)
	{
		pos_++;
		*out = JsonValue::Array();
		SkipSpace();
		if (pos_ < text_.size() && text_[pos_] == ']') {
			pos_++;
			return true;
		}
		for (;;) {
			JsonValue item;
			if (!ParseValue(&item, depth + 1))
				return false;
			out->Push(std::move(item));
			SkipSpace();
			if (pos_ < text_.size() && text_[pos_] == ',') {
				pos_++;
				continue;
			}
			if (pos_ < text_.size() && text_[pos_] == ']') {
				pos_++;
				return true;
			}
			return Fail("expected , or ]");
		}
	}

	bool ParseObject(JsonValue *out, int depth)
	{
		pos_++;
		*out = JsonValue::Object();
		SkipSpace();
		if (pos_ < text_.size() && text_[pos_] == '}') {
			pos_++;
			return true;
		}
		for (;;) {
			SkipSpace();
			if (pos_ >= text_.size() || text_[pos_] != '"')
				return Fail("expected a member name");
			std::string key;
			if (!ParseString(&key))
				return false;
			SkipSpace();
			if (pos_ >= text_.size() || text_[pos_] != ':')
				return Fail("expected :");
			pos_++;
			JsonValue value;
			if (!ParseValue(&value, depth + 1))
				return false;
			out->Set(key, std::move(value));
			SkipSpace();
			if (pos_ < text_.size() && text_[pos_] == ',') {
				pos_++;
				continue;
			}
			if (pos_ < text_.size() && text_[pos_] == '}') {
				pos_++;
				return true;
			}
			return Fail("expected , or }");
		}
	}

	const std::string &text_;
	std::size_t pos_ = 0;
	std::string error_;
};

} // namespace

JsonValue
JsonValue::Object()
{
	JsonValue value;
	value.type_ = Type::kObject;
	return value;
}

JsonValue
JsonValue::Array()
{
	JsonValue value;
	value.type_ = Type::kArray;
	return value;
}

JsonValue &
JsonValue::Set(const std::string &key, JsonValue value)
{
	for (auto &member : members_)
		if (member.first == key) {
			member.second = std::move(value);
			return member.second;
		}
	members_.emplace_back(key, std::move(value));
	return members_.back().second;
}

const JsonValue *
JsonValue::Find(const std::string &key) const
{
	for (const auto &member : members_)
		if (member.first == key)
			return &member.second;
	return nullptr;
}

JsonValue &
JsonValue::Push(JsonValue value)
{
	items_.push_back(std::move(value));
	return items_.back();
}

std::string
JsonValue::Serialize() const
{
	std::string out;
	SerializeTo(&out, 0);
	out.push_back('\n');
	return out;
}

void
JsonValue::SerializeTo(std::string *out, int depth) const
{
	const std::string indent(static_cast<std::size_t>(2 * (depth + 1)), ' ');
	const std::string closing_indent(static_cast<std::size_t>(2 * depth), ' ');
	switch (type_) {
	case Type::kNull: *out += "null"; break;
	case Type::kBool: *out += bool_ ? "true" : "false"; break;
	case Type::kNumber: {
		if (!std::isfinite(number_)) {
			*out += "null";
			break;
		}
		char text[32];
		// Integers (counts, bytes) exactly; measurements to 6 significant digits, plenty for timings.
		if (number_ == std::floor(number_) && std::fabs(number_) < 1e15)
			std::snprintf(text, sizeof(text), "%.0f", number_);
		else
			std::snprintf(text, sizeof(text), "%.6g", number_);
		*out += text;
		break;
	}
	case Type::kString: AppendEscaped(out, string_); break;
	case Type::kArray:
		if (items_.empty()) {
			*out += "[]";
			break;
		}
		// Lists of plain values (ef_search, clients, the command line) on one line.
		if (std::all_of(items_.begin(), items_.end(), [](const JsonValue &item) {
			    return item.type_ != Type::kArray && item.type_ != Type::kObject;
		    })) {
			*out += "[";
			for (std::size_t i = 0; i < items_.size(); i++) {
				*out += i > 0 ? ", " : "";
				items_[i].SerializeTo(out, depth + 1);
			}
			*out += "]";
			break;
		}
		*out += "[\n";
		for (std::size_t i = 0; i < items_.size(); i++) {
			*out += indent;
			items_[i].SerializeTo(out, depth + 1);
			*out += i + 1 < items_.size() ? ",\n" : "\n";
		}
		*out += closing_indent + "]";
		break;
	case Type::kObject:
		if (members_.empty()) {
			*out += "{}";
			break;
		}
		*out += "{\n";
		for (std::size_t i = 0; i < members_.size(); i++) {
			*out += indent;
			AppendEscaped(out, members_[i].first);
			*out += ": ";
			members_[i].second.SerializeTo(out, depth + 1);
			*out += i + 1 < members_.size() ? ",\n" : "\n";
		}
		*out += closing_indent + "}";
		break;
	}
}

bool
ParseJson(const std::string &text, JsonValue *out, std::string *error)
{
	Parser parser(text);
	return parser.ParseDocument(out, error);
}

} // namespace vecsearch::bench
