// The C++/PostgreSQL error boundary (DESIGN.md section 2). Two tools:
//   Guard(fn)   - every entry point PostgreSQL calls runs its body through this noexcept template: any C++
//                 exception is caught, reduced to plain data, and raised as a PostgreSQL ERROR only after
//                 the catch block (and every destructor between) is gone.
//   PgCall(fn)  - C++-regime code calls PostgreSQL through this: a PostgreSQL ERROR raised inside becomes a
//                 C++ exception (PgErrorThrown), so destructors run before Guard re-raises the original
//                 error with its SQLSTATE, detail and context intact.
#pragma once

#include <exception>
#include <type_traits>

#include "core/common/status.hpp"
#include "pg/prelude.hpp"

namespace vecsearch::pg {

// Thrown by PgCall: a non-owning handle to a copy of the PostgreSQL error. The copy lives in a context of its
// own under TopMemoryContext (reset when the next error is caught), so no destructor that runs while the
// exception unwinds can free it before Guard re-raises it.
struct PgErrorThrown {
	ErrorData *data;
};

// Thrown by C++-regime glue to report a core Status through the SQLSTATE table.
struct StatusThrown {
	Status status;
};

// C++ regime: throws StatusThrown when `status` is not ok.
inline void
ThrowIfError(const Status &status)
{
	if (!status.ok())
		throw StatusThrown{status};
}

namespace detail {

// What a failed Guard body leaves behind: plain data only, so it can leave the catch block.
struct CaughtFailure {
	ErrorData *pg_error = nullptr;
	ErrorCode code = ErrorCode::kInternal;
	char message[Status::kMessageCapacity] = {};
};

// Fills `failure` from the exception currently being handled. Must be called inside a catch block.
void CaptureCurrentException(CaughtFailure *failure) noexcept;

// PG regime: raises the captured failure as a PostgreSQL ERROR. Never returns.
[[noreturn]] void RaiseFailure(const CaughtFailure &failure);

// Creates the context PgCall copies errors into. PG regime; called once from _PG_init.
void InitBoundary();

// Runs fn(arg) under a local sigsetjmp; on a PostgreSQL ERROR restores the exception and context stacks and
// the memory context, copies the error out, flushes the error state and returns the copy; NULL on success.
ErrorData *CallCatchingPgError(void (*fn)(void *), void *arg) noexcept;

template <typename Body>
void
Trampoline(void *arg)
{
	(*static_cast<Body *>(arg))();
}

} // namespace detail

// The entry-point guard: `return Guard([&] { ... });` is the whole body of every function PostgreSQL calls.
// fn may throw anything; its result type must be trivially copyable (Datum, pointers, void...).
template <typename Fn>
auto
Guard(Fn &&fn) noexcept -> decltype(fn())
{
	detail::CaughtFailure failure;
	try {
		return fn();
	} catch (...) {
		detail::CaptureCurrentException(&failure);
	}
	// Outside every catch block: the exception object and all C++ frames of fn are gone.
	detail::RaiseFailure(failure);
}

// C++ regime: runs a C-shaped body (no object with a destructor inside it) that may call anything in
// PostgreSQL; a PostgreSQL ERROR raised in it is thrown as PgErrorThrown. Guard at page-operation
// granularity, so this sits deeper than every RAII object of the caller.
template <typename Body>
void
PgCall(Body &&body)
{
	using Plain = std::remove_reference_t<Body>;
	static_assert(std::is_trivially_destructible_v<Plain>, "PgCall bodies must be C-shaped");
	ErrorData *error =
	    detail::CallCatchingPgError(&detail::Trampoline<Plain>, const_cast<void *>(static_cast<const void *>(&body)));
	if (error != nullptr)
		throw PgErrorThrown{error};
}

// C++ regime: lets a pending query cancel or termination act. Reading InterruptPending cannot raise; only
// when it is set do we enter PostgreSQL (through PgCall), so the common case costs one load.
inline void
PollInterrupts()
{
	if (unlikely(InterruptPending))
		PgCall([] { CHECK_FOR_INTERRUPTS(); });
}

} // namespace vecsearch::pg

// Defines the exported fmgr function `symbol` (C linkage, V1 call convention) as a guarded call of
// `Datum impl(FunctionCallInfo)`. Every SQL-callable function is defined this way, so none can let a C++
// exception escape into PostgreSQL.
#define VECSEARCH_PG_FUNCTION(symbol, impl)                                                                            \
	extern "C" {                                                                                                       \
	PGDLLEXPORT Datum symbol(PG_FUNCTION_ARGS);                                                                        \
	PG_FUNCTION_INFO_V1(symbol);                                                                                       \
	}                                                                                                                  \
	Datum symbol(PG_FUNCTION_ARGS)                                                                                     \
	{                                                                                                                  \
		return ::vecsearch::pg::Guard([fcinfo] { return impl(fcinfo); });                                              \
	}

// Defines the exported entry point `symbol` of a parallel worker (C linkage, the signature
// CreateParallelContext expects) as a guarded call of `void impl(dsm_segment *, shm_toc *)`.
#define VECSEARCH_PG_PARALLEL_ENTRY(symbol, impl)                                                                      \
	extern "C" {                                                                                                       \
	PGDLLEXPORT void symbol(dsm_segment *segment, shm_toc *toc);                                                       \
	}                                                                                                                  \
	void symbol(dsm_segment *segment, shm_toc *toc)                                                                    \
	{                                                                                                                  \
		::vecsearch::pg::Guard([segment, toc] { impl(segment, toc); });                                                \
	}
