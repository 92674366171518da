// Writes a seeded synthetic data set as an fvecs file: clustered Gaussian points (C centres, each point a
// centre plus N(0, sigma^2) noise per coordinate), for benchmarks that need sizes the real data sets lack.
// Centres come from their own seed (--centres-seed), so a query file made with another --seed lies in the
// same clusters as the base file. Not a data set with ground truth: exact search provides that.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/common/normal_source.hpp"

namespace {

constexpr long long kMaxDims = 16000;

int
Usage()
{
	std::fprintf(
	    stderr,
	    "usage: vecsearch-make-fvecs --rows N --dims D --seed S [--clusters C] [--sigma X] [--centres-seed S]\n"
	    "                            OUT.fvecs\n"
	    "  clustered Gaussian vectors: C centres (default 100) with N(0,1) coordinates drawn from\n"
	    "  --centres-seed (default 20240601), each row = a random centre + N(0, X^2) noise (default X 0.5)\n"
	    "  drawn from --seed. Same --dims/--clusters/--centres-seed and another --seed: queries for the set.\n");
	return 2;
}

bool
ParseCount(const char *text, long long min_value, long long max_value, long long &out)
{
	char *end = nullptr;
	const long long value = std::strtoll(text, &end, 10);
	if (end == text || *end != '\0' || value < min_value || value > max_value)
		return false;
	out = value;
	return true;
}

} // namespace

int
main(int argc, char **argv)
{
	long long rows = -1;
	long long dims = -1;
	long long seed = -1;
	long long clusters = 100;
	long long centres_seed = 20240601;
	double sigma = 0.5;
	const char *out_path = nullptr;
	for (int i = 1; i < argc; i++) {
		const bool has_value = i + 1 < argc;
		bool ok = true;
		if (std::strcmp(argv[i], "--rows") == 0 && has_value)
			ok = ParseCount(argv[++i], 0, (1LL << 40), rows);
		else if (std::strcmp(argv[i], "--dims") == 0 && has_value)
			ok = ParseCount(argv[++i], 1, kMaxDims, dims);
		else if (std::strcmp(argv[i], "--seed") == 0 && has_value)
			ok = ParseCount(argv[++i], 0, (1LL << 62), seed);
		else if (std::strcmp(argv[i], "--clusters") == 0 && has_value)
			ok = ParseCount(argv[++i], 1, 1000000, clusters);
		else if (std::strcmp(argv[i], "--centres-seed") == 0 && has_value)
			ok = ParseCount(argv[++i], 0, (1LL << 62), centres_seed);
		else if (std::strcmp(argv[i], "--sigma") == 0 && has_value) {
			char *end = nullptr;
			sigma = std::strtod(argv[++i], &end);
			ok = end != argv[i] && *end == '\0' && std::isfinite(sigma) && sigma >= 0.0;
		} else if (argv[i][0] != '-' && out_path == nullptr)
			out_path = argv[i];
		else
			ok = false;
		if (!ok)
			return Usage();
	}
	if (rows < 0 || dims < 0 || seed < 0 || out_path == nullptr)
		return Usage();

	const auto dim_count = static_cast<std::size_t>(dims);
	std::vector<double> centres(static_cast<std::size_t>(clusters) * dim_count);
	vecsearch::NormalSource centre_source(static_cast<std::uint64_t>(centres_seed));
	for (double &c : centres)
		c = centre_source.Next();

	std::FILE *out = std::fopen(out_path, "wb");
	if (out == nullptr) {
		std::fprintf(stderr, "cannot open %s for writing\n", out_path);
		return 1;
	}
	vecsearch::NormalSource source(static_cast<std::uint64_t>(seed));
	// One record: int32 dimension, then the float32 values, both little-endian as on x86-64.
	const auto header = static_cast<std::int32_t>(dims);
	std::vector<float> values(dim_count);
	for (long long row = 0; row < rows; row++) {
		const double *centre = &centres[source.Below(static_cast<std::uint64_t>(clusters)) * dim_count];
		for (std::size_t d = 0; d < dim_count; d++)
			values[d] = static_cast<float>(centre[d] + sigma * source.Next());
		if (std::fwrite(&header, sizeof(header), 1, out) != 1 ||
		    std::fwrite(values.data(), sizeof(float), dim_count, out) != dim_count) {
			std::fprintf(stderr, "%s: write failed at row %lld\n", out_path, row);
			std::fclose(out);
			return 1;
		}
	}
	if (std::fclose(out) != 0) {
		std::fprintf(stderr, "%s: write failed\n", out_path);
		return 1;
	}
	std::fprintf(stderr, "  %lld rows of %lld dims written to %s\n", rows, dims, out_path);
	return 0;
}
