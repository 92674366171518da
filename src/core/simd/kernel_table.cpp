// One static table of kernel pointers per SIMD level; the only place that names the per-ISA functions.
// Baseline code: it only takes the functions' addresses and never calls them, so linking against the AVX
// objects is safe on any CPU. Choosing a level (GUC, detection) is the caller's job, not this file's.
#include "core/simd/kernels.hpp"
#include "core/simd/kernels_isa.hpp"

namespace vecsearch::simd {

namespace {

constexpr KernelTable kScalarTable{Level::kScalar,
                                   scalar::L2Squared,
                                   scalar::InnerProduct,
                                   scalar::L1,
                                   scalar::CosineSums,
                                   scalar::NegativeInnerProduct,
                                   scalar::HalfL2Squared,
                                   scalar::HalfInnerProduct,
                                   scalar::HalfL1,
                                   scalar::HalfCosineSums,
                                   scalar::HalfNegativeInnerProduct,
                                   scalar::Hamming,
                                   scalar::JaccardParts};
constexpr KernelTable kAvx2Table{Level::kAvx2,
                                 avx2::L2Squared,
                                 avx2::InnerProduct,
                                 avx2::L1,
                                 avx2::CosineSums,
                                 avx2::NegativeInnerProduct,
                                 avx2::HalfL2Squared,
                                 avx2::HalfInnerProduct,
                                 avx2::HalfL1,
                                 avx2::HalfCosineSums,
                                 avx2::HalfNegativeInnerProduct,
                                 avx2::Hamming,
                                 avx2::JaccardParts};
constexpr KernelTable kAvx512Table{Level::kAvx512,
                                   avx512::L2Squared,
                                   avx512::InnerProduct,
                                   avx512::L1,
                                   avx512::CosineSums,
                                   avx512::NegativeInnerProduct,
                                   avx512::HalfL2Squared,
                                   avx512::HalfInnerProduct,
                                   avx512::HalfL1,
                                   avx512::HalfCosineSums,
                                   avx512::HalfNegativeInnerProduct,
                                   avx2::Hamming, // POPCNT; AVX-512's VPOPCNTDQ is not part of the level
                                   avx2::JaccardParts};

} // namespace

const KernelTable &
KernelsFor(Level level) noexcept
{
	// The contract forbids asking above the CPU's level; clamping anyway turns a caller's mistake into a
	// slower answer instead of SIGILL inside the server. Callers can see it: the table's level is the one used.
	switch (ClampToCpu(level)) {
	case Level::kAvx512: return kAvx512Table;
	case Level::kAvx2: return kAvx2Table;
	case Level::kScalar: break;
	}
	return kScalarTable;
}

} // namespace vecsearch::simd
