// Micro-benchmarks of the SIMD distance kernels (float, and half for halfvec): every kernel at every level this
// CPU has, at common embedding sizes, once with both vectors hot in cache and once streaming pairs from a 256 MiB
// working set (in order and shuffled) next to a plain memory-read baseline. Reports ns/call, bytes/s and GFLOP/s; never
// asserts timings.
#include <benchmark/benchmark.h>
#include <emmintrin.h> // SSE2 is part of the x86-64 baseline, so this needs no dispatch

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "core/simd/kernels.hpp"
#include "core/vector/half.hpp"

namespace vecsearch::simd {
namespace {

constexpr std::size_t kDims[] = {96, 128, 384, 768, 1024, 1536, 3072};
constexpr std::size_t kLargeDims[] = {768, 1536, 3072};
constexpr Level kAllLevels[] = {Level::kScalar, Level::kAvx2, Level::kAvx512};
// Far larger than the last-level cache (32 MiB per CCD on the EPYC this was written on), so pairs come from RAM.
constexpr std::size_t kWorkingSetBytes = std::size_t{256} << 20;
constexpr std::uint32_t kSeed = 42;

enum class Kernel { kL2, kInnerProduct, kL1, kCosine };

struct KernelInfo {
	Kernel kernel;
	const char *name;
	double flops_per_element; // sub+mul+add for l2, mul+add for ip, sub+abs+add for l1, three mul+add for cosine
};
constexpr KernelInfo kKernels[] = {{Kernel::kL2, "l2_squared", 3.0},
                                   {Kernel::kInnerProduct, "inner_product", 2.0},
                                   {Kernel::kL1, "l1", 3.0},
                                   {Kernel::kCosine, "cosine_parts", 6.0}};

// One call of the chosen kernel; the result goes to DoNotOptimize so the call cannot be dropped.
void
CallOnce(const KernelTable &table, Kernel kernel, const float *a, const float *b, std::size_t n)
{
	switch (kernel) {
	case Kernel::kL2: benchmark::DoNotOptimize(table.l2_squared(a, b, n)); return;
	case Kernel::kInnerProduct: benchmark::DoNotOptimize(table.inner_product(a, b, n)); return;
	case Kernel::kL1: benchmark::DoNotOptimize(table.l1(a, b, n)); return;
	case Kernel::kCosine: benchmark::DoNotOptimize(table.cosine_parts(a, b, n)); return;
	}
}

// The same over binary16 (halfvec) elements.
void
CallOnceHalf(const KernelTable &table, Kernel kernel, const std::uint16_t *a, const std::uint16_t *b, std::size_t n)
{
	switch (kernel) {
	case Kernel::kL2: benchmark::DoNotOptimize(table.half_l2_squared(a, b, n)); return;
	case Kernel::kInnerProduct: benchmark::DoNotOptimize(table.half_inner_product(a, b, n)); return;
	case Kernel::kL1: benchmark::DoNotOptimize(table.half_l1(a, b, n)); return;
	case Kernel::kCosine: benchmark::DoNotOptimize(table.half_cosine_parts(a, b, n)); return;
	}
}

void
FillRandom(float *data, std::size_t count, std::uint32_t seed)
{
	std::mt19937 rng(seed);
	std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
	for (std::size_t i = 0; i < count; ++i)
		data[i] = dist(rng);
}

// The 256 MiB of random floats every RAM benchmark streams through, made once on first use (not at start-up,
// so --benchmark_filter runs of the hot benchmarks do not pay for it).
const float *
WorkingSet()
{
	static const std::unique_ptr<float[]> data = [] {
		constexpr std::size_t kCount = kWorkingSetBytes / sizeof(float);
		auto buffer = std::make_unique<float[]>(kCount);
		FillRandom(buffer.get(), kCount, kSeed);
		return buffer;
	}();
	return data.get();
}

void
ReportThroughput(benchmark::State &state, const KernelInfo &info, std::size_t dims)
{
	const auto calls = static_cast<double>(state.iterations());
	state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(2 * dims * sizeof(float)));
	state.counters["GFLOPS"] = benchmark::Counter(calls * info.flops_per_element * static_cast<double>(dims) * 1e-9,
	                                              benchmark::Counter::kIsRate);
}

// Dispatch is resolved before the timed loop, as in the real scan loops (DESIGN.md section 5).
bool
SkipIfUnsupported(benchmark::State &state, Level level)
{
	if (level <= DetectCpuLevel())
		return false;
	const std::string message = std::string("CPU supports only ") + LevelName(DetectCpuLevel());
	state.SkipWithError(message.c_str());
	return true;
}

void
BenchHot(benchmark::State &state, Level level, KernelInfo info, std::size_t dims)
{
	if (SkipIfUnsupported(state, level))
		return;
	const KernelTable &table = KernelsFor(level);
	std::vector<float> a(dims);
	std::vector<float> b(dims);
	FillRandom(a.data(), dims, kSeed);
	FillRandom(b.data(), dims, kSeed + 1);
	for (auto _ : state)
		CallOnce(table, info.kernel, a.data(), b.data(), dims);
	ReportThroughput(state, info, dims);
}

// BenchHot over halfvec elements (half the bytes per element; converted to float as they are loaded).
void
BenchHotHalf(benchmark::State &state, Level level, KernelInfo info, std::size_t dims)
{
	if (SkipIfUnsupported(state, level))
		return;
	const KernelTable &table = KernelsFor(level);
	std::vector<float> values(2 * dims);
	FillRandom(values.data(), values.size(), kSeed);
	std::vector<std::uint16_t> a(dims);
	std::vector<std::uint16_t> b(dims);
	for (std::size_t i = 0; i < dims; i++) {
		a[i] = FloatToHalf(values[i]);
		b[i] = FloatToHalf(values[dims + i]);
	}
	for (auto _ : state)
		CallOnceHalf(table, info.kernel, a.data(), b.data(), dims);
	ReportThroughput(state, info, dims);
	state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(2 * dims * sizeof(std::uint16_t)));
}

// The popcount kernels on bit strings of `bits` bits (binary-quantized embeddings of that many dimensions).
void
BenchHotBits(benchmark::State &state, Level level, bool jaccard, std::size_t bits)
{
	if (SkipIfUnsupported(state, level))
		return;
	const KernelTable &table = KernelsFor(level);
	std::vector<std::uint8_t> a(bits / 8);
	std::vector<std::uint8_t> b(bits / 8);
	std::mt19937 rng(kSeed);
	for (std::size_t i = 0; i < a.size(); i++) {
		a[i] = static_cast<std::uint8_t>(rng());
		b[i] = static_cast<std::uint8_t>(rng());
	}
	for (auto _ : state) {
		if (jaccard)
			benchmark::DoNotOptimize(table.jaccard_parts(a.data(), b.data(), a.size()));
		else
			benchmark::DoNotOptimize(table.hamming(a.data(), b.data(), a.size()));
	}
	state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(2 * a.size()));
}

// Consecutive pairs (prefetcher-friendly, like a sequential scan) or pairs in a fixed random order (like graph
// traversal, where each neighbour is a cache miss the prefetcher cannot predict).
void
BenchRam(benchmark::State &state, Level level, KernelInfo info, std::size_t dims, bool shuffled)
{
	if (SkipIfUnsupported(state, level))
		return;
	const KernelTable &table = KernelsFor(level);
	const float *base = WorkingSet();
	const std::size_t pair_floats = 2 * dims;
	const std::size_t pairs = kWorkingSetBytes / sizeof(float) / pair_floats;
	std::vector<std::uint32_t> order(pairs);
	std::iota(order.begin(), order.end(), 0u);
	if (shuffled)
		std::shuffle(order.begin(), order.end(), std::mt19937(kSeed));
	std::size_t next = 0;
	for (auto _ : state) {
		const float *a = base + order[next] * pair_floats;
		CallOnce(table, info.kernel, a, a + dims, dims);
		if (++next == pairs)
			next = 0;
	}
	ReportThroughput(state, info, dims);
}

// What one core can read from RAM without any kernel: a sum over the same 256 MiB with baseline SSE2 and four
// independent accumulators, far more add throughput than DRAM can feed, so this is the bandwidth ceiling.
void
BenchMemoryRead(benchmark::State &state)
{
	const float *base = WorkingSet();
	constexpr std::size_t kCount = kWorkingSetBytes / sizeof(float);
	for (auto _ : state) {
		__m128 acc0 = _mm_setzero_ps();
		__m128 acc1 = _mm_setzero_ps();
		__m128 acc2 = _mm_setzero_ps();
		__m128 acc3 = _mm_setzero_ps();
		for (std::size_t i = 0; i < kCount; i += 16) {
			acc0 = _mm_add_ps(acc0, _mm_loadu_ps(base + i));
			acc1 = _mm_add_ps(acc1, _mm_loadu_ps(base + i + 4));
			acc2 = _mm_add_ps(acc2, _mm_loadu_ps(base + i + 8));
			acc3 = _mm_add_ps(acc3, _mm_loadu_ps(base + i + 12));
		}
		benchmark::DoNotOptimize(_mm_add_ps(_mm_add_ps(acc0, acc1), _mm_add_ps(acc2, acc3)));
	}
	state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kWorkingSetBytes));
}

bool
RegisterAll()
{
	benchmark::AddCustomContext("vecsearch_cpu_simd_level", LevelName(DetectCpuLevel()));
	for (const KernelInfo &info : kKernels) {
		for (Level level : kAllLevels) {
			for (std::size_t dims : kDims) {
				const std::string name =
				    std::string("hot/") + info.name + "/" + LevelName(level) + "/" + std::to_string(dims);
				benchmark::RegisterBenchmark(name.c_str(), BenchHot, level, info, dims);
				const std::string half_name =
				    std::string("hot_half/") + info.name + "/" + LevelName(level) + "/" + std::to_string(dims);
				benchmark::RegisterBenchmark(half_name.c_str(), BenchHotHalf, level, info, dims);
			}
		}
	}
	for (const bool jaccard : {false, true}) {
		for (Level level : kAllLevels) {
			for (std::size_t bits : {768, 1536, 3072}) {
				const std::string name = std::string("hot_bits/") + (jaccard ? "jaccard_parts/" : "hamming/") +
				                         LevelName(level) + "/" + std::to_string(bits);
				benchmark::RegisterBenchmark(name.c_str(), BenchHotBits, level, jaccard, bits);
			}
		}
	}
	for (const bool shuffled : {false, true}) {
		for (const KernelInfo &info : kKernels) {
			for (Level level : kAllLevels) {
				for (std::size_t dims : kLargeDims) {
					const std::string name = std::string(shuffled ? "ram_shuffled/" : "ram_seq/") + info.name + "/" +
					                         LevelName(level) + "/" + std::to_string(dims);
					benchmark::RegisterBenchmark(name.c_str(), BenchRam, level, info, dims, shuffled);
				}
			}
		}
	}
	benchmark::RegisterBenchmark("ram_read_baseline/256MiB", BenchMemoryRead)->Unit(benchmark::kMillisecond);
	return true;
}

// benchmark_main provides main(); registering from a static initialiser runs before it.
[[maybe_unused]] const bool kRegistered = RegisterAll();

} // namespace
} // namespace vecsearch::simd
