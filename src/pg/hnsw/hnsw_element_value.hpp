// A table value or a query made ready for the graph, for every element kind: detoasted, its dimensions checked,
// encoded as the index stores its elements (float32, binary16, bits, or a sparse element), at unit length under
// cosine. The one place build, insert and scan turn a Datum into an element.
#pragma once

#include <memory_resource>
#include <vector>

#include "pg/hnsw/hnsw_page.hpp"
#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

// C++ regime.
class ElementValue {
public:
	ElementValue(ElementShape shape, Metric metric, std::pmr::memory_resource *memory);

	// A row's element, or nullptr for a value the index leaves out (a zero vector under cosine has no direction).
	// A value of other dimensions than the index's is an error ("expected N dimensions, not M"), so is a sparse
	// one of more than kMaxSparseNonZeros non-zeros. Valid until the next call or Release().
	const void *PrepareRow(Datum value);

	// A scan's query, copied (nothing detoasted is kept: a LATERAL join rescans once per outer row). A NULL query
	// is the zero element (pgvector orders every row at distance 0; either order is arbitrary); under cosine a
	// zero query stays zero. A query of other dimensions is the distance function's error, the query named
	// first. Valid until the next call.
	const void *PrepareQuery(Datum value, bool isnull);

	// Frees a detoasted copy made by the last PrepareRow.
	void Release() noexcept;

private:
	// Detoasts `value` (remembered for Release) and checks its dimensions; the element's bytes in the datum
	// (a sparse one encoded into buffer_).
	const void *Detoast(Datum value, bool query);
	// The element at unit length, in normalized_; nullptr for a zero vector.
	const void *Normalize(const void *element);

	ElementShape shape_;
	Metric metric_;
	// Floats, so any kind's element in them is aligned for the kernels.
	std::pmr::vector<float> buffer_;                // a copied query, an encoded sparse value
	std::pmr::vector<float> normalized_;            // a value at unit length
	std::pmr::vector<std::int32_t> sparse_indices_; // a sparse value being normalised
	std::pmr::vector<float> sparse_values_;
	void *detoasted_ = nullptr;
};

} // namespace vecsearch::pg::hnsw
