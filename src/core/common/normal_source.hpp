// Seeded standard-normal numbers for synthetic data sets (vecsearch-make-fvecs, vecsearch-bench): Box-Muller
// over mt19937_64, whose output the standard fixes, rather than std::normal_distribution (implementation-
// defined), so a seed names the same data with any standard library; only libm's log/sin/cos rounding can
// differ in the last bit.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace vecsearch {

class NormalSource {
public:
	explicit NormalSource(std::uint64_t seed) : engine_(seed) {}

	double Next()
	{
		if (has_spare_) {
			has_spare_ = false;
			return spare_;
		}
		const double u1 = 1.0 - Uniform(); // (0, 1]: log stays finite
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

} // namespace vecsearch
