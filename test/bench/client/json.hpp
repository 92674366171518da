// A small JSON value: enough to write the result files and to read them back for plotting. Objects keep
// their members in insertion order (so result files read well); numbers are doubles.
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace vecsearch::bench {

class JsonValue {
public:
	enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

	JsonValue() = default;
	JsonValue(bool value) : type_(Type::kBool), bool_(value) {}
	template <typename T>
	requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) JsonValue(T value)
	    : type_(Type::kNumber), number_(static_cast<double>(value))
	{
	}
	JsonValue(std::string value) : type_(Type::kString), string_(std::move(value)) {}
	JsonValue(const char *value) : type_(Type::kString), string_(value) {}

	static JsonValue Object();
	static JsonValue Array();

	Type type() const { return type_; }
	bool IsNumber() const { return type_ == Type::kNumber; }
	bool IsString() const { return type_ == Type::kString; }
	bool IsArray() const { return type_ == Type::kArray; }
	bool IsObject() const { return type_ == Type::kObject; }
	double Number() const { return number_; }
	const std::string &String() const { return string_; }
	const std::vector<JsonValue> &Items() const { return items_; }

	// Object members: Set appends (or replaces a member of the same key); Find returns null when absent.
	JsonValue &Set(const std::string &key, JsonValue value);
	const JsonValue *Find(const std::string &key) const;
	// Array items.
	JsonValue &Push(JsonValue value);

	// Indented text, two spaces per level; non-finite numbers become null.
	std::string Serialize() const;

private:
	void SerializeTo(std::string *out, int depth) const;

	Type type_ = Type::kNull;
	bool bool_ = false;
	double number_ = 0.0;
	std::string string_;
	std::vector<JsonValue> items_;                           // array items
	std::vector<std::pair<std::string, JsonValue>> members_; // object members
};

// Parses a whole document; false with *error set on malformed input or nesting deeper than 64.
bool ParseJson(const std::string &text, JsonValue *out, std::string *error);

} // namespace vecsearch::bench
