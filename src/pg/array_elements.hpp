// Arrays cast to a vector type: the checks every target type shares, in pgvector's order.
#pragma once

#include "core/common/status.hpp"
#include "pg/prelude.hpp"

namespace vecsearch::pg {

// PG regime. The elements of a one-dimensional int4[], float4[], float8[] or numeric[] without NULLs, as floats
// (float8 rounded to float, numeric through numeric_float4), in a palloc'd array; `*count` of them. Raises
// 22000 for a multi-dimensional array, 22004 for a NULL element, `check_dims`' error for the element count and
// 22000 when it is not `typmod`. The values are not checked: each target type checks its own.
float *ArrayToFloats(ArrayType *array, int32 typmod, Status (*check_dims)(std::int64_t), int *count);

} // namespace vecsearch::pg
