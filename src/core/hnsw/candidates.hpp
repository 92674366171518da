// The two priority queues of the HNSW search (Malkov & Yashunin, Algorithm 2): candidates still to expand,
// nearest first, and the best results so far, farthest first and bounded in size. Both are binary heaps over
// a pmr vector so their memory comes from the caller's arena (a PostgreSQL memory context in the server).
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory_resource>
#include <vector>

namespace vecsearch::hnsw {

template <typename NodeId> struct Candidate {
	float distance;
	NodeId id;
};

// Min-heap on distance: Pop() yields the nearest remaining candidate.
template <typename NodeId> class NearestFirstQueue {
public:
	explicit NearestFirstQueue(std::pmr::memory_resource *memory) : heap_(memory) {}

	bool Empty() const noexcept { return heap_.empty(); }
	const Candidate<NodeId> &Top() const noexcept { return heap_.front(); }
	void Push(Candidate<NodeId> candidate)
	{
		heap_.push_back(candidate);
		std::push_heap(heap_.begin(), heap_.end(), Farther);
	}
	Candidate<NodeId> Pop() noexcept
	{
		std::pop_heap(heap_.begin(), heap_.end(), Farther);
		Candidate<NodeId> top = heap_.back();
		heap_.pop_back();
		return top;
	}
	void Clear() noexcept { heap_.clear(); }

private:
	static bool Farther(const Candidate<NodeId> &a, const Candidate<NodeId> &b) noexcept
	{
		return a.distance > b.distance;
	}

	std::pmr::vector<Candidate<NodeId>> heap_;
};

// Max-heap on distance holding at most `capacity` results: Top() is the farthest kept result.
template <typename NodeId> class BoundedResults {
public:
	explicit BoundedResults(std::pmr::memory_resource *memory) : heap_(memory) {}

	// Empties the set and sets how many results it keeps.
	void Reset(std::size_t capacity)
	{
		capacity_ = capacity;
		heap_.clear();
		heap_.reserve(capacity + 1);
	}

	std::size_t Size() const noexcept { return heap_.size(); }
	bool Full() const noexcept { return heap_.size() >= capacity_; }
	float FarthestDistance() const noexcept { return heap_.front().distance; }
	// Whether a candidate at `distance` would enter the set.
	bool Accepts(float distance) const noexcept { return !Full() || distance < FarthestDistance(); }
	// Adds a candidate, evicting the farthest one when over capacity; returns whether it evicted one, and
	// which into *evicted when given.
	bool Push(Candidate<NodeId> candidate, Candidate<NodeId> *evicted = nullptr)
	{
		heap_.push_back(candidate);
		std::push_heap(heap_.begin(), heap_.end(), Nearer);
		if (heap_.size() <= capacity_)
			return false;
		std::pop_heap(heap_.begin(), heap_.end(), Nearer);
		if (evicted != nullptr)
			*evicted = heap_.back();
		heap_.pop_back();
		return true;
	}
	// Moves the results out, nearest first, leaving the set empty.
	void TakeSorted(std::pmr::vector<Candidate<NodeId>> *out)
	{
		std::sort_heap(heap_.begin(), heap_.end(), Nearer);
		out->assign(heap_.begin(), heap_.end());
		heap_.clear();
	}

private:
	static bool Nearer(const Candidate<NodeId> &a, const Candidate<NodeId> &b) noexcept
	{
		return a.distance < b.distance;
	}

	std::size_t capacity_ = 1;
	std::pmr::vector<Candidate<NodeId>> heap_;
};

} // namespace vecsearch::hnsw
