// Helpers shared by the HNSW unit tests: seeded random data, brute-force answers, reachability.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "core/simd/kernels.hpp"

namespace vecsearch::hnsw {

inline const simd::KernelTable &
Kernels()
{
	return simd::KernelsFor(simd::DetectCpuLevel());
}

inline std::vector<float>
RandomVectors(std::size_t rows, std::size_t dims, std::uint64_t seed)
{
	std::mt19937_64 random(seed);
	std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
	std::vector<float> values(rows * dims);
	for (float &value : values)
		value = uniform(random);
	return values;
}

// Exact k nearest rows of `base` to `query` under `distance`.
inline std::vector<std::uint32_t>
BruteForce(const std::vector<float> &base, std::size_t dims, const float *query, std::size_t k,
           simd::PairKernel distance)
{
	std::vector<std::pair<float, std::uint32_t>> all;
	for (std::size_t row = 0; row * dims < base.size(); row++)
		all.emplace_back(distance(query, base.data() + row * dims, dims), static_cast<std::uint32_t>(row));
	std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end());
	std::vector<std::uint32_t> ids;
	for (std::size_t i = 0; i < k; i++)
		ids.push_back(all[i].second);
	return ids;
}

// Nodes reachable from the entry point on layer 0.
template <typename Graph>
std::size_t
CountReachable(const Graph &graph)
{
	std::vector<bool> reached(graph.Size());
	std::vector<typename Graph::NodeId> stack{*graph.EntryPoint()};
	reached[*graph.EntryPoint()] = true;
	while (!stack.empty()) {
		const typename Graph::NodeId id = stack.back();
		stack.pop_back();
		for (typename Graph::NodeId neighbor : graph.Neighbors(id, 0)) {
			if (!reached[neighbor]) {
				reached[neighbor] = true;
				stack.push_back(neighbor);
			}
		}
	}
	return static_cast<std::size_t>(std::count(reached.begin(), reached.end(), true));
}

} // namespace vecsearch::hnsw
