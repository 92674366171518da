// Metric names and exact distances over the core's SIMD kernels (picked once for this CPU).
#include "metric.hpp"

#include <cmath>
#include <limits>

namespace vecsearch::bench {

bool
ParseMetric(const std::string &text, Metric *out)
{
	if (text == "l2")
		*out = Metric::kL2;
	else if (text == "ip")
		*out = Metric::kInnerProduct;
	else if (text == "cosine")
		*out = Metric::kCosine;
	else if (text == "l1")
		*out = Metric::kL1;
	else
		return false;
	return true;
}

const char *
MetricName(Metric metric)
{
	switch (metric) {
	case Metric::kL2: return "l2";
	case Metric::kInnerProduct: return "ip";
	case Metric::kCosine: return "cosine";
	case Metric::kL1: return "l1";
	}
	return "?";
}

const char *
MetricOperator(Metric metric)
{
	switch (metric) {
	case Metric::kL2: return "<->";
	case Metric::kInnerProduct: return "<#>";
	case Metric::kCosine: return "<=>";
	case Metric::kL1: return "<+>";
	}
	return "?";
}

const char *
MetricOpclass(Metric metric)
{
	switch (metric) {
	case Metric::kL2: return "vector_l2_ops";
	case Metric::kInnerProduct: return "vector_ip_ops";
	case Metric::kCosine: return "vector_cosine_ops";
	case Metric::kL1: return "vector_l1_ops";
	}
	return "?";
}

DistanceFunction::DistanceFunction(Metric metric, std::size_t dims)
    : metric_(metric), dims_(dims), kernels_(&simd::KernelsFor(simd::DetectCpuLevel()))
{
}

float
DistanceFunction::operator()(const float *a, float a_inverse_norm, const float *b, float b_inverse_norm) const
{
	switch (metric_) {
	case Metric::kL2: return kernels_->l2_squared(a, b, dims_);
	case Metric::kInnerProduct: return kernels_->negative_inner_product(a, b, dims_);
	case Metric::kL1: return kernels_->l1(a, b, dims_);
	case Metric::kCosine:
		if (a_inverse_norm == 0.0f || b_inverse_norm == 0.0f)
			return std::numeric_limits<float>::infinity();
		return 1.0f - kernels_->inner_product(a, b, dims_) * a_inverse_norm * b_inverse_norm;
	}
	return 0.0f;
}

float
DistanceFunction::InverseNorm(const float *v) const
{
	if (metric_ != Metric::kCosine)
		return 1.0f;
	const double norm = std::sqrt(static_cast<double>(kernels_->inner_product(v, v, dims_)));
	return norm > 0.0 && std::isfinite(norm) ? static_cast<float>(1.0 / norm) : 0.0f;
}

} // namespace vecsearch::bench
