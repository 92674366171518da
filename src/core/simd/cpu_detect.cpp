// Which SIMD level this CPU and operating system can run, from CPUID feature bits and the XCR0 register.
// Compiled at the x86-64 baseline (it runs before we know anything wider is safe). It does not consult
// __builtin_cpu_supports: clang 14 rejects some of the names we need, and one detector must serve both compilers.
#include "core/simd/kernels.hpp"

#include <cstdint>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace vecsearch::simd {

namespace {

#if defined(__x86_64__)

// CPUID.1:ECX
constexpr std::uint32_t kCpuid1EcxFma = 1u << 12;
constexpr std::uint32_t kCpuid1EcxOsxsave = 1u << 27;
constexpr std::uint32_t kCpuid1EcxAvx = 1u << 28;
constexpr std::uint32_t kCpuid1EcxF16c = 1u << 29;
constexpr std::uint32_t kCpuid1EcxPopcnt = 1u << 23;

// CPUID.(EAX=7,ECX=0):EBX
constexpr std::uint32_t kCpuid7EbxAvx2 = 1u << 5;
constexpr std::uint32_t kCpuid7EbxAvx512f = 1u << 16;
constexpr std::uint32_t kCpuid7EbxAvx512dq = 1u << 17;
constexpr std::uint32_t kCpuid7EbxAvx512bw = 1u << 30;
constexpr std::uint32_t kCpuid7EbxAvx512vl = 1u << 31;

// XCR0: which register state the OS saves on context switch. A CPU bit without its state bit means the OS
// would corrupt those registers across a context switch (or the instructions fault), so both are required.
constexpr std::uint64_t kXcr0Sse = 1u << 1;
constexpr std::uint64_t kXcr0Avx = 1u << 2;
constexpr std::uint64_t kXcr0Opmask = 1u << 5;
constexpr std::uint64_t kXcr0ZmmHi256 = 1u << 6;
constexpr std::uint64_t kXcr0Hi16Zmm = 1u << 7;

constexpr std::uint64_t kXcr0AvxState = kXcr0Sse | kXcr0Avx;
constexpr std::uint64_t kXcr0Avx512State = kXcr0AvxState | kXcr0Opmask | kXcr0ZmmHi256 | kXcr0Hi16Zmm;

// Only valid once CPUID has reported OSXSAVE; otherwise XGETBV raises #UD.
std::uint64_t
ReadXcr0() noexcept
{
	std::uint32_t lo = 0;
	std::uint32_t hi = 0;
	// Spelled as raw asm rather than _xgetbv(), which gcc only offers under -mxsave.
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0u));
	return (static_cast<std::uint64_t>(hi) << 32) | lo;
}

bool
HasAll(std::uint64_t have, std::uint64_t want) noexcept
{
	return (have & want) == want;
}

Level
ProbeCpu() noexcept
{
	unsigned int eax = 0;
	unsigned int ebx = 0;
	unsigned int ecx = 0;
	unsigned int edx = 0;

	if (__get_cpuid_count(1, 0, &eax, &ebx, &ecx, &edx) == 0)
		return Level::kScalar;
	const std::uint32_t leaf1_ecx = ecx;
	if (!HasAll(leaf1_ecx, kCpuid1EcxOsxsave | kCpuid1EcxAvx | kCpuid1EcxFma | kCpuid1EcxF16c | kCpuid1EcxPopcnt))
		return Level::kScalar;

	// __get_cpuid_count checks the maximum basic leaf, so a CPU without leaf 7 reports failure, not garbage.
	if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0)
		return Level::kScalar;
	const std::uint32_t leaf7_ebx = ebx;

	const std::uint64_t xcr0 = ReadXcr0();
	if (!HasAll(leaf7_ebx, kCpuid7EbxAvx2) || !HasAll(xcr0, kXcr0AvxState))
		return Level::kScalar;

	constexpr std::uint32_t kAvx512Bits =
	    kCpuid7EbxAvx512f | kCpuid7EbxAvx512dq | kCpuid7EbxAvx512bw | kCpuid7EbxAvx512vl;
	if (!HasAll(leaf7_ebx, kAvx512Bits) || !HasAll(xcr0, kXcr0Avx512State))
		return Level::kAvx2;
	return Level::kAvx512;
}

#else

Level
ProbeCpu() noexcept
{
	return Level::kScalar;
}

#endif

} // namespace

Level
DetectCpuLevel() noexcept
{
	// Thread-safe one-time initialisation; the answer cannot change while the process runs.
	static const Level detected = ProbeCpu();
	return detected;
}

Level
ClampToCpu(Level requested) noexcept
{
	const Level cpu = DetectCpuLevel();
	return requested > cpu ? cpu : requested;
}

const char *
LevelName(Level level) noexcept
{
	switch (level) {
	case Level::kScalar: return "scalar";
	case Level::kAvx2: return "avx2";
	case Level::kAvx512: return "avx512";
	}
	return "unknown";
}

} // namespace vecsearch::simd
