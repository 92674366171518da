// Clustered Gaussian generation. The normal source is Box-Muller over mt19937_64 (whose output the standard
// fixes) rather than std::normal_distribution (implementation-defined), so a seed names the same data with
// any standard library; it draws exactly as vecsearch-make-fvecs does.
#include "synthetic_data.hpp"

#include <cmath>
#include <cstdlib>
#include <numbers>
#include <random>
#include <string>

#include "core/common/normal_source.hpp"
#include "progress.hpp"

namespace vecsearch::bench {

namespace {

constexpr std::uint64_t kCentresSeed = 20240601;
constexpr double kSigma = 0.5;

bool
ParseNumber(const std::string &text, std::uint64_t max_value, std::uint64_t *out)
{
	if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos)
		return false;
	*out = std::strtoull(text.c_str(), nullptr, 10);
	return *out <= max_value;
}

} // namespace

bool
ParseSyntheticSpec(const std::string &text, SyntheticSpec *out)
{
	const std::string prefix = "synthetic:";
	if (text.rfind(prefix, 0) != 0)
		return false;
	std::string rest = text.substr(prefix.size());
	std::vector<std::string> parts;
	std::size_t start = 0;
	for (;;) {
		const std::size_t colon = rest.find(':', start);
		parts.push_back(rest.substr(start, colon - start));
		if (colon == std::string::npos)
			break;
		start = colon + 1;
	}
	if (parts.size() > 3)
		return false;
	const std::size_t x = parts[0].find('x');
	if (x == std::string::npos)
		return false;
	std::uint64_t rows = 0;
	std::uint64_t dims = 0;
	std::uint64_t clusters = 100;
	std::uint64_t seed = 1;
	if (!ParseNumber(parts[0].substr(0, x), 1ULL << 36, &rows) || rows == 0 ||
	    !ParseNumber(parts[0].substr(x + 1), 16000, &dims) || dims == 0)
		return false;
	if (parts.size() > 1 && (!ParseNumber(parts[1], 1000000, &clusters) || clusters == 0))
		return false;
	if (parts.size() > 2 && !ParseNumber(parts[2], 1ULL << 62, &seed))
		return false;
	out->rows = rows;
	out->dims = static_cast<std::uint32_t>(dims);
	out->clusters = static_cast<std::uint32_t>(clusters);
	out->seed = seed;
	return true;
}

std::vector<float>
GenerateClusteredGaussian(std::uint64_t rows, std::uint32_t dims, std::uint32_t clusters, std::uint64_t seed,
                          Progress *progress)
{
	std::vector<double> centres(static_cast<std::size_t>(clusters) * dims);
	NormalSource centre_source(kCentresSeed);
	for (double &c : centres)
		c = centre_source.Next();

	std::vector<float> values(static_cast<std::size_t>(rows) * dims);
	NormalSource source(seed);
	for (std::uint64_t row = 0; row < rows; row++) {
		const double *centre = &centres[source.Below(clusters) * dims];
		float *out = &values[row * dims];
		for (std::uint32_t d = 0; d < dims; d++)
			out[d] = static_cast<float>(centre[d] + kSigma * source.Next());
		if (progress != nullptr && row % 4096 == 0)
			progress->Update(row);
	}
	return values;
}

} // namespace vecsearch::bench
