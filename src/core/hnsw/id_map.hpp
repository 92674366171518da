// IdMap: an open-addressing hash map from 64-bit node ids to small trivially copyable values, for what one
// search or insert learns about the elements it meets (thousands per query). Linear probing over an array of
// keys with a parallel array of values: no allocation per entry, no pointer chasing, and only the keys are
// initialised when the table is made (it is made for every query).
#pragma once

#include <algorithm>
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
	explicit IdMap(std::pmr::memory_resource *memory) : keys_(memory), values_(memory) {}

	// Room for about `expected` entries before the first growth.
	void Reserve(std::size_t expected)
	{
		std::size_t capacity = 64;
		while (capacity < 2 * expected)
			capacity *= 2;
		if (capacity > keys_.size())
			Rehash(capacity);
	}

	// Forgets every entry, keeping the slots.
	void Clear() noexcept
	{
		std::fill(keys_.begin(), keys_.end(), kEmpty);
		size_ = 0;
	}

	// The value stored for `key`, or nullptr. Valid until the next TryEmplace.
	Value *Find(std::uint64_t key) noexcept
	{
		if (keys_.empty())
			return nullptr;
		const std::size_t mask = keys_.size() - 1;
		for (std::size_t i = IdHash(key) & mask;; i = (i + 1) & mask) {
			if (keys_[i] == key)
				return &values_[i].value;
			if (keys_[i] == kEmpty)
				return nullptr;
		}
	}

	// Stores `value` for `key` unless it has one; returns the stored value and whether it was added. `key`
	// must not be ~0. The pointer is valid until the next TryEmplace.
	std::pair<Value *, bool> TryEmplace(std::uint64_t key, const Value &value)
	{
		if (2 * (size_ + 1) > keys_.size())
			Rehash(keys_.size() < 64 ? 64 : keys_.size() * 2);
		const std::size_t mask = keys_.size() - 1;
		for (std::size_t i = IdHash(key) & mask;; i = (i + 1) & mask) {
			if (keys_[i] == key)
				return {&values_[i].value, false};
			if (keys_[i] == kEmpty) {
				keys_[i] = key;
				values_[i].value = value;
				size_++;
				return {&values_[i].value, true};
			}
		}
	}

	std::size_t Size() const noexcept { return size_; }

private:
	static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
	// A value slot left uninitialised until its key is set (the default constructor does nothing).
	struct ValueSlot {
		ValueSlot() noexcept {}
		Value value;
	};

	void Rehash(std::size_t capacity)
	{
		std::pmr::vector<std::uint64_t> old_keys(std::move(keys_));
		std::pmr::vector<ValueSlot> old_values(std::move(values_));
		keys_ = std::pmr::vector<std::uint64_t>(capacity, kEmpty, old_keys.get_allocator());
		values_ = std::pmr::vector<ValueSlot>(capacity, old_values.get_allocator());
		size_ = 0;
		for (std::size_t i = 0; i < old_keys.size(); i++) {
			if (old_keys[i] != kEmpty)
				TryEmplace(old_keys[i], old_values[i].value);
		}
	}

	std::pmr::vector<std::uint64_t> keys_;
	std::pmr::vector<ValueSlot> values_;
	std::size_t size_ = 0;
};

} // namespace vecsearch::hnsw
