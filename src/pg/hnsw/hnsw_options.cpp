// Index options and GUCs of the hnsw access method, and reading an index's shape from its catalog entries.
// PG regime throughout.
#include "pg/hnsw/hnsw_options.hpp"

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
GraphParams(int m, int ef_construction, Metric metric)
{
	vecsearch::hnsw::Params params;
	params.m = m;
	params.ef_construction = ef_construction;
	params.max_level = MaxLevelForM(m);
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

Metric
MetricOfOpclass(Relation index)
{
	const Oid distance = index_getprocid(index, 1, 1);
	const bool normalizes = OidIsValid(index_getprocid(index, 1, 2));
	const char *symbol = SupportSymbol(distance);
	if (std::strcmp(symbol, "vecsearch_l2_squared_distance") == 0 || std::strcmp(symbol, "vecsearch_l2_distance") == 0)
		return Metric::kL2;
	if (std::strcmp(symbol, "vecsearch_negative_inner_product") == 0)
		return normalizes ? Metric::kCosine : Metric::kInnerProduct;
	if (std::strcmp(symbol, "vecsearch_l1_distance") == 0)
		return Metric::kL1;
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("hnsw operator class uses an unsupported distance function \"%s\"", symbol)));
	pg_unreachable();
}

simd::PairKernel
KernelFor(Metric metric)
{
	switch (metric) {
	case Metric::kL2: return Kernels().l2_squared;
	case Metric::kInnerProduct:
	case Metric::kCosine: return Kernels().negative_inner_product;
	case Metric::kL1: return Kernels().l1;
	}
	return Kernels().l2_squared;
}

simd::PairKernel
CoverKernelFor(Metric metric)
{
	return metric == Metric::kInnerProduct ? Kernels().l2_squared : KernelFor(metric);
}

int
ColumnDims(Relation index)
{
	const int dims = TupleDescAttr(index->rd_att, 0)->atttypmod;
	if (dims < 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("column does not have dimensions")));
	if (dims > kMaxDims)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
		                errmsg("column cannot have more than %d dimensions for hnsw index", kMaxDims)));
	return dims;
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
