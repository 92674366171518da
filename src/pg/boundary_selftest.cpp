// vecsearch_boundary_selftest(scenario): drives the C++/PostgreSQL error boundary from SQL so the regression
// tests can show that an error raised deep inside C++ reaches the user with its SQLSTATE, that destructors
// ran on the way out, and that nothing leaks across repeated errors. Superuser-only (REVOKEd in the install
// script); it changes no data.
#include <memory>
#include <stdexcept>
#include <vector>

#include "pg/boundary.hpp"
#include "pg/memory.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg {
namespace {

// Objects alive right now; every scenario must bring this back to zero, error or not.
long live_tracked_objects = 0;

// An RAII object with a observable destructor, allocating through a memory context like core code does.
class TrackedObject {
public:
	explicit TrackedObject(std::pmr::memory_resource *memory) : buffer_(64, 1.0f, memory) { live_tracked_objects++; }
	~TrackedObject() { live_tracked_objects--; }
	TrackedObject(const TrackedObject &) = delete;
	TrackedObject &operator=(const TrackedObject &) = delete;

private:
	std::pmr::vector<float> buffer_;
};

using Failure = long (*)(std::pmr::memory_resource *memory);

// Nests a few frames, each holding a TrackedObject, then runs `fail` at the bottom.
long
Descend(std::pmr::memory_resource *memory, int depth, Failure fail)
{
	TrackedObject here(memory);
	if (depth == 0)
		return fail(memory);
	return 1 + Descend(memory, depth - 1, fail);
}

long
Succeed(std::pmr::memory_resource *)
{
	return 0;
}

long
FailWithStatus(std::pmr::memory_resource *)
{
	ThrowIfError(Status::Error(ErrorCode::kNumericOutOfRange, "deep core failure at depth %d", 5));
	return 0;
}

long
FailInPostgres(std::pmr::memory_resource *)
{
	// A PostgreSQL function that raises, called the only allowed way.
	PgCall([] { DirectFunctionCall1(int4in, CStringGetDatum("not a number")); });
	return 0;
}

long
FailToAllocate(std::pmr::memory_resource *memory)
{
	std::pmr::vector<char> huge(memory);
	huge.resize(std::size_t{1} << 62);
	return static_cast<long>(huge.size());
}

long
FailWithStdException(std::pmr::memory_resource *)
{
	throw std::runtime_error("plain C++ exception");
}

long
SpinUntilCancelled(std::pmr::memory_resource *memory)
{
	// Spins until a cancel or statement_timeout arrives (the bound is hours away).
	for (long step = 0; step < (1L << 40); step++) {
		TrackedObject object(memory);
		PollInterrupts();
	}
	return 0;
}

long
RunScenario(const char *scenario, std::pmr::memory_resource *memory)
{
	static constexpr struct {
		const char *name;
		Failure run;
	} kScenarios[] = {
	    {"ok", Succeed},
	    {"status", FailWithStatus},
	    {"pg_error", FailInPostgres},
	    {"bad_alloc", FailToAllocate},
	    {"std_exception", FailWithStdException},
	    {"cancel", SpinUntilCancelled},
	};
	if (std::strcmp(scenario, "live_objects") == 0)
		return live_tracked_objects;
	for (const auto &entry : kScenarios) {
		if (std::strcmp(scenario, entry.name) == 0)
			return Descend(memory, 5, entry.run);
	}
	ThrowIfError(Status::Error(ErrorCode::kInvalidParameterValue, "unknown self-test scenario \"%s\"", scenario));
	return 0;
}

Datum
BoundarySelftest(FunctionCallInfo fcinfo)
{
	const char *scenario = text_to_cstring(PG_GETARG_TEXT_PP(0));
	// C++ regime from here: allocations go to the function's call context, reclaimed by PostgreSQL.
	ContextMemoryResource memory(CurrentMemoryContext);
	PG_RETURN_INT64(RunScenario(scenario, &memory));
}

} // namespace
} // namespace vecsearch::pg

VECSEARCH_PG_FUNCTION(vecsearch_boundary_selftest, vecsearch::pg::BoundarySelftest)
