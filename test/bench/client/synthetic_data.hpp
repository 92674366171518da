// Seeded clustered-Gaussian vectors, generated in the client so a benchmark needs no data files. The same
// rows, dims, clusters and seed give the same floats as vecsearch-make-fvecs (src/tools/make_fvecs.cpp)
// with its default sigma 0.5 and centres seed, so a set can also be written to disk and loaded elsewhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vecsearch::bench {

class Progress;

struct SyntheticSpec {
	std::uint64_t rows = 0;
	std::uint32_t dims = 0;
	std::uint32_t clusters = 100;
	std::uint64_t seed = 1;
};

// Parses "synthetic:ROWSxDIMS[:clusters][:seed]"; false on any malformed or out-of-range part.
bool ParseSyntheticSpec(const std::string &text, SyntheticSpec *out);

// rows x dims floats, row-major: each row a random centre (centres drawn from a fixed seed, so sets made
// with different seeds share clusters) plus N(0, 0.5^2) noise per coordinate. Row i does not depend on
// how many rows are asked for, so asking for more rows extends a set without changing its start.
// progress may be null.
std::vector<float> GenerateClusteredGaussian(std::uint64_t rows, std::uint32_t dims, std::uint32_t clusters,
                                             std::uint64_t seed, Progress *progress);

} // namespace vecsearch::bench
