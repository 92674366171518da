// Visited sets for graph search. DenseVisitedSet serves graphs whose node ids are 0..n-1 (the in-memory
// build graph): one epoch stamp per node, so clearing between searches is O(1). HashVisitedSet serves any
// 64-bit key (on-disk element addresses): open addressing with linear probing, grown at half load.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <vector>

namespace vecsearch::hnsw {

class DenseVisitedSet {
public:
	explicit DenseVisitedSet(std::pmr::memory_resource *memory) : stamps_(memory) {}

	// Forgets every visit; `node_count` bounds the ids that will be inserted until the next Reset.
	void Reset(std::size_t node_count)
	{
		if (stamps_.size() < node_count)
			stamps_.resize(node_count, 0);
		if (++epoch_ == 0) { // wrapped: old stamps could collide with the new epoch
			std::fill(stamps_.begin(), stamps_.end(), 0);
			epoch_ = 1;
		}
	}

	// True when `id` was not yet visited (and marks it).
	bool Insert(std::uint32_t id) noexcept
	{
		if (stamps_[id] == epoch_)
			return false;
		stamps_[id] = epoch_;
		return true;
	}

private:
	std::pmr::vector<std::uint32_t> stamps_;
	std::uint32_t epoch_ = 0;
};

// A 64-bit mix (murmur3 finalizer) for hashing node ids: block numbers and offsets are small and clustered.
inline std::size_t
IdHash(std::uint64_t key) noexcept
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	key *= 0xc4ceb9fe1a85ec53ULL;
	key ^= key >> 33;
	return static_cast<std::size_t>(key);
}

class HashVisitedSet {
public:
	explicit HashVisitedSet(std::pmr::memory_resource *memory) : slots_(memory) {}

	// Forgets every visit and sizes the table for about `expected` keys.
	void Reset(std::size_t expected)
	{
		std::size_t capacity = 64;
		while (capacity < 2 * expected)
			capacity *= 2;
		slots_.assign(capacity, kEmpty);
		size_ = 0;
	}

	// True when `key` was not yet visited (and marks it). `key` must not be ~0.
	bool Insert(std::uint64_t key)
	{
		if (2 * (size_ + 1) > slots_.size())
			Grow();
		return InsertInto(slots_, key);
	}

private:
	static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

	bool InsertInto(std::pmr::vector<std::uint64_t> &slots, std::uint64_t key) noexcept
	{
		const std::size_t mask = slots.size() - 1;
		for (std::size_t i = IdHash(key) & mask;; i = (i + 1) & mask) {
			if (slots[i] == key)
				return false;
			if (slots[i] == kEmpty) {
				slots[i] = key;
				size_++;
				return true;
			}
		}
	}

	void Grow()
	{
		std::pmr::vector<std::uint64_t> old(std::move(slots_));
		slots_ = std::pmr::vector<std::uint64_t>(old.size() < 32 ? 64 : old.size() * 2, kEmpty, old.get_allocator());
		size_ = 0;
		for (std::uint64_t key : old) {
			if (key != kEmpty)
				InsertInto(slots_, key);
		}
	}

	std::pmr::vector<std::uint64_t> slots_;
	std::size_t size_ = 0;
};

} // namespace vecsearch::hnsw
