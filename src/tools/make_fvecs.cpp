// Writes a seeded synthetic data set as an fvecs file: clustered Gaussian points (C centres, each point a
// centre plus N(0, sigma^2) noise per coordinate), for benchmarks that need sizes the real data sets lack.
// Centres come from their own seed (--centres-seed), so a query file made with another --seed lies in the
// same clusters as the base file. Not a data set with ground truth: exact search provides that.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <random>
#include <vector>

namespace {

constexpr long long kMaxDims = 16000;

// Draws standard normal numbers. Hand-written (Box-Muller on mt19937_64, whose output sequence the standard
// fixes) rather than std::normal_distribution, whose output is implementation-defined: a seed then names
// the same file with any standard library; only libm's log/sin/cos rounding can differ in the last bit.
class NormalSource {
public:
	explicit NormalSource(std::uint64_t seed) : engine_(seed) {}

	double Next()
	{
		if (has_spare_) {
			has_spare_ = false;
			return spare_;
		}
		// u1 in (0, 1] so log(u1) is finite; u2 in [0, 1).
		const double u1 = 1.0 - Uniform();
		const double u2 = Uniform();
		const double radius = std::sqrt(-2.0 * std::log(u1));
		const double angle = 2.0 * std::numbers::pi * u2;
		spare_ = radius * std::sin(angle);
		has_spare_ = true;
		return radius * std::cos(angle);
	}

	// Uniform integer in [0, bound), bound > 0; the modulo bias is below 2^-40 for any bound used here.
	std::uint64_t Below(std::uint64_t bound) { return engine_() % bound; }

private:
	// Uniform double in [0, 1) from the top 53 bits (std::generate_canonical's bit use varies by library).
	double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

	std::mt19937_64 engine_;
	double spare_ = 0.0;
	bool has_spare_ = false;
};

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
	NormalSource centre_source(static_cast<std::uint64_t>(centres_seed));
	for (double &c : centres)
		c = centre_source.Next();

	std::FILE *out = std::fopen(out_path, "wb");
	if (out == nullptr) {
		std::fprintf(stderr, "cannot open %s for writing\n", out_path);
		return 1;
	}
	NormalSource source(static_cast<std::uint64_t>(seed));
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
