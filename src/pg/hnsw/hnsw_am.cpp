// The hnsw index access method: the handler PostgreSQL calls to learn the AM's properties and callbacks.
// Every callback is a one-line guarded call (DESIGN.md section 2.2) into the file that implements it; the
// planner's cost model and the operator-class validator, small and PG-shaped, live here too.
#include <cfloat>

#include "core/hnsw/scan_cost.hpp"
#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_build.hpp"
#include "pg/hnsw/hnsw_maintenance.hpp"
#include "pg/hnsw/hnsw_options.hpp"
#include "pg/hnsw/hnsw_pages.hpp"
#include "pg/hnsw/hnsw_paths.hpp"
#include "pg/hnsw/hnsw_scan.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

// PG regime: whether the table's vectors live in TOAST: values too large to stay in line, and a TOAST
// relation larger than the heap (values that compress into the heap do not count).
bool
VectorsOutOfLine(PlannerInfo *root, IndexOptInfo *info, ElementShape shape)
{
	if (VARHDRSZ + 4 + shape.MaxBytes() < TOAST_TUPLE_THRESHOLD / 2)
		return false;
	const RangeTblEntry *rte = planner_rt_fetch(info->rel->relid, root);
	Relation heap = table_open(rte->relid, NoLock); // the planner holds a lock on it already
	const Oid toast = heap->rd_rel->reltoastrelid;
	table_close(heap, NoLock);
	if (!OidIsValid(toast))
		return false;
	Relation toast_rel = table_open(toast, AccessShareLock);
	const double toast_pages = RelationGetNumberOfBlocks(toast_rel);
	table_close(toast_rel, NoLock);
	return toast_pages > static_cast<double>(info->rel->pages);
}

// PG regime. The cost model (core/hnsw/scan_cost.hpp): an index scan does its work up front (the graph
// search) and then hands out rows, so startup cost is the search, priced in what a sequential scan of the
// same table is charged per row; all rows would take a search per ef_search rows, which keeps the index out
// of plans that read every row (no LIMIT, or a filter that keeps few). Without an ORDER BY it is useless.
void
CostEstimate(PlannerInfo *root, IndexPath *path, double loop_count, Cost *startup_cost, Cost *total_cost,
             Selectivity *selectivity, double *correlation, double *pages)
{
	if (path->indexorderbys == NIL) {
		*startup_cost = DBL_MAX;
		*total_cost = DBL_MAX;
		*selectivity = 0;
		*correlation = 0;
		*pages = 0;
		return;
	}
	IndexOptInfo *info = path->indexinfo;
	// m and dims as the index was built, from the metapage: the reloption can have been changed since by
	// ALTER INDEX ... SET (m = ...), which takes effect only at the next REINDEX (and may not even validate
	// against ef_construction).
	Relation index = index_open(info->indexoid, NoLock); // locked by the planner
	MetaPageData meta{};
	ReadMeta(index, &meta);
	index_close(index, NoLock);
	double seq_page_cost = 0;
	get_tablespace_page_costs(info->rel->reltablespace, nullptr, &seq_page_cost);
	double random_page_cost = 0;
	get_tablespace_page_costs(info->reltablespace, &random_page_cost, nullptr);
	const double heap_rows = Max(info->rel->tuples, 1.0);
	vecsearch::hnsw::ScanCostInput input;
	input.index_tuples = info->tuples;
	input.row_cost =
	    seq_page_cost * static_cast<double>(info->rel->pages) / heap_rows + cpu_tuple_cost + cpu_operator_cost;
	input.vectors_out_of_line = VectorsOutOfLine(root, info, ShapeOf(meta));
	input.m = meta.m;
	input.ef_search = ef_search;
	// Conditions on filter columns (index clauses): the walk goes on until it holds ef_search rows that meet
	// them, so the rarer they are the farther it walks.
	Selectivity filter_selectivity = 1.0;
	if (path->indexclauses != NIL)
		filter_selectivity = clauselist_selectivity(root, get_quals_from_indexclauses(path->indexclauses),
		                                            info->rel->relid, JOIN_INNER, nullptr);
	input.filter_selectivity = filter_selectivity;
	input.two_hop = NarrowsFilterCodes(info, path->indexclauses);
	input.random_page_cost = random_page_cost;
	const vecsearch::hnsw::ScanCostEstimate estimate = vecsearch::hnsw::EstimateScanCost(input);
	(void)loop_count; // every rescan (a LATERAL join's outer row) is a search of its own
	*startup_cost = estimate.startup;
	*total_cost = estimate.total;
	if (FilteredIndexWouldCheckMore(path)) {
		*startup_cost += disable_cost;
		*total_cost += disable_cost;
	}
	*selectivity = filter_selectivity;
	*correlation = 0;
	// Pages the first search reads, at the index's elements per page.
	*pages = Min(static_cast<double>(info->pages),
	             ceil(estimate.visits * static_cast<double>(info->pages) / Max(info->tuples, 1.0)));
}

// PG regime: checks an operator class. A vector class: strategy 1 is an ORDER BY operator, support 1 the
// distance (two arguments of the indexed type), support 2 optionally a norm (one argument), support 3
// optionally the type support function that names the element kind. A filter class (no support functions):
// search operators only, strategies 1-5 the comparisons, 6 `<>`, 7-9 the array operators `&&`, `@>`, `<@`.
bool
Validate(Oid opclass)
{
	bool valid = true;
	HeapTuple class_tuple = SearchSysCache1(CLAOID, ObjectIdGetDatum(opclass));
	if (!HeapTupleIsValid(class_tuple))
		elog(ERROR, "cache lookup failed for operator class %u", opclass);
	const auto *class_form = reinterpret_cast<Form_pg_opclass>(GETSTRUCT(class_tuple));
	const Oid family = class_form->opcfamily;
	const Oid type = class_form->opcintype;
	const char *name = NameStr(class_form->opcname);

	CatCList *procs = SearchSysCacheList1(AMPROCNUM, ObjectIdGetDatum(family));
	bool has_distance = false;
	for (int i = 0; i < procs->n_members; i++) {
		const auto *proc = reinterpret_cast<Form_pg_amproc>(GETSTRUCT(&procs->members[i]->tuple));
		bool ok = false;
		if (proc->amprocnum == 1) {
			ok = check_amproc_signature(proc->amproc, FLOAT8OID, false, 2, 2, type, type);
			has_distance = has_distance || ok;
		} else if (proc->amprocnum == 2) {
			ok = check_amproc_signature(proc->amproc, FLOAT8OID, false, 1, 1, type);
		} else if (proc->amprocnum == 3) { // the type support function (pgvector's hnsw_halfvec_support)
			ok = check_amproc_signature(proc->amproc, INTERNALOID, false, 1, 1, INTERNALOID);
		}
		if (!ok) {
			ereport(INFO,
			        (errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
			         errmsg("hnsw operator class \"%s\" has an invalid support function %d", name, proc->amprocnum)));
			valid = false;
		}
	}
	const bool filter_class = procs->n_members == 0;
	ReleaseSysCacheList(procs);

	CatCList *operators = SearchSysCacheList1(AMOPSTRATEGY, ObjectIdGetDatum(family));
	for (int i = 0; i < operators->n_members; i++) {
		const auto *op = reinterpret_cast<Form_pg_amop>(GETSTRUCT(&operators->members[i]->tuple));
		if (filter_class) {
			if (op->amopstrategy < 1 || op->amopstrategy > 9 || op->amoppurpose != AMOP_SEARCH) {
				ereport(INFO, (errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				               errmsg("hnsw operator class \"%s\" has an operator that is not a search operator "
				                      "with strategy 1 to 9",
				                      name)));
				valid = false;
			}
			continue;
		}
		if (op->amopstrategy != 1 || op->amoppurpose != AMOP_ORDER) {
			ereport(INFO, (errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
			               errmsg("hnsw operator class \"%s\" has an operator that is not an ORDER BY operator "
			                      "with strategy 1",
			                      name)));
			valid = false;
		}
	}
	ReleaseSysCacheList(operators);
	ReleaseSysCache(class_tuple);
	if (!has_distance && !filter_class) {
		ereport(INFO, (errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
		               errmsg("hnsw operator class \"%s\" has no distance function", name)));
		valid = false;
	}
	return valid;
}

// --- the callbacks PostgreSQL calls: each a guarded one-liner ---

IndexBuildResult *
AmBuild(Relation heap, Relation index, IndexInfo *index_info)
{
	return Guard([&] { return BuildIndex(heap, index, index_info); });
}
void
AmBuildEmpty(Relation index)
{
	Guard([&] { BuildEmptyIndex(index); });
}
bool
AmInsert(Relation index, Datum *values, bool *isnull, ItemPointer heap_tid, Relation heap,
         IndexUniqueCheck check_unique, bool index_unchanged, IndexInfo *index_info)
{
	return Guard([&] { return InsertRow(index, values, isnull, heap_tid); });
}
IndexBulkDeleteResult *
AmBulkDelete(IndexVacuumInfo *info, IndexBulkDeleteResult *stats, IndexBulkDeleteCallback callback,
             void *callback_state)
{
	return Guard([&] { return BulkDelete(info, stats, callback, callback_state); });
}
IndexBulkDeleteResult *
AmVacuumCleanup(IndexVacuumInfo *info, IndexBulkDeleteResult *stats)
{
	return Guard([&] { return VacuumCleanup(info, stats); });
}
void
AmCostEstimate(PlannerInfo *root, IndexPath *path, double loop_count, Cost *startup_cost, Cost *total_cost,
               Selectivity *selectivity, double *correlation, double *pages)
{
	Guard([&] { CostEstimate(root, path, loop_count, startup_cost, total_cost, selectivity, correlation, pages); });
}
bytea *
AmOptions(Datum reloptions, bool validate)
{
	return Guard([&] { return ParseOptions(reloptions, validate); });
}
char *
AmBuildPhaseName(int64 phase)
{
	return Guard([&] { return const_cast<char *>(BuildPhaseName(phase)); });
}
bool
AmValidate(Oid opclass)
{
	return Guard([&] { return Validate(opclass); });
}
IndexScanDesc
AmBeginScan(Relation index, int nkeys, int norderbys)
{
	return Guard([&] { return BeginScan(index, nkeys, norderbys); });
}
void
AmRescan(IndexScanDesc scan, ScanKey keys, int nkeys, ScanKey orderbys, int norderbys)
{
	Guard([&] { Rescan(scan, keys, nkeys, orderbys, norderbys); });
}
bool
AmGetTuple(IndexScanDesc scan, ScanDirection direction)
{
	return Guard([&] { return GetTuple(scan, direction); });
}
void
AmEndScan(IndexScanDesc scan)
{
	Guard([&] { EndScan(scan); });
}

Datum
Handler(FunctionCallInfo fcinfo)
{
	IndexAmRoutine *routine = makeNode(IndexAmRoutine);
	routine->amstrategies = 0;
	routine->amsupport = 3;
	routine->amoptsprocnum = 0;
	routine->amcanorder = false;
	routine->amcanorderbyop = true;
	routine->amcanbackward = false;
	routine->amcanunique = false;
	// Columns after the vector are filter columns (hnsw_filter.hpp): a scan need not constrain them, and takes
	// `= ANY(array)` and IS [NOT] NULL on them as index conditions.
	routine->amcanmulticol = true;
	routine->amoptionalkey = true;
	routine->amsearcharray = true;
	routine->amsearchnulls = true;
	routine->amstorage = false;
	routine->amclusterable = false;
	routine->ampredlocks = false;
	routine->amcanparallel = false;
	routine->amcaninclude = false;
	routine->amusemaintenanceworkmem = false;
	routine->amparallelvacuumoptions = VACUUM_OPTION_PARALLEL_BULKDEL;
	routine->amkeytype = InvalidOid;

	routine->ambuild = AmBuild;
	routine->ambuildempty = AmBuildEmpty;
	routine->aminsert = AmInsert;
	routine->ambulkdelete = AmBulkDelete;
	routine->amvacuumcleanup = AmVacuumCleanup;
	routine->amcanreturn = nullptr;
	routine->amcostestimate = AmCostEstimate;
	routine->amoptions = AmOptions;
	routine->amproperty = nullptr;
	routine->ambuildphasename = AmBuildPhaseName;
	routine->amvalidate = AmValidate;
	routine->amadjustmembers = nullptr;
	routine->ambeginscan = AmBeginScan;
	routine->amrescan = AmRescan;
	routine->amgettuple = AmGetTuple;
	routine->amgetbitmap = nullptr;
	routine->amendscan = AmEndScan;
	routine->ammarkpos = nullptr;
	routine->amrestrpos = nullptr;
	routine->amestimateparallelscan = nullptr;
	routine->aminitparallelscan = nullptr;
	routine->amparallelrescan = nullptr;
	PG_RETURN_POINTER(routine);
}

} // namespace

bool
IsHnswIndex(const IndexOptInfo *index)
{
	return index->amcostestimate == reinterpret_cast<void (*)()>(AmCostEstimate); // IndexOptInfo keeps it untyped
}

} // namespace vecsearch::pg::hnsw

VECSEARCH_PG_FUNCTION(vecsearch_hnsw_handler, vecsearch::pg::hnsw::Handler)
