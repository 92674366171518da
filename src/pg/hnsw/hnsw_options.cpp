// Index options and GUCs of the hnsw access method, and reading an index's shape from its catalog entries.
// PG regime throughout.
#include "pg/hnsw/hnsw_options.hpp"

#include "core/vector/sparsevec_ops.hpp"
#include "pg/boundary.hpp"
#include "pg/kernels.hpp"
#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

int ef_search = vecsearch::hnsw::kDefaultEfSearch;
int iterative_scan = static_cast<int>(IterativeScan::kOff);
int max_scan_tuples = 20000;
double scan_mem_multiplier = 1.0;

namespace {

relopt_kind option_kind;

// The reloptions varlena that build_reloptions fills.
struct Options {
	int32 vl_len_;
	int m;
	int ef_construction;
};

const config_enum_entry kIterativeScanOptions[] = {
    {"off", static_cast<int>(IterativeScan::kOff), false},
    {"relaxed_order", static_cast<int>(IterativeScan::kRelaxedOrder), false},
    {"strict_order", static_cast<int>(IterativeScan::kStrictOrder), false},
    {nullptr, 0, false},
};

} // namespace

void
DefineOptionsAndGucs()
{
	option_kind = add_reloption_kind();
	add_int_reloption(option_kind, "m", "Max number of connections", vecsearch::hnsw::kDefaultM, vecsearch::hnsw::kMinM,
	                  vecsearch::hnsw::kMaxM, AccessExclusiveLock);
	add_int_reloption(option_kind, "ef_construction", "Size of the dynamic candidate list for construction",
	                  vecsearch::hnsw::kDefaultEfConstruction, vecsearch::hnsw::kMinEfConstruction,
	                  vecsearch::hnsw::kMaxEfConstruction, AccessExclusiveLock);

	DefineCustomIntVariable("hnsw.ef_search", "Sets the size of the dynamic candidate list for search",
	                        "Valid range is 1..1000.", &ef_search, vecsearch::hnsw::kDefaultEfSearch,
	                        vecsearch::hnsw::kMinEfSearch, vecsearch::hnsw::kMaxEfSearch, PGC_USERSET, 0, nullptr,
	                        nullptr, nullptr);
	DefineCustomEnumVariable("hnsw.iterative_scan", "Sets the mode for iterative scans", nullptr, &iterative_scan,
	                         static_cast<int>(IterativeScan::kOff), kIterativeScanOptions, PGC_USERSET, 0, nullptr,
	                         nullptr, nullptr);
	DefineCustomIntVariable("hnsw.max_scan_tuples", "Sets the max number of tuples to visit for iterative scans",
	                        nullptr, &max_scan_tuples, 20000, 1, INT_MAX, PGC_USERSET, 0, nullptr, nullptr, nullptr);
	DefineCustomRealVariable("hnsw.scan_mem_multiplier", "Sets the multiple of work_mem to use for iterative scans",
	                         nullptr, &scan_mem_multiplier, 1, 1, 1000, PGC_USERSET, 0, nullptr, nullptr, nullptr);
	MarkGUCPrefixReserved("hnsw");
}

vecsearch::hnsw::Params
ReadParams(Relation index)
{
	vecsearch::hnsw::Params params;
	if (const auto *options = reinterpret_cast<const Options *>(index->rd_options)) {
		params.m = options->m;
		params.ef_construction = options->ef_construction;
	}
	if (params.ef_construction < 2 * params.m)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("ef_construction must be greater than or equal to 2 * m")));
	return params;
}

vecsearch::hnsw::Params
GraphParams(int m, int ef_construction, Metric metric, bool filter_codes)
{
	vecsearch::hnsw::Params params;
	params.m = m;
	params.ef_construction = ef_construction;
	params.max_level = MaxLevelForM(m, filter_codes);
	params.force_in_links = metric != Metric::kInnerProduct;
	return params;
}

// The C symbol behind a support function: robust against the SQL function being renamed.
static char *
SupportSymbol(Oid function)
{
	HeapTuple tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(function));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for function %u", function);
	bool isnull = false;
	const Datum source = SysCacheGetAttr(PROCOID, tuple, Anum_pg_proc_prosrc, &isnull);
	char *symbol = isnull ? pstrdup("") : TextDatumGetCString(source);
	ReleaseSysCache(tuple);
	return symbol;
}

namespace {

using vecsearch::hnsw::ElementKind;

// Support function 1 of every operator class, by C symbol: the element kind it measures and the metric
// ("normalizes" tells cosine from inner product: support function 2 is present).
struct DistanceSymbol {
	const char *symbol;
	ElementKind kind;
	Metric metric;
};
constexpr DistanceSymbol kDistanceSymbols[] = {
    {"vecsearch_l2_squared_distance", ElementKind::kFloat32, Metric::kL2},
    {"vecsearch_l2_distance", ElementKind::kFloat32, Metric::kL2},
    {"vecsearch_negative_inner_product", ElementKind::kFloat32, Metric::kInnerProduct},
    {"vecsearch_l1_distance", ElementKind::kFloat32, Metric::kL1},
    {"vecsearch_halfvec_l2_squared_distance", ElementKind::kFloat16, Metric::kL2},
    {"vecsearch_halfvec_negative_inner_product", ElementKind::kFloat16, Metric::kInnerProduct},
    {"vecsearch_halfvec_l1_distance", ElementKind::kFloat16, Metric::kL1},
    {"vecsearch_hamming_distance", ElementKind::kBits, Metric::kHamming},
    {"vecsearch_jaccard_distance", ElementKind::kBits, Metric::kJaccard},
    {"vecsearch_sparsevec_l2_squared_distance", ElementKind::kSparse, Metric::kL2},
    {"vecsearch_sparsevec_negative_inner_product", ElementKind::kSparse, Metric::kInnerProduct},
    {"vecsearch_sparsevec_l1_distance", ElementKind::kSparse, Metric::kL1},
};

// Support function 3 (pgvector's type-support function, hnsw_halfvec_support and the like): which element
// kind the operator class stores. Absent for vector's operator classes.
struct KindSymbol {
	const char *symbol;
	ElementKind kind;
};
constexpr KindSymbol kKindSymbols[] = {
    {"vecsearch_hnsw_halfvec_support", ElementKind::kFloat16},
    {"vecsearch_hnsw_bit_support", ElementKind::kBits},
    {"vecsearch_hnsw_sparsevec_support", ElementKind::kSparse},
};

float
SparseNegativeInnerProduct(const SparseView &a, const SparseView &b) noexcept
{
	return -SparseInnerProduct(a, b);
}

} // namespace

OpclassShape
OpclassShapeOf(Relation index)
{
	ElementKind kind = ElementKind::kFloat32;
	const Oid kind_support = index_getprocid(index, 1, 3);
	if (OidIsValid(kind_support)) {
		const char *symbol = SupportSymbol(kind_support);
		bool known = false;
		for (const KindSymbol &entry : kKindSymbols)
			if (std::strcmp(symbol, entry.symbol) == 0) {
				kind = entry.kind;
				known = true;
			}
		if (!known)
			ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			                errmsg("hnsw operator class uses an unsupported type support function \"%s\"", symbol)));
	}
	const bool normalizes = OidIsValid(index_getprocid(index, 1, 2));
	const char *symbol = SupportSymbol(index_getprocid(index, 1, 1));
	for (const DistanceSymbol &entry : kDistanceSymbols) {
		if (std::strcmp(symbol, entry.symbol) != 0)
			continue;
		if (entry.kind != kind)
			break; // a distance over another type than the support function names
		const Metric metric = entry.metric == Metric::kInnerProduct && normalizes ? Metric::kCosine : entry.metric;
		return {kind, metric};
	}
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("hnsw operator class uses an unsupported distance function \"%s\"", symbol)));
	pg_unreachable();
}

vecsearch::hnsw::ElementDistance
DistanceFor(ElementKind kind, Metric metric)
{
	const simd::KernelTable &k = Kernels();
	if (kind == ElementKind::kSparse) {
		using vecsearch::hnsw::ElementDistance;
		switch (metric) {
		case Metric::kInnerProduct:
		case Metric::kCosine: return ElementDistance::Sparse(SparseNegativeInnerProduct);
		case Metric::kL1: return ElementDistance::Sparse(SparseL1);
		default: return ElementDistance::Sparse(SparseL2Squared);
		}
	}
	if (kind == ElementKind::kBits)
		return metric == Metric::kJaccard ? vecsearch::hnsw::ElementDistance::Jaccard(k.jaccard_parts)
		                                  : vecsearch::hnsw::ElementDistance::Hamming(k.hamming);
	const bool half = kind == ElementKind::kFloat16;
	switch (metric) {
	case Metric::kInnerProduct:
	case Metric::kCosine:
		return half ? vecsearch::hnsw::ElementDistance::Halves(k.half_negative_inner_product)
		            : vecsearch::hnsw::ElementDistance(k.negative_inner_product);
	case Metric::kL1:
		return half ? vecsearch::hnsw::ElementDistance::Halves(k.half_l1) : vecsearch::hnsw::ElementDistance(k.l1);
	default: break;
	}
	return half ? vecsearch::hnsw::ElementDistance::Halves(k.half_l2_squared)
	            : vecsearch::hnsw::ElementDistance(k.l2_squared);
}

vecsearch::hnsw::ElementDistance
CoverDistanceFor(ElementKind kind, Metric metric)
{
	return DistanceFor(kind, metric == Metric::kInnerProduct ? Metric::kL2 : metric);
}

ElementShape
ColumnShape(Relation index, ElementKind kind)
{
	// bit_*_ops take varbit too (binary coercible), but an element needs one length for the whole index.
	if (TupleDescAttr(index->rd_att, 0)->atttypid == VARBITOID)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("type not supported for hnsw index")));
	const int dims = TupleDescAttr(index->rd_att, 0)->atttypmod;
	if (dims < 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("column does not have dimensions")));
	if (dims > MaxDimsFor(kind))
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
		                errmsg("column cannot have more than %d dimensions for hnsw index", MaxDimsFor(kind))));
	return {kind, dims};
}

bytea *
ParseOptions(Datum reloptions, bool validate)
{
	static const relopt_parse_elt kTable[] = {
	    {"m", RELOPT_TYPE_INT, offsetof(Options, m)},
	    {"ef_construction", RELOPT_TYPE_INT, offsetof(Options, ef_construction)},
	};
	return static_cast<bytea *>(
	    build_reloptions(reloptions, validate, option_kind, sizeof(Options), kTable, lengthof(kTable)));
}

} // namespace vecsearch::pg::hnsw

namespace vecsearch::pg::hnsw {
namespace {

// pgvector's type support functions (support function 3 of the halfvec and bit operator classes). The index
// recognises them by their C symbol (OpclassShapeOf) without calling them; called, each returns a pointer to
// the element kind its operator classes store.
constexpr ElementKind kHalfvecKind = ElementKind::kFloat16;
constexpr ElementKind kBitKind = ElementKind::kBits;
constexpr ElementKind kSparsevecKind = ElementKind::kSparse;

Datum
HalfvecSupport(FunctionCallInfo)
{
	return PointerGetDatum(&kHalfvecKind);
}

Datum
BitSupport(FunctionCallInfo)
{
	return PointerGetDatum(&kBitKind);
}

Datum
SparsevecSupport(FunctionCallInfo)
{
	return PointerGetDatum(&kSparsevecKind);
}

} // namespace
} // namespace vecsearch::pg::hnsw

VECSEARCH_PG_FUNCTION(vecsearch_hnsw_halfvec_support, vecsearch::pg::hnsw::HalfvecSupport)
VECSEARCH_PG_FUNCTION(vecsearch_hnsw_bit_support, vecsearch::pg::hnsw::BitSupport)
VECSEARCH_PG_FUNCTION(vecsearch_hnsw_sparsevec_support, vecsearch::pg::hnsw::SparsevecSupport)
