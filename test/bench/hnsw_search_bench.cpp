// The ceiling for index scans: the core's search over its in-memory graph (no PostgreSQL, no pages, no
// buffer manager) on glove-100-cosine, built with the index's defaults (m 16, ef_construction 64). Set against
// the SQL figures in BENCHMARKS.md, it shows what share of a query PostgreSQL's machinery takes. Reports
// queries per second and recall@10 per ef_search; skipped when the data set is absent.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <memory_resource>
#include <string>
#include <vector>

#include "core/common/vecs_file.hpp"
#include "core/hnsw/in_memory_graph.hpp"
#include "core/simd/kernels.hpp"

namespace vecsearch::hnsw {
namespace {

constexpr std::size_t kK = 10;

void
Normalize(std::vector<float> *values, std::size_t dims)
{
	for (std::size_t row = 0; row * dims < values->size(); row++) {
		float *v = values->data() + row * dims;
		double norm = 0;
		for (std::size_t i = 0; i < dims; i++)
			norm += static_cast<double>(v[i]) * v[i];
		norm = std::sqrt(norm);
		for (std::size_t i = 0; i < dims && norm > 0; i++)
			v[i] = static_cast<float>(v[i] / norm);
	}
}

// The data set, its graph and the exact answers, built once for every benchmark of the run.
struct GloveFixture {
	bool available = false;
	std::size_t dims = 0;
	VecsFile<float> base;
	VecsFile<float> queries;
	std::unique_ptr<InMemoryGraph> graph;
	std::vector<std::vector<std::uint32_t>> exact;

	GloveFixture()
	{
		const std::string dir = std::string(VECSEARCH_DATASETS_DIR) + "/glove-100-cosine";
		if (!std::filesystem::exists(dir + "/base.fvecs") || !ReadFvecs(dir + "/base.fvecs", 0, &base).ok() ||
		    !ReadFvecs(dir + "/query.fvecs", 0, &queries).ok())
			return;
		dims = base.dims;
		Normalize(&base.values, dims);
		Normalize(&queries.values, dims);
		const simd::KernelTable &kernels = simd::KernelsFor(simd::DetectCpuLevel());
		graph = std::make_unique<InMemoryGraph>(dims, Params{}, kernels.negative_inner_product,
		                                        std::pmr::new_delete_resource());
		GraphBuilder builder(graph.get(), 1, std::pmr::new_delete_resource());
		for (std::size_t row = 0; row * dims < base.values.size(); row++)
			builder.Insert({base.values.data() + row * dims, dims});
		builder.LinkUnreachableNodes();
		const std::size_t rows = base.values.size() / dims;
		for (std::size_t q = 0; q * dims < queries.values.size(); q++) {
			std::vector<std::pair<float, std::uint32_t>> all(rows);
			for (std::size_t row = 0; row < rows; row++)
				all[row] = {kernels.negative_inner_product(queries.values.data() + q * dims,
				                                           base.values.data() + row * dims, dims),
				            static_cast<std::uint32_t>(row)};
			std::partial_sort(all.begin(), all.begin() + kK, all.end());
			exact.emplace_back();
			for (std::size_t i = 0; i < kK; i++)
				exact.back().push_back(all[i].second);
		}
		available = true;
	}
};

GloveFixture &
Glove()
{
	static GloveFixture fixture;
	return fixture;
}

void
BM_InMemorySearchGlove(benchmark::State &state)
{
	GloveFixture &glove = Glove();
	if (!glove.available) {
		state.SkipWithError("glove-100-cosine not found in the datasets directory");
		return;
	}
	const std::size_t ef = static_cast<std::size_t>(state.range(0));
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	SearchScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
	std::pmr::vector<Candidate<InMemoryGraph::NodeId>> found(std::pmr::new_delete_resource());
	const std::size_t query_count = glove.exact.size();
	std::size_t next = 0;
	std::size_t hits = 0;
	std::size_t answered = 0;
	for (auto _ : state) {
		const std::size_t q = next;
		next = (next + 1) % query_count;
		SearchInMemory(*glove.graph, glove.queries.values.data() + q * glove.dims, kK, ef, visited, scratch, &found);
		benchmark::DoNotOptimize(found.data());
		for (const auto &result : found)
			hits += static_cast<std::size_t>(std::count(glove.exact[q].begin(), glove.exact[q].end(), result.id));
		answered++;
	}
	state.SetItemsProcessed(static_cast<std::int64_t>(answered));
	state.counters["recall@10"] = static_cast<double>(hits) / static_cast<double>(answered * kK);
}
BENCHMARK(BM_InMemorySearchGlove)->ArgName("ef_search")->Arg(10)->Arg(20)->Arg(40)->Arg(80)->Arg(160)->Arg(320);

} // namespace
} // namespace vecsearch::hnsw
