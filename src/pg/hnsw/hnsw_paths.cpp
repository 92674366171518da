// Adds `= ANY(array)` and boolean conditions on filter columns to the planner's hnsw index scans (see
// hnsw_paths.hpp).
#include "pg/hnsw/hnsw_paths.hpp"

#include "pg/boundary.hpp"

namespace vecsearch::pg::hnsw {
namespace {

set_rel_pathlist_hook_type previous_hook = nullptr;

// PG regime: the filter column (1-based index column past the first, as the planner counts from 0) that a
// restriction `column op ANY(array)` can be checked on, or -1. The array side must not depend on the row and
// must not be volatile; the operator must be in the column's operator family.
int
SearchArrayColumn(PlannerInfo *root, RelOptInfo *rel, IndexOptInfo *index, RestrictInfo *rinfo)
{
	if (!IsA(rinfo->clause, ScalarArrayOpExpr) || rinfo->pseudoconstant)
		return -1;
	auto *saop = reinterpret_cast<ScalarArrayOpExpr *>(rinfo->clause);
	if (!saop->useOr || list_length(saop->args) != 2) // `op ALL(array)` is not a search array
		return -1;
	Node *left = static_cast<Node *>(linitial(saop->args));
	Node *right = static_cast<Node *>(lsecond(saop->args));
	if (bms_is_member(static_cast<int>(rel->relid), pull_varnos(root, right)) || contain_volatile_functions(right))
		return -1;
	for (int column = 1; column < index->nkeycolumns; column++) {
		if (match_index_to_operand(left, column, index) && op_in_opfamily(saop->opno, index->opfamily[column]))
			return column;
	}
	return -1;
}

// PG regime: for a restriction that is a boolean filter column itself (`WHERE flag`, `WHERE NOT flag`: the
// planner turns `flag = true` into these and matches them to btree's boolean family only), the index
// condition `flag = true` or `flag = false` and its column; nullptr otherwise.
RestrictInfo *
BooleanColumnCondition(PlannerInfo *root, IndexOptInfo *index, RestrictInfo *rinfo, int *column_out)
{
	Node *clause = reinterpret_cast<Node *>(rinfo->clause);
	bool value = true;
	if (is_notclause(clause)) {
		clause = reinterpret_cast<Node *>(get_notclausearg(reinterpret_cast<Expr *>(clause)));
		value = false;
	}
	if (exprType(clause) != BOOLOID)
		return nullptr;
	for (int column = 1; column < index->nkeycolumns; column++) {
		if (!match_index_to_operand(clause, column, index) ||
		    !op_in_opfamily(BooleanEqualOperator, index->opfamily[column]))
			continue;
		Expr *condition =
		    make_opclause(BooleanEqualOperator, BOOLOID, false, static_cast<Expr *>(copyObjectImpl(clause)),
		                  reinterpret_cast<Expr *>(makeBoolConst(value, false)), InvalidOid, InvalidOid);
		set_opfuncid(reinterpret_cast<OpExpr *>(condition));
		*column_out = column;
		return make_simple_restrictinfo(root, condition);
	}
	return nullptr;
}

// Whether `rinfo` is already one of the path's index conditions.
bool
AlreadyIndexed(const IndexPath *path, const RestrictInfo *rinfo)
{
	ListCell *cell = nullptr;
	foreach (cell, path->indexclauses) {
		if (static_cast<const IndexClause *>(lfirst(cell))->rinfo == rinfo)
			return true;
	}
	return false;
}

// PG regime: a copy of `path` that also checks every applicable `= ANY(array)` and boolean restriction in the
// index, costed again; nullptr when there is none to add.
IndexPath *
WithMoreConditions(PlannerInfo *root, RelOptInfo *rel, IndexPath *path)
{
	IndexOptInfo *index = path->indexinfo;
	List *added = NIL;
	ListCell *cell = nullptr;
	foreach (cell, index->indrestrictinfo) {
		auto *rinfo = static_cast<RestrictInfo *>(lfirst(cell));
		if (AlreadyIndexed(path, rinfo))
			continue;
		int column = SearchArrayColumn(root, rel, index, rinfo);
		RestrictInfo *condition = column >= 0 ? rinfo : BooleanColumnCondition(root, index, rinfo, &column);
		if (condition == nullptr)
			continue;
		IndexClause *clause = makeNode(IndexClause);
		clause->rinfo = rinfo;
		clause->indexquals = list_make1(condition);
		clause->lossy = false;
		clause->indexcol = static_cast<AttrNumber>(column);
		clause->indexcols = NIL;
		added = lappend(added, clause);
	}
	if (added == NIL)
		return nullptr;
	IndexPath *copy = makeNode(IndexPath);
	*copy = *path;
	// Index clauses are listed by column.
	List *clauses = NIL;
	for (int column = 0; column < index->nkeycolumns; column++) {
		foreach (cell, path->indexclauses) {
			if (static_cast<IndexClause *>(lfirst(cell))->indexcol == column)
				clauses = lappend(clauses, lfirst(cell));
		}
		foreach (cell, added) {
			if (static_cast<IndexClause *>(lfirst(cell))->indexcol == column)
				clauses = lappend(clauses, lfirst(cell));
		}
	}
	copy->indexclauses = clauses;
	cost_index(copy, root, 1.0, false);
	return copy;
}

// The hook: every unparameterized, ordered hnsw scan of a plain table is replaced by one that also checks the
// `= ANY(array)` and boolean restrictions on its filter columns. Replaced, not added beside it: a condition checked
// during the walk is never worse than the same condition checked on the rows the walk returned, which a scan without it
// may return too few of to fill a LIMIT.
void
SetRelPathlist(PlannerInfo *root, RelOptInfo *rel, Index rti, RangeTblEntry *rte)
{
	if (previous_hook != nullptr)
		previous_hook(root, rel, rti, rte);
	if (rel->reloptkind != RELOPT_BASEREL || rte->rtekind != RTE_RELATION || rel->baserestrictinfo == NIL)
		return;
	List *replaced = NIL;
	List *replacements = NIL;
	ListCell *cell = nullptr;
	foreach (cell, rel->pathlist) {
		auto *path = static_cast<Path *>(lfirst(cell));
		if (!IsA(path, IndexPath) || path->param_info != nullptr)
			continue;
		auto *index_path = reinterpret_cast<IndexPath *>(path);
		if (!IsHnswIndex(index_path->indexinfo) || index_path->indexorderbys == NIL ||
		    index_path->indexinfo->nkeycolumns < 2)
			continue;
		if (IndexPath *copy = WithMoreConditions(root, rel, index_path)) {
			replaced = lappend(replaced, path);
			replacements = lappend(replacements, copy);
		}
	}
	foreach (cell, replaced)
		rel->pathlist = list_delete_ptr(rel->pathlist, lfirst(cell));
	foreach (cell, replacements)
		add_path(rel, static_cast<Path *>(lfirst(cell)));
}

} // namespace

void
InstallPathHook()
{
	previous_hook = set_rel_pathlist_hook;
	set_rel_pathlist_hook = [](PlannerInfo *root, RelOptInfo *rel, Index rti, RangeTblEntry *rte) {
		Guard([&] { PgCall([&] { SetRelPathlist(root, rel, rti, rte); }); });
	};
}

} // namespace vecsearch::pg::hnsw
