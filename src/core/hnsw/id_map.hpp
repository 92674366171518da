// IdMap: an open-addressing hash map from 64-bit node ids to small trivially copyable values, for what one
// search or insert learns about the elements it meets (tens of thousands per query at high ef_search). One
// array of slots with linear probing: no allocation per entry, no pointer chasing, and Clear keeps the
// memory for the next query.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/hnsw/visited_set.hpp"

namespace vecsearch::hnsw {

template <typename Value> class IdMap {
	static_assert(std::is_trivially_copyable_v<Value>);

public:
	explicit IdMap(std::pmr::memory_resource *memory) : slots_(memory) {}

	// Room for about `expected` entries before the first growth.
	void Reserve(std::size_t expected)
	{
		std::size_t capacity = 64;
		while (capacity < 2 * expected)
			capacity *= 2;
		if (capacity > slots_.size())
			Rehash(capacity);
	}

	// Forgets every entry, keeping the slots.
	void Clear() noexcept
	{
		for (Slot &slot : slots_)
			slot.key = kEmpty;
		size_ = 0;
	}

	// The value stored for `key`, or nullptr. Valid until the next TryEmplace.
	Value *Find(std::uint64_t key) noexcept
	{
		if (slots_.empty())
			return nullptr;
		const std::size_t mask = slots_.size() - 1;
		for (std::size_t i = IdHash(key) & mask;; i = (i + 1) & mask) {
			if (slots_[i].key == key)
				return &slots_[i].value;
			if (slots_[i].key == kEmpty)
				return nullptr;
		}
	}

	// Stores `value` for `key` unless it has one; returns the stored value and whether it was added. `key`
	// must not be ~0. The pointer is valid until the next TryEmplace.
	std::pair<Value *, bool> TryEmplace(std::uint64_t key, const Value &value)
	{
		if (2 * (size_ + 1) > slots_.size())
			Rehash(slots_.size() < 64 ? 64 : slots_.size() * 2);
		const std::size_t mask = slots_.size() - 1;
		for (std::size_t i = IdHash(key) & mask;; i = (i + 1) & mask) {
			if (slots_[i].key == key)
				return {&slots_[i].value, false};
			if (slots_[i].key == kEmpty) {
				slots_[i] = Slot{key, value};
				size_++;
				return {&slots_[i].value, true};
			}
		}
	}

	std::size_t Size() const noexcept { return size_; }

private:
	static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
	struct Slot {
		std::uint64_t key;
		Value value;
	};

	void Rehash(std::size_t capacity)
	{
		std::pmr::vector<Slot> old(std::move(slots_));
		slots_ = std::pmr::vector<Slot>(capacity, Slot{kEmpty, Value{}}, old.get_allocator());
		size_ = 0;
		for (const Slot &slot : old) {
			if (slot.key != kEmpty)
				TryEmplace(slot.key, slot.value);
		}
	}

	std::pmr::vector<Slot> slots_;
	std::size_t size_ = 0;
};

} // namespace vecsearch::hnsw
