// The SIMD kernel table this backend uses, chosen in _PG_init and when vecsearch.max_simd_level changes.
#pragma once

#include "core/simd/kernels.hpp"

namespace vecsearch::pg {

// Never null after _PG_init.
extern const simd::KernelTable *active_kernels;

inline const simd::KernelTable &
Kernels()
{
	return *active_kernels;
}

} // namespace vecsearch::pg
