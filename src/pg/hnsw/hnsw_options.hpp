// HNSW settings a user controls: the index options (WITH (m, ef_construction)) and the hnsw.* GUCs, with
// pgvector's names, defaults and ranges; plus the shape of an index (dims, m, metric) as the code reads it.
#pragma once

#include "core/hnsw/hnsw_params.hpp"
#include "core/simd/kernels.hpp"
#include "pg/hnsw/hnsw_page.hpp"

namespace vecsearch::pg::hnsw {

enum class IterativeScan : int { kOff = 0, kRelaxedOrder = 1, kStrictOrder = 2 };

// GUC values (hnsw.*), read by scans.
extern int ef_search;
extern int iterative_scan;
extern int max_scan_tuples;
extern double scan_mem_multiplier;

// PG regime: registers the reloption kind and the GUCs. Called once from _PG_init.
void DefineOptionsAndGucs();

// PG regime: amoptions, parsing and validating WITH (m = ..., ef_construction = ...).
bytea *ParseOptions(Datum reloptions, bool validate);

// PG regime: the index's m and ef_construction from its reloptions (defaults when unset), validated.
vecsearch::hnsw::Params ReadParams(Relation index);

// The graph parameters every operation on an index uses (build, insert, vacuum): m and ef_construction as
// built, the level cap (a neighbour tuple must fit on a page) and whether an element no neighbour accepted is
// given an in-link anyway (not for raw inner product). The one place these are decided. Cannot raise.
vecsearch::hnsw::Params GraphParams(int m, int ef_construction, Metric metric);
inline vecsearch::hnsw::Params
GraphParamsOf(const MetaPageData &meta)
{
	return GraphParams(meta.m, meta.ef_construction, static_cast<Metric>(meta.metric));
}

// PG regime: the distance the operator class implies, from its support functions (1: distance, 2: norm).
Metric MetricOfOpclass(Relation index);

// The kernel that orders elements for a metric, from the active kernel table.
simd::PairKernel KernelFor(Metric metric);

// The kernel the insert's cover rule orders links by (core/hnsw/concurrent_links.hpp, DropIsCovered): it must be a
// metric, which negative inner product is not over vectors of any length: squared L2 for raw inner product.
simd::PairKernel CoverKernelFor(Metric metric);

// PG regime: the indexed column's declared dimensions, checked against kMaxDims (54000 when over).
int ColumnDims(Relation index);

} // namespace vecsearch::pg::hnsw
