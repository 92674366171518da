// A depth-first walk over layer-0 links, for the passes that ask what the entry point reaches: the build's
// final repair (reachability.hpp), vacuum's pass 3 and the checker. The caller owns the marks and the storage:
// `first_visit(id)` marks `id` and says whether it was unmarked; `expand(id, visit)` calls visit(next) for each
// link worth following from `id` (none for an element that routes no walk). The stack holds at most `capacity`
// ids. When a visit finds it full, the id stays marked but is not expanded and Drain reports the walk
// incomplete: a caller with bounded memory (vacuum) then finds such ids again by their marks and pushes them.
#pragma once

#include <cstddef>
#include <memory_resource>
#include <vector>

namespace vecsearch::hnsw {

template <typename Id> class LayerWalk {
public:
	LayerWalk(std::size_t capacity, std::pmr::memory_resource *memory) : capacity_(capacity), stack_(memory) {}

	// Starts (or continues) the walk at `id` if it was not visited yet.
	template <typename FirstVisit> void Visit(Id id, FirstVisit first_visit)
	{
		if (first_visit(id))
			Push(id);
	}

	// Queues an id that is marked but was not expanded; false (and the walk incomplete) when the stack is full.
	bool Push(Id id)
	{
		if (stack_.size() < capacity_) {
			stack_.push_back(id);
			return true;
		}
		overflowed_ = true;
		return false;
	}

	// Expands until the stack is empty; returns whether every visited id was expanded (no overflow since the
	// last Drain).
	template <typename FirstVisit, typename Expand> bool Drain(FirstVisit first_visit, Expand expand)
	{
		while (!stack_.empty()) {
			const Id id = stack_.back();
			stack_.pop_back();
			expand(id, [&](Id next) { Visit(next, first_visit); });
		}
		const bool complete = !overflowed_;
		overflowed_ = false;
		return complete;
	}

private:
	std::size_t capacity_;
	std::pmr::vector<Id> stack_;
	bool overflowed_ = false;
};

} // namespace vecsearch::hnsw
