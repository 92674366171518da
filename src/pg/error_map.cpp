// Core error code -> SQLSTATE, in one place, so every SQL function reports the same failure the same way.
#include "pg/error_map.hpp"

namespace vecsearch::pg {

int
SqlstateFor(ErrorCode code) noexcept
{
	switch (code) {
	case ErrorCode::kOk: return ERRCODE_SUCCESSFUL_COMPLETION;
	case ErrorCode::kInvalidTextRepresentation: return ERRCODE_INVALID_TEXT_REPRESENTATION;
	case ErrorCode::kDataException: return ERRCODE_DATA_EXCEPTION;
	case ErrorCode::kNumericOutOfRange: return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
	case ErrorCode::kProgramLimitExceeded: return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
	case ErrorCode::kInvalidParameterValue: return ERRCODE_INVALID_PARAMETER_VALUE;
	case ErrorCode::kNullValueNotAllowed: return ERRCODE_NULL_VALUE_NOT_ALLOWED;
	case ErrorCode::kProtocolViolation: return ERRCODE_PROTOCOL_VIOLATION;
	case ErrorCode::kOutOfMemory: return ERRCODE_OUT_OF_MEMORY;
	case ErrorCode::kInternal: return ERRCODE_INTERNAL_ERROR;
	}
	return ERRCODE_INTERNAL_ERROR;
}

void
ReportStatus(const Status &status)
{
	// The message is data, never a format string. A quoted input is reported whole (the message buffer holds
	// only its start) and never cut inside a multibyte character; any other message is the buffer's text.
	const bool quotes = status.Quotes();
	const std::string_view text = quotes ? status.Quoted() : std::string_view(status.message());
	ereport(ERROR, (errcode(SqlstateFor(status.code())),
	                errmsg_internal("%s%.*s%s", quotes ? status.QuotedBefore() : "", static_cast<int>(text.size()),
	                                text.data(), quotes ? status.QuotedAfter() : ""),
	                status.detail() != nullptr ? errdetail_internal("%s", status.detail()) : 0));
	pg_unreachable();
}

} // namespace vecsearch::pg
