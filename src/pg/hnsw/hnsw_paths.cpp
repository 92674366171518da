// The planner's side of filter columns (see hnsw_paths.hpp): which restrictions are conditions on a filter
// column (one decomposition for all uses), the hook that adds `= ANY(array)` and boolean conditions to the hnsw
// index scans, and what the cost model asks about a path's conditions.
#include "pg/hnsw/hnsw_paths.hpp"

#include "pg/boundary.hpp"

namespace vecsearch::pg::hnsw {
namespace {

set_rel_pathlist_hook_type previous_hook = nullptr;

// The parts of a restriction that decide whether it is a condition on a filter column: the operand that must be
// the column and the operator, which must be in the column's family (InvalidOid for IS [NOT] NULL, which any
// column takes; boolean `=` for a bare boolean column or its negation, `negated` then).
struct ConditionShape {
	Node *operand = nullptr;
	Oid op = InvalidOid;
	bool bare_boolean = false;
	bool negated = false;
};

// PG regime: the shape of `clause`, or false when it cannot be a filter condition: `column op value`,
// `column op ANY(array)` (not `ALL`: the scan keys' arrays mean ANY), `column IS [NOT] NULL`, `column`, `NOT column`.
bool
DecomposeCondition(Node *clause, ConditionShape *shape)
{
	*shape = ConditionShape{};
	if (IsA(clause, OpExpr) && list_length(reinterpret_cast<OpExpr *>(clause)->args) == 2) {
		shape->operand = static_cast<Node *>(linitial(reinterpret_cast<OpExpr *>(clause)->args));
		shape->op = reinterpret_cast<OpExpr *>(clause)->opno;
	} else if (IsA(clause, ScalarArrayOpExpr)) {
		auto *saop = reinterpret_cast<ScalarArrayOpExpr *>(clause);
		if (!saop->useOr || list_length(saop->args) != 2)
			return false;
		shape->operand = static_cast<Node *>(linitial(saop->args));
		shape->op = saop->opno;
	} else if (IsA(clause, NullTest)) {
		shape->operand = reinterpret_cast<Node *>(reinterpret_cast<NullTest *>(clause)->arg);
	} else if (exprType(clause) == BOOLOID) {
		shape->negated = is_notclause(clause);
		shape->operand =
		    shape->negated ? reinterpret_cast<Node *>(get_notclausearg(reinterpret_cast<Expr *>(clause))) : clause;
		shape->op = BooleanEqualOperator;
		shape->bare_boolean = true;
	}
	return shape->operand != nullptr;
}

// PG regime: the filter column (index column past the first, counted from 0 as the planner does) a condition of
// this shape is on, or -1.
int
FilterColumnOf(IndexOptInfo *index, const ConditionShape &shape)
{
	for (int column = 1; column < index->nkeycolumns; column++) {
		if (match_index_to_operand(shape.operand, column, index) &&
		    (!OidIsValid(shape.op) || op_in_opfamily(shape.op, index->opfamily[column])))
			return column;
	}
	return -1;
}

// PG regime: whether a restriction of the table is a condition on a filter column of `index`.
bool
ChecksFilterColumn(IndexOptInfo *index, const RestrictInfo *rinfo)
{
	ConditionShape shape;
	return !rinfo->pseudoconstant && DecomposeCondition(reinterpret_cast<Node *>(rinfo->clause), &shape) &&
	       FilterColumnOf(index, shape) >= 0;
}

// PG regime: the filter column that a restriction `column op ANY(array)` can be checked on, or -1. The array
// side must not depend on the row and must not be volatile.
int
SearchArrayColumn(PlannerInfo *root, RelOptInfo *rel, IndexOptInfo *index, RestrictInfo *rinfo)
{
	ConditionShape shape;
	if (!IsA(rinfo->clause, ScalarArrayOpExpr) || rinfo->pseudoconstant ||
	    !DecomposeCondition(reinterpret_cast<Node *>(rinfo->clause), &shape))
		return -1;
	Node *right = static_cast<Node *>(lsecond(reinterpret_cast<ScalarArrayOpExpr *>(rinfo->clause)->args));
	if (bms_is_member(static_cast<int>(rel->relid), pull_varnos(root, right)) || contain_volatile_functions(right))
		return -1;
	return FilterColumnOf(index, shape);
}

// PG regime: for a restriction that is a boolean filter column itself (`WHERE flag`, `WHERE NOT flag`: the
// planner turns `flag = true` into these and matches them to btree's boolean family only), the index
// condition `flag = true` or `flag = false` and its column; nullptr otherwise.
RestrictInfo *
BooleanColumnCondition(PlannerInfo *root, IndexOptInfo *index, RestrictInfo *rinfo, int *column_out)
{
	ConditionShape shape;
	if (!DecomposeCondition(reinterpret_cast<Node *>(rinfo->clause), &shape) || !shape.bare_boolean)
		return nullptr;
	const int column = FilterColumnOf(index, shape);
	if (column < 0)
		return nullptr;
	Expr *condition =
	    make_opclause(BooleanEqualOperator, BOOLOID, false, static_cast<Expr *>(copyObjectImpl(shape.operand)),
	                  reinterpret_cast<Expr *>(makeBoolConst(!shape.negated, false)), InvalidOid, InvalidOid);
	set_opfuncid(reinterpret_cast<OpExpr *>(condition));
	*column_out = column;
	return make_simple_restrictinfo(root, condition);
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

// PG regime: whether some index condition narrows the filter codes (hnsw_filter.hpp), so that the walk goes
// two hops: `=`, `= ANY(array)` or an array operator on the first filter column. (Two-sided ranges under 256
// values narrow them too; left out here, the estimate errs high for them.)
bool
NarrowsFilterCodes(IndexOptInfo *info, List *index_clauses)
{
	ListCell *cell = nullptr;
	foreach (cell, index_clauses) {
		const auto *clause = static_cast<IndexClause *>(lfirst(cell));
		ConditionShape shape;
		if (clause->indexcol != 1 || !DecomposeCondition(reinterpret_cast<Node *>(clause->rinfo->clause), &shape) ||
		    !OidIsValid(shape.op))
			continue;
		if (shape.bare_boolean)
			return true; // `flag`, `NOT flag`
		const int strategy = get_op_opfamily_strategy(shape.op, info->opfamily[1]);
		if (strategy == BTEqualStrategyNumber || strategy >= 7)
			return true;
	}
	return false;
}

// PG regime: whether another hnsw index of the table could check, during its walk, a restriction that this
// path leaves as a filter on the rows it returns. This path then is the wrong one for the query: without
// iterative scans it returns ef_search rows of which the filter may leave fewer than the LIMIT, and with them it
// walks further than the filtered index does; it is priced out (disable_cost), so the filtered index, or an
// exact plan, is chosen.
bool
FilteredIndexWouldCheckMore(IndexPath *path)
{
	IndexOptInfo *info = path->indexinfo;
	ListCell *cell = nullptr;
	foreach (cell, info->rel->indexlist) {
		auto *other = static_cast<IndexOptInfo *>(lfirst(cell));
		if (other == info || !IsHnswIndex(other) || other->nkeycolumns < 2)
			continue;
		ListCell *restriction = nullptr;
		foreach (restriction, other->indrestrictinfo) {
			auto *rinfo = static_cast<RestrictInfo *>(lfirst(restriction));
			if (!AlreadyIndexed(path, rinfo) && ChecksFilterColumn(other, rinfo))
				return true;
		}
	}
	return false;
}

void
InstallPathHook()
{
	previous_hook = set_rel_pathlist_hook;
	set_rel_pathlist_hook = [](PlannerInfo *root, RelOptInfo *rel, Index rti, RangeTblEntry *rte) {
		Guard([&] { PgCall([&] { SetRelPathlist(root, rel, rti, rte); }); });
	};
}

} // namespace vecsearch::pg::hnsw
