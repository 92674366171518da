// Helpers shared by the HNSW unit tests: seeded random data, brute-force answers, reachability.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "core/hnsw/in_memory_graph.hpp"
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

// The read-only part of an InMemoryGraph seen through an adapter (tests that change how lists are read and
// written derive from this): vectors, distances, levels, visit keys; every node linkable.
class InMemoryGraphView {
public:
	using NodeId = InMemoryGraph::NodeId;
	// `cover` is the cover rule's metric (squared L2 under raw inner product), by default the graph's distance.
	explicit InMemoryGraphView(InMemoryGraph &graph, simd::PairKernel cover = nullptr) : graph_(graph), cover_(cover) {}
	const float *Vector(NodeId id) const { return static_cast<const float *>(graph_.Vector(id)); }
	float Distance(const void *query, NodeId id) const { return graph_.Distance(query, id); }
	float DistanceBetween(NodeId a, NodeId b) const { return graph_.DistanceBetween(a, b); }
	void CoverDistances(NodeId from, std::span<const NodeId> ids, float *out) const
	{
		for (std::size_t i = 0; i < ids.size(); i++)
			out[i] = cover_ == nullptr ? graph_.DistanceBetween(from, ids[i])
			                           : cover_(Vector(from), Vector(ids[i]), graph_.Dims());
	}
	void Distances(const void *query, std::span<const NodeId> ids, float *out) const
	{
		graph_.Distances(query, ids, out);
	}
	NodeId VisitKey(NodeId id) const { return id; }
	std::size_t VisitCapacityHint() const { return graph_.Size(); }
	int Level(NodeId id) const { return graph_.Level(id); }
	bool Linkable(NodeId) const { return true; }

protected:
	InMemoryGraph &graph_;
	simd::PairKernel cover_;
};

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
