// The out-of-line halves of Guard and PgCall (see boundary.hpp): turning a caught exception into plain data,
// raising it as a PostgreSQL error, and catching a PostgreSQL error with a hand-written sigsetjmp.
#include <cstdio>

#include "pg/boundary.hpp"
#include "pg/error_map.hpp"

namespace vecsearch::pg::detail {

namespace {

// Holds the copy of the one PostgreSQL error in flight between PgCall and Guard.
MemoryContext error_copy_context = nullptr;

void
CopyMessage(CaughtFailure *failure, const char *message) noexcept
{
	std::size_t i = 0;
	for (; message != nullptr && message[i] != '\0' && i + 1 < sizeof(failure->message); i++)
		failure->message[i] = message[i];
	failure->message[i] = '\0';
}

} // namespace

void
InitBoundary()
{
	if (error_copy_context == nullptr)
		error_copy_context = AllocSetContextCreate(TopMemoryContext, "vecsearch error copy", ALLOCSET_SMALL_SIZES);
}

void
CaptureCurrentException(CaughtFailure *failure) noexcept
{
	try {
		throw;
	} catch (const PgErrorThrown &error) {
		failure->pg_error = error.data;
	} catch (const StatusThrown &thrown) {
		failure->code = thrown.status.code();
		CopyMessage(failure, thrown.status.message());
	} catch (const std::bad_alloc &) {
		failure->code = ErrorCode::kOutOfMemory;
		CopyMessage(failure, "out of memory");
	} catch (const std::exception &error) {
		failure->code = ErrorCode::kInternal;
		CopyMessage(failure, error.what());
	} catch (...) {
		failure->code = ErrorCode::kInternal;
		CopyMessage(failure, "unexpected C++ exception");
	}
}

void
RaiseFailure(const CaughtFailure &failure)
{
	if (failure.pg_error != nullptr)
		ReThrowError(failure.pg_error);
	ereport(ERROR, (errcode(SqlstateFor(failure.code)), errmsg_internal("%s", failure.message)));
	pg_unreachable();
}

ErrorData *
CallCatchingPgError(void (*fn)(void *), void *arg) noexcept
{
	// Written out instead of PG_TRY so that the restore-and-copy sequence is explicit and in one place.
	sigjmp_buf *const saved_exception_stack = PG_exception_stack;
	ErrorContextCallback *const saved_context_stack = error_context_stack;
	const MemoryContext saved_memory_context = CurrentMemoryContext;
	sigjmp_buf local;

	if (sigsetjmp(local, 0) == 0) {
		PG_exception_stack = &local;
		fn(arg);
		PG_exception_stack = saved_exception_stack;
		error_context_stack = saved_context_stack;
		return nullptr;
	}
	PG_exception_stack = saved_exception_stack;
	error_context_stack = saved_context_stack;
	// CopyErrorData must not run in ErrorContext. At most one copied error is in flight at a time (C++
	// destructors never call PgCall), so the previous copy can go. If the copy itself runs out of memory,
	// that error propagates as a plain PostgreSQL error, which transaction abort handles.
	MemoryContextReset(error_copy_context);
	MemoryContextSwitchTo(error_copy_context);
	ErrorData *copy = CopyErrorData();
	FlushErrorState();
	MemoryContextSwitchTo(saved_memory_context);
	return copy;
}

} // namespace vecsearch::pg::detail
