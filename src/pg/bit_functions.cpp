// Distances between values of PostgreSQL's own `bit` type, as pgvector adds them: hamming_distance (<~>) and
// jaccard_distance (<%>), over the popcount kernels of the table chosen at load. PG regime.
#include "core/vector/bit_distance.hpp"
#include "pg/boundary.hpp"
#include "pg/kernels.hpp"

namespace vecsearch::pg {
namespace {

template <double (*Distance)(const simd::KernelTable &, const std::uint8_t *, const std::uint8_t *, std::size_t)>
Datum
BitDistanceFunction(FunctionCallInfo fcinfo)
{
	VarBit *a = PG_GETARG_VARBIT_P(0);
	VarBit *b = PG_GETARG_VARBIT_P(1);
	if (VARBITLEN(a) != VARBITLEN(b))
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
		                errmsg("different bit lengths %u and %u", static_cast<unsigned>(VARBITLEN(a)),
		                       static_cast<unsigned>(VARBITLEN(b)))));
	// The padding bits of the last byte are zero in every bit value, so whole bytes can be counted.
	PG_RETURN_FLOAT8(Distance(Kernels(), VARBITS(a), VARBITS(b), static_cast<std::size_t>(VARBITBYTES(a))));
}

} // namespace
} // namespace vecsearch::pg

VECSEARCH_PG_FUNCTION(vecsearch_hamming_distance, vecsearch::pg::BitDistanceFunction<vecsearch::HammingDistance>)
VECSEARCH_PG_FUNCTION(vecsearch_jaccard_distance, vecsearch::pg::BitDistanceFunction<vecsearch::JaccardDistance>)
