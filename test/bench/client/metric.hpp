// The four distance metrics of the benchmark: their SQL spelling (operator, operator class) and the exact
// distance the client computes for ground truth and recall. Ranks the same way the server's operator does.
#pragma once

#include <cstddef>
#include <string>

#include "core/simd/kernels.hpp"

namespace vecsearch::bench {

enum class Metric { kL2, kInnerProduct, kCosine, kL1 };

// "l2", "ip", "cosine", "l1" (also what --metric and a data set README's "metric:" line accept).
bool ParseMetric(const std::string &text, Metric *out);
const char *MetricName(Metric metric);
const char *MetricOperator(Metric metric); // <->, <#>, <=>, <+>
const char *MetricOpclass(Metric metric);  // vector_l2_ops, ...

// Computes a distance that orders pairs like the metric's SQL operator: squared L2 for L2 (same order,
// cheaper), negative inner product, 1 - cosine similarity, L1. For cosine, the caller passes each
// vector's inverse norm (0 for a zero vector, which then is infinitely far, as an index never returns it).
class DistanceFunction {
public:
	DistanceFunction(Metric metric, std::size_t dims);

	float operator()(const float *a, float a_inverse_norm, const float *b, float b_inverse_norm) const;

	// What the cosine case needs per vector: 1 / |v|, or 0 for a zero vector. Other metrics ignore it.
	float InverseNorm(const float *v) const;

private:
	Metric metric_;
	std::size_t dims_;
	const simd::KernelTable *kernels_;
};

} // namespace vecsearch::bench
