// ContextMemoryResource: palloc-backed allocation that reports failure as std::bad_alloc. Over-aligned
// requests (beyond MAXALIGN, which is all palloc promises in PostgreSQL 15) are served by over-allocating
// and keeping the original pointer just below the aligned block.
#include "pg/memory.hpp"

namespace vecsearch::pg {

void *
ContextMemoryResource::do_allocate(std::size_t bytes, std::size_t alignment)
{
	const bool over_aligned = alignment > MAXIMUM_ALIGNOF;
	const std::size_t extra = over_aligned ? alignment + sizeof(void *) : 0;
	// MemoryContextAllocExtended raises, despite MCXT_ALLOC_NO_OOM, on a size it considers invalid: check it
	// here so this stays a C++-regime function that cannot longjmp.
	if (bytes > MaxAllocHugeSize - extra)
		throw std::bad_alloc();
	// Cannot raise: size checked above, NO_OOM turns exhaustion into NULL.
	void *raw = MemoryContextAllocExtended(context_, bytes + extra, MCXT_ALLOC_NO_OOM | MCXT_ALLOC_HUGE);
	if (raw == nullptr)
		throw std::bad_alloc();
	if (!over_aligned)
		return raw;
	const std::uintptr_t start = reinterpret_cast<std::uintptr_t>(raw) + sizeof(void *);
	const std::uintptr_t aligned = (start + alignment - 1) & ~(static_cast<std::uintptr_t>(alignment) - 1);
	reinterpret_cast<void **>(aligned)[-1] = raw;
	return reinterpret_cast<void *>(aligned);
}

void
ContextMemoryResource::do_deallocate(void *pointer, std::size_t bytes, std::size_t alignment)
{
	// pfree cannot raise for a pointer palloc returned.
	pfree(alignment > MAXIMUM_ALIGNOF ? reinterpret_cast<void **>(pointer)[-1] : pointer);
}

bool
ContextMemoryResource::do_is_equal(const std::pmr::memory_resource &other) const noexcept
{
	const auto *same = dynamic_cast<const ContextMemoryResource *>(&other);
	return same != nullptr && same->context_ == context_;
}

} // namespace vecsearch::pg
