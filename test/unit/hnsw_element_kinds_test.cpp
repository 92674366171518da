// The graph over elements other than float32: binary16 (halfvec's HNSW classes), bit strings (bit's) and sparse
// vectors (sparsevec's), in the in-memory build graph and (fixed-size kinds) the shared one. Each must find what a
// brute-force scan with the same distance finds, so a storage that mixes up strides or kinds (reading halves as floats,
// bits past their bytes) fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <memory_resource>
#include <random>
#include <vector>

#include "core/hnsw/element_distance.hpp"
#include "core/hnsw/in_memory_graph.hpp"
#include "core/hnsw/shared_graph.hpp"
#include "core/vector/bit_distance.hpp"
#include "core/vector/half.hpp"
#include "hnsw_test_support.hpp"

namespace vecsearch::hnsw {
namespace {

constexpr std::size_t kRows = 3000;
constexpr std::size_t kQueries = 50;
constexpr std::size_t kK = 10;

// Rows of random elements of `bytes` bytes each, made by `fill`.
template <typename Fill>
std::vector<std::uint8_t>
RandomElements(std::size_t rows, std::size_t bytes, std::uint64_t seed, Fill fill)
{
	std::mt19937_64 random(seed);
	std::vector<std::uint8_t> out(rows * bytes);
	for (std::size_t row = 0; row < rows; row++)
		fill(random, out.data() + row * bytes);
	return out;
}

// Share of graph results within the exact k-th distance (ties in a hamming distance make ids an unfair measure).
template <typename Search>
double
RecallByDistance(const std::vector<std::uint8_t> &base, const std::vector<std::uint8_t> &queries, std::size_t bytes,
                 std::size_t dims, const ElementDistance &distance, Search search)
{
	std::size_t hits = 0;
	for (std::size_t q = 0; q < kQueries; q++) {
		const std::uint8_t *query = queries.data() + q * bytes;
		std::vector<float> all;
		for (std::size_t row = 0; row < base.size() / bytes; row++)
			all.push_back(distance(query, base.data() + row * bytes, dims));
		std::nth_element(all.begin(), all.begin() + kK - 1, all.end());
		const float kth = all[kK - 1];
		const std::vector<float> found = search(query);
		EXPECT_EQ(found.size(), kK);
		for (float d : found)
			hits += d <= kth ? 1 : 0;
	}
	return static_cast<double>(hits) / static_cast<double>(kQueries * kK);
}

std::vector<float>
SearchDistances(const InMemoryGraph &graph, const void *query)
{
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	SearchScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
	std::pmr::vector<Candidate<InMemoryGraph::NodeId>> found;
	SearchInMemory(graph, query, kK, 64, visited, scratch, &found);
	std::vector<float> distances;
	for (const auto &candidate : found)
		distances.push_back(candidate.distance);
	return distances;
}

void
FillHalves(std::mt19937_64 &random, std::uint8_t *out, std::size_t dims)
{
	std::normal_distribution<float> normal;
	for (std::size_t i = 0; i < dims; i++) {
		const HalfBits half = FloatToHalf(normal(random));
		std::memcpy(out + 2 * i, &half, 2);
	}
}

TEST(HnswElementKinds, HalfGraphFindsTheNearestHalves)
{
	const std::size_t dims = 37; // odd: rows are not 4-byte multiples
	const ElementDistance distance = ElementDistance::Halves(Kernels().half_l2_squared);
	ASSERT_EQ(distance.Bytes(dims), 2 * dims);
	const auto fill = [&](std::mt19937_64 &random, std::uint8_t *out) { FillHalves(random, out, dims); };
	const auto base = RandomElements(kRows, 2 * dims, 1, fill);
	const auto queries = RandomElements(kQueries, 2 * dims, 2, fill);
	InMemoryGraph graph(dims, Params{}, distance, std::pmr::new_delete_resource());
	GraphBuilder builder(&graph, 42, std::pmr::new_delete_resource());
	for (std::size_t row = 0; row < kRows; row++)
		builder.InsertElement(base.data() + row * 2 * dims);
	EXPECT_EQ(std::memcmp(graph.Vector(kRows - 1), base.data() + (kRows - 1) * 2 * dims, 2 * dims), 0);
	const double recall = RecallByDistance(base, queries, 2 * dims, dims, distance,
	                                       [&](const void *query) { return SearchDistances(graph, query); });
	EXPECT_GE(recall, 0.95);
}

TEST(HnswElementKinds, BitGraphsFindTheNearestBitStrings)
{
	const std::size_t dims = 90; // bits; the last byte is partly padding, which stays zero
	const std::size_t bytes = (dims + 7) / 8;
	const auto fill = [&](std::mt19937_64 &random, std::uint8_t *out) {
		for (std::size_t i = 0; i < bytes; i++)
			out[i] = static_cast<std::uint8_t>(random());
		out[bytes - 1] &= 0xC0; // 90 = 11 * 8 + 2: two bits used in the last byte
	};
	const auto base = RandomElements(kRows, bytes, 3, fill);
	const auto queries = RandomElements(kQueries, bytes, 4, fill);
	for (const ElementDistance distance :
	     {ElementDistance::Hamming(Kernels().hamming), ElementDistance::Jaccard(Kernels().jaccard_parts)}) {
		ASSERT_EQ(distance.Bytes(dims), bytes);
		InMemoryGraph graph(dims, Params{}, distance, std::pmr::new_delete_resource());
		GraphBuilder builder(&graph, 42, std::pmr::new_delete_resource());
		for (std::size_t row = 0; row < kRows; row++)
			builder.InsertElement(base.data() + row * bytes);
		const double recall = RecallByDistance(base, queries, bytes, dims, distance,
		                                       [&](const void *query) { return SearchDistances(graph, query); });
		EXPECT_GE(recall, 0.95);
	}
}

// Sparse elements vary in size; the graph keeps them in chunks (these cross a chunk boundary: ~1.2 MB in all).
TEST(HnswElementKinds, SparseGraphFindsTheNearestSparseVectors)
{
	const std::size_t dims = 1000;
	std::mt19937_64 random(7);
	std::normal_distribution<float> normal;
	const auto make = [&](std::size_t rows) {
		std::vector<std::vector<std::uint8_t>> out;
		for (std::size_t row = 0; row < rows; row++) {
			// Clustered, as real sparse vectors are (words of one topic): random patterns over all dimensions
			// would be nearly orthogonal, with nearest neighbours that mean nothing.
			const std::size_t cluster = random() % 10;
			std::vector<std::int32_t> indices(100);
			for (std::size_t i = 0; i < indices.size(); i++)
				indices[i] = static_cast<std::int32_t>(cluster * 100 + i);
			std::shuffle(indices.begin(), indices.end(), random);
			const std::size_t count = 1 + random() % 100;
			indices.resize(count);
			std::sort(indices.begin(), indices.end());
			std::vector<std::uint8_t> element(SparseElementBytes(count));
			const auto n = static_cast<std::int32_t>(count);
			std::memcpy(element.data(), &n, 4);
			std::memcpy(element.data() + 4, indices.data(), 4 * count);
			for (std::size_t i = 0; i < count; i++) {
				const float value = normal(random) + 3.0f; // never zero
				std::memcpy(element.data() + 4 + 4 * count + 4 * i, &value, 4);
			}
			out.push_back(std::move(element));
		}
		return out;
	};
	const auto base = make(kRows);
	const auto queries = make(kQueries);
	const ElementDistance distance = ElementDistance::Sparse(SparseL2Squared);
	InMemoryGraph graph(dims, Params{}, distance, std::pmr::new_delete_resource());
	GraphBuilder builder(&graph, 42, std::pmr::new_delete_resource());
	for (const auto &element : base)
		builder.InsertElement(element.data());
	for (std::size_t row = 0; row < kRows; row++) {
		ASSERT_EQ(ElementSize(ElementKind::kSparse, dims, graph.Vector(static_cast<std::uint32_t>(row))),
		          base[row].size());
		ASSERT_EQ(std::memcmp(graph.Vector(static_cast<std::uint32_t>(row)), base[row].data(), base[row].size()), 0);
	}
	// Recall against the exact answers, and the same for a float32 graph of the same vectors made dense: the two
	// must agree (this data's recall is what it is; a sparse storage or distance that went wrong would not).
	const auto dense = [&](const std::vector<std::uint8_t> &element) {
		std::vector<float> values(dims, 0.0f);
		const SparseView view = SparseElementView(element.data(), dims);
		for (std::size_t i = 0; i < view.indices.size(); i++)
			values[static_cast<std::size_t>(view.indices[i])] = view.values[i];
		return values;
	};
	InMemoryGraph dense_graph(dims, Params{}, Kernels().l2_squared, std::pmr::new_delete_resource());
	GraphBuilder dense_builder(&dense_graph, 42, std::pmr::new_delete_resource());
	for (const auto &element : base)
		dense_builder.InsertElement(dense(element).data());
	std::size_t hits = 0;
	std::size_t dense_hits = 0;
	for (const auto &query : queries) {
		std::vector<float> all;
		for (const auto &element : base)
			all.push_back(distance(query.data(), element.data(), dims));
		std::nth_element(all.begin(), all.begin() + kK - 1, all.end());
		const float kth = all[kK - 1];
		for (float d : SearchDistances(graph, query.data()))
			hits += d <= kth ? 1 : 0;
		for (float d : SearchDistances(dense_graph, dense(query).data()))
			dense_hits += d <= kth * 1.0001f ? 1 : 0; // summed in another order
	}
	const double recall = static_cast<double>(hits) / static_cast<double>(kQueries * kK);
	const double dense_recall = static_cast<double>(dense_hits) / static_cast<double>(kQueries * kK);
	EXPECT_GE(recall, 0.85);
	EXPECT_NEAR(recall, dense_recall, 0.02);
}

TEST(HnswElementKinds, BitDistancesAreTheSqlFunctions)
{
	const std::uint8_t a[2] = {0xF0, 0x0F};
	const std::uint8_t b[2] = {0xFF, 0x00};
	const std::uint8_t none[2] = {0, 0};
	EXPECT_EQ(ElementDistance::Hamming(Kernels().hamming)(a, b, 16), 8.0f); // 4 + 4 differing bits
	const ElementDistance jaccard = ElementDistance::Jaccard(Kernels().jaccard_parts);
	EXPECT_FLOAT_EQ(jaccard(a, b, 16), static_cast<float>(JaccardDistance(Kernels(), a, b, 2)));
	EXPECT_FLOAT_EQ(jaccard(a, b, 16), 1.0f - 4.0f / 12.0f);
	EXPECT_EQ(jaccard(none, none, 16), 1.0f);
}

TEST(HnswElementKinds, SharedGraphStoresHalves)
{
	const std::size_t dims = 37;
	const ElementDistance distance = ElementDistance::Halves(Kernels().half_l2_squared);
	const auto fill = [&](std::mt19937_64 &random, std::uint8_t *out) { FillHalves(random, out, dims); };
	const auto base = RandomElements(kRows, 2 * dims, 5, fill);
	const auto queries = RandomElements(kQueries, 2 * dims, 6, fill);
	const Params params;
	const std::size_t region_bytes = SharedGraph::RegionBytes(kRows, dims, params, ElementKind::kFloat16);
	EXPECT_LT(region_bytes, SharedGraph::RegionBytes(kRows, dims, params)); // half the element bytes of float32
	// 64-byte aligned, as shared memory would be.
	auto storage = std::make_unique<std::max_align_t[]>(region_bytes / sizeof(std::max_align_t) + 8);
	void *region =
	    reinterpret_cast<void *>((reinterpret_cast<std::uintptr_t>(storage.get()) + 63) & ~std::uintptr_t{63});
	SharedGraph::Initialize(region, kRows, dims, params, ElementKind::kFloat16);
	SharedGraph graph(region, distance);
	SharedGraphBuilder builder(&graph, 42, std::pmr::new_delete_resource());
	for (std::size_t row = 0; row < kRows; row++)
		ASSERT_TRUE(builder.InsertElement(base.data() + row * 2 * dims).has_value());
	const double recall = RecallByDistance(base, queries, 2 * dims, dims, distance, [&](const void *query) {
		DenseVisitedSet visited(std::pmr::new_delete_resource());
		SearchScratch<SharedGraph::NodeId> scratch(std::pmr::new_delete_resource());
		SearchKnn(graph, query, *graph.EntryPoint(), graph.Level(*graph.EntryPoint()), 64, visited, scratch);
		std::vector<float> distances;
		for (std::size_t i = 0; i < kK && i < scratch.found.size(); i++)
			distances.push_back(scratch.found[i].distance);
		return distances;
	});
	EXPECT_GE(recall, 0.95);
}

} // namespace
} // namespace vecsearch::hnsw
