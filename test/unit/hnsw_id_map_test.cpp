// IdMap, the open-addressing id -> value map behind the on-disk graph's element cache.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory_resource>
#include <random>

#include "core/hnsw/id_map.hpp"

namespace vecsearch::hnsw {
namespace {

TEST(IdMap, AgreesWithStdMapThroughGrowthAndClear)
{
	IdMap<std::uint32_t> map(std::pmr::new_delete_resource());
	std::map<std::uint64_t, std::uint32_t> reference;
	std::mt19937_64 random(3);
	for (int round = 0; round < 3; round++) {
		for (std::uint32_t i = 0; i < 20000; i++) {
			// Block-and-offset shaped ids: small, clustered, many repeats.
			const std::uint64_t id = ((random() % 4096) << 16) | (random() % 12);
			const auto [value, added] = map.TryEmplace(id, i);
			const auto [expected, expected_added] = reference.try_emplace(id, i);
			ASSERT_EQ(added, expected_added);
			ASSERT_EQ(*value, expected->second);
			if (i % 7 == 0)
				*value = expected->second = i + 1; // a found value can be changed in place
		}
		ASSERT_EQ(map.Size(), reference.size());
		for (const auto &[id, value] : reference) {
			const std::uint32_t *found = map.Find(id);
			ASSERT_NE(found, nullptr);
			EXPECT_EQ(*found, value);
		}
		EXPECT_EQ(map.Find(~std::uint64_t{0} - 1), nullptr);
		map.Clear();
		reference.clear();
		EXPECT_EQ(map.Size(), 0u);
		EXPECT_EQ(map.Find(1), nullptr);
	}
}

TEST(IdMap, ReserveKeepsEntries)
{
	IdMap<int> map(std::pmr::new_delete_resource());
	EXPECT_EQ(map.Find(5), nullptr); // no slots yet
	map.TryEmplace(5, 50);
	map.Reserve(100000);
	ASSERT_NE(map.Find(5), nullptr);
	EXPECT_EQ(*map.Find(5), 50);
	map.Reserve(10); // never shrinks
	EXPECT_EQ(*map.Find(5), 50);
}

} // namespace
} // namespace vecsearch::hnsw
