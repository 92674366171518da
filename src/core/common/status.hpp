// Expected failures of the core, reported as values (DESIGN.md section 2): an error code the glue maps to a
// SQLSTATE in one table, plus a short message. The core never throws for bad input; only std::bad_alloc and
// the glue's PostgreSQL-error handle may pass through it.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string_view>
#include <type_traits>
#include <utility>

namespace vecsearch {

// What went wrong, in the core's own terms. The glue maps each to one SQLSTATE (src/pg/error_map.cpp).
enum class ErrorCode : int {
	kOk = 0,
	kInvalidTextRepresentation, // malformed text input
	kDataException,             // well-formed but unacceptable value (NaN, dims mismatch, empty vector)
	kNumericOutOfRange,         // value beyond what float4 can hold, overflow or underflow in arithmetic
	kProgramLimitExceeded,      // more dimensions than the type allows
	kInvalidParameterValue,     // bad typmod or option
	kNullValueNotAllowed,       // NULL element in an array
	kProtocolViolation,         // truncated binary input
	kOutOfMemory,
	kInternal,
};

// A status with a fixed-size message buffer: copying it never allocates, so it can be carried out of a catch
// block or across the C++/PostgreSQL boundary safely. An error may also carry a detail line (a string
// literal), and may quote the caller's input whole (pgvector echoes malformed input in full, however long): the
// quoted text is a view into that input, so such a status is reported while the input lives.
class [[nodiscard]] Status {
public:
	static constexpr std::size_t kMessageCapacity = 256;

	// Only the first message byte is set: a Status is built on hot paths (every distance call checks
	// dimensions), and zeroing 256 bytes each time showed up in profiles.
	Status() noexcept { message_[0] = '\0'; }

	static Status Ok() noexcept { return Status(); }

	// printf-style message; truncated to kMessageCapacity - 1 bytes.
	template <typename... Args> static Status Error(ErrorCode code, const char *format, Args... args) noexcept
	{
		Status status;
		status.code_ = code;
		if constexpr (sizeof...(Args) == 0)
			std::snprintf(status.message_, kMessageCapacity, "%s", format);
		else
			std::snprintf(status.message_, kMessageCapacity, format, args...);
		return status;
	}

	// An error whose message is `before`, then `quoted` (a view into the caller's input), then `after`; both
	// literals. message() holds the same text, cut to fit; the glue reports it whole (Quoted()).
	static Status Quoting(ErrorCode code, const char *before, std::string_view quoted, const char *after) noexcept
	{
		Status status;
		status.code_ = code;
		status.before_ = before;
		status.quoted_ = quoted;
		status.after_ = after;
		const int length =
		    quoted.size() > kMessageCapacity ? static_cast<int>(kMessageCapacity) : static_cast<int>(quoted.size());
		std::snprintf(status.message_, kMessageCapacity, "%s%.*s%s", before, length, quoted.data(), after);
		return status;
	}

	// The same error with a DETAIL line (a string literal).
	Status WithDetail(const char *detail) const noexcept
	{
		Status status = *this;
		status.detail_ = detail;
		return status;
	}

	bool ok() const noexcept { return code_ == ErrorCode::kOk; }
	ErrorCode code() const noexcept { return code_; }
	const char *message() const noexcept { return message_; }
	const char *detail() const noexcept { return detail_; } // null when there is none
	bool Quotes() const noexcept { return before_ != nullptr; }
	const char *QuotedBefore() const noexcept { return before_; }
	std::string_view Quoted() const noexcept { return quoted_; }
	const char *QuotedAfter() const noexcept { return after_; }

private:
	ErrorCode code_ = ErrorCode::kOk;
	const char *detail_ = nullptr;
	const char *before_ = nullptr;
	std::string_view quoted_;
	const char *after_ = nullptr;
	char message_[kMessageCapacity];
};

// A value or a Status; T must be default-constructible and cheap to move.
template <typename T> class [[nodiscard]] Result {
public:
	Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>) : value_(std::move(value)) {}
	Result(Status status) noexcept : status_(status) {}

	bool ok() const noexcept { return status_.ok(); }
	const Status &status() const noexcept { return status_; }
	T &value() noexcept { return value_; }
	const T &value() const noexcept { return value_; }

private:
	T value_{};
	Status status_;
};

} // namespace vecsearch
