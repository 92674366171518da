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
// `filter_codes`: neighbour tuples carry filter codes (kMetaFlagFilterCodes), which lowers the cap for large m.
vecsearch::hnsw::Params GraphParams(int m, int ef_construction, Metric metric, bool filter_codes);
inline vecsearch::hnsw::Params
GraphParamsOf(const MetaPageData &meta)
{
	return GraphParams(meta.m, meta.ef_construction, static_cast<Metric>(meta.metric),
	                   (meta.flags & kMetaFlagFilterCodes) != 0);
}

// What an operator class stores and how it measures: the element kind (support function 3, pgvector's type
// support function, names it; vector's classes have none) and the metric (support function 1 is the distance,
// support function 2 a norm, present for cosine).
struct OpclassShape {
	vecsearch::hnsw::ElementKind kind;
	Metric metric;
};
// PG regime: raises for an operator class whose functions are not ours.
OpclassShape OpclassShapeOf(Relation index);

// The distance that orders elements of `kind` under `metric`, from the active kernel table.
vecsearch::hnsw::ElementDistance DistanceFor(vecsearch::hnsw::ElementKind kind, Metric metric);

// The distance the insert's cover rule orders links by (core/hnsw/concurrent_links.hpp, DropIsCovered): it must be
// a metric, which negative inner product is not over vectors of any length: squared L2 for raw inner product.
vecsearch::hnsw::ElementDistance CoverDistanceFor(vecsearch::hnsw::ElementKind kind, Metric metric);

inline vecsearch::hnsw::ElementDistance
DistanceOf(const MetaPageData &meta)
{
	return DistanceFor(static_cast<vecsearch::hnsw::ElementKind>(meta.element_kind), static_cast<Metric>(meta.metric));
}
inline vecsearch::hnsw::ElementDistance
CoverDistanceOf(const MetaPageData &meta)
{
	return CoverDistanceFor(static_cast<vecsearch::hnsw::ElementKind>(meta.element_kind),
	                        static_cast<Metric>(meta.metric));
}

// PG regime: the indexed column's declared dimensions, checked against the kind's limit (54000 when over).
ElementShape ColumnShape(Relation index, vecsearch::hnsw::ElementKind kind);

} // namespace vecsearch::pg::hnsw
