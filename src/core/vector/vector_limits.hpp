// Limits of the `vector` type that both the core and the glue must agree on.
#pragma once

#include <cstddef>

namespace vecsearch {

// Most dimensions a `vector` value may have (the pgvector contract).
inline constexpr int kVectorMaxDims = 16000;

} // namespace vecsearch
