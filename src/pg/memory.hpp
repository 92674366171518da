// A std::pmr::memory_resource over a PostgreSQL memory context (DESIGN.md section 2.5), so core containers
// allocate where PostgreSQL can free them wholesale when a query ends or aborts. C++ regime: allocation
// failure throws std::bad_alloc, it never raises a PostgreSQL error.
#pragma once

#include "pg/prelude.hpp"

namespace vecsearch::pg {

class ContextMemoryResource final : public std::pmr::memory_resource {
public:
	explicit ContextMemoryResource(MemoryContext context) noexcept : context_(context) {}

	MemoryContext context() const noexcept { return context_; }

private:
	void *do_allocate(std::size_t bytes, std::size_t alignment) override;
	void do_deallocate(void *pointer, std::size_t bytes, std::size_t alignment) override;
	bool do_is_equal(const std::pmr::memory_resource &other) const noexcept override;

	MemoryContext context_;
};

} // namespace vecsearch::pg
