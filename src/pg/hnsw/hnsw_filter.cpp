// Filter columns of a multi-column hnsw index: which columns may be filter columns, their payload beside each
// element, and a scan's conditions checked on it (see hnsw_filter.hpp, README.md "Filter columns").
#include "pg/hnsw/hnsw_filter.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

// The types filter columns take (the install script's *_filter_ops classes), for error messages.
constexpr const char *kFilterTypes =
    "smallint, integer, bigint, real, double precision, text, varchar, uuid, boolean, date, timestamp, "
    "timestamptz and arrays of any type";

// Whether index column `column` (1-based) has a vector operator class: one with a distance function.
bool
IsVectorColumn(Relation index, int column)
{
	return OidIsValid(index_getprocid(index, static_cast<AttrNumber>(column), 1));
}

const char *
ColumnName(Relation index, int column)
{
	return NameStr(TupleDescAttr(RelationGetDescr(index), column - 1)->attname);
}

const char *
ColumnTypeName(Relation index, int column)
{
	return format_type_be(TupleDescAttr(RelationGetDescr(index), column - 1)->atttypid);
}

} // namespace

int
FilterColumnCount(Relation index)
{
	const int columns = IndexRelationGetNumberOfKeyAttributes(index);
	if (!IsVectorColumn(index, 1))
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("first column of an hnsw index must be a vector, halfvec, sparsevec or bit column"),
		                errdetail("Column \"%s\" is of type %s, which an hnsw index can only filter on.",
		                          ColumnName(index, 1), ColumnTypeName(index, 1)),
		                errhint("Put the vector column first: filter columns follow it.")));
	for (int column = 2; column <= columns; column++) {
		if (IsVectorColumn(index, column))
			ereport(ERROR,
			        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("an hnsw index can have only one vector column"),
			         errdetail("Column \"%s\" has the vector operator class of an hnsw index; columns after the "
			                   "first are filter columns, of types %s.",
			                   ColumnName(index, column), kFilterTypes)));
	}
	return columns - 1;
}

TupleDesc
FilterDescriptor(Relation index)
{
	const int columns = IndexRelationGetNumberOfKeyAttributes(index);
	if (columns < 2)
		return nullptr;
	if (index->rd_amcache != nullptr)
		return static_cast<TupleDesc>(index->rd_amcache);
	// In the relcache entry's own context: it goes when the entry is rebuilt, and rd_amcache with it.
	const MemoryContext old = MemoryContextSwitchTo(index->rd_indexcxt);
	TupleDesc descriptor = CreateTemplateTupleDesc(columns - 1);
	for (int column = 2; column <= columns; column++)
		TupleDescCopyEntry(descriptor, static_cast<AttrNumber>(column - 1), RelationGetDescr(index),
		                   static_cast<AttrNumber>(column));
	MemoryContextSwitchTo(old);
	index->rd_amcache = descriptor;
	return descriptor;
}

IndexTuple
FormPayload(Relation index, const Datum *values, const bool *isnull, Size element_bytes)
{
	TupleDesc descriptor = FilterDescriptor(index);
	if (descriptor == nullptr)
		return nullptr;
	// index_form_tuple compresses large values and brings out-of-line ones in: a payload never points outside.
	IndexTuple payload = index_form_tuple(descriptor, const_cast<Datum *>(values + 1), const_cast<bool *>(isnull + 1));
	const Size tuple_size = MAXALIGN(ElementTupleSizeWith(element_bytes, IndexTupleSize(payload)));
	if (tuple_size > kMaxItemSize)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
		                errmsg("index row size %zu exceeds hnsw maximum %zu for index \"%s\"", tuple_size,
		                       static_cast<Size>(kMaxItemSize), RelationGetRelationName(index)),
		                errdetail("The filter values of a row are stored beside its vector, on one index page."),
		                errhint("Index shorter values, or fewer filter columns.")));
	return payload;
}

const IndexTupleData *
PayloadOf(const ElementTuple *element, Size item_length, Size element_bytes)
{
	const Size offset = PayloadOffset(element_bytes);
	if (item_length < offset + sizeof(IndexTupleData))
		return nullptr;
	const auto *payload = reinterpret_cast<const IndexTupleData *>(reinterpret_cast<const char *>(element) + offset);
	const Size size = IndexTupleSize(payload);
	if (size < sizeof(IndexTupleData) || size > item_length - offset)
		return nullptr;
	return payload;
}

bool
SamePayload(const IndexTupleData *a, const IndexTupleData *b)
{
	if (a == nullptr || b == nullptr)
		return a == b;
	// The heap TID part of an index tuple is unused here (always zero): the whole tuple can be compared.
	return IndexTupleSize(a) == IndexTupleSize(b) && std::memcmp(a, b, IndexTupleSize(a)) == 0;
}

ScanFilter *
PrepareScanFilter(Relation index, const ScanKeyData *keys, int key_count)
{
	auto *filter = static_cast<ScanFilter *>(palloc0(sizeof(ScanFilter)));
	filter->descriptor = FilterDescriptor(index);
	filter->keys = static_cast<ScanKeyData *>(palloc(sizeof(ScanKeyData) * Max(key_count, 1)));
	filter->array_values = static_cast<Datum **>(palloc0(sizeof(Datum *) * Max(key_count, 1)));
	filter->array_counts = static_cast<int *>(palloc0(sizeof(int) * Max(key_count, 1)));
	for (int i = 0; i < key_count; i++) {
		const ScanKeyData &key = keys[i];
		if (key.sk_attno == 1) {
			// The vector column: only IS [NOT] NULL can get here (its operator classes have no search operator).
			// NULL vectors are never indexed: IS NOT NULL holds for every element, IS NULL for none.
			if ((key.sk_flags & SK_SEARCHNOTNULL) == 0)
				filter->never = true;
			continue;
		}
		if ((key.sk_flags & SK_ISNULL) != 0 && (key.sk_flags & (SK_SEARCHNULL | SK_SEARCHNOTNULL)) == 0) {
			filter->never = true; // `column op NULL` is never true
			continue;
		}
		const int n = filter->key_count++;
		filter->keys[n] = key;
		filter->keys[n].sk_attno = static_cast<AttrNumber>(key.sk_attno - 1); // a payload column
		if ((key.sk_flags & SK_SEARCHARRAY) != 0) {
			ArrayType *array = DatumGetArrayTypeP(key.sk_argument);
			int16 length = 0;
			bool by_value = false;
			char align = 0;
			get_typlenbyvalalign(ARR_ELEMTYPE(array), &length, &by_value, &align);
			Datum *values = nullptr;
			bool *nulls = nullptr;
			int count = 0;
			deconstruct_array(array, ARR_ELEMTYPE(array), length, by_value, align, &values, &nulls, &count);
			int kept = 0;
			for (int j = 0; j < count; j++) // NULL elements never compare true
				if (!nulls[j])
					values[kept++] = values[j];
			filter->array_values[n] = values;
			filter->array_counts[n] = kept;
			if (kept == 0)
				filter->never = true;
		}
	}
	if (!filter->never && filter->key_count == 0) {
		pfree(filter->keys);
		pfree(filter->array_values);
		pfree(filter->array_counts);
		pfree(filter);
		return nullptr;
	}
	filter->scratch = AllocSetContextCreate(CurrentMemoryContext, "hnsw filter", ALLOCSET_SMALL_SIZES);
	return filter;
}

bool
FilterMatches(const ScanFilter *filter, const IndexTupleData *payload)
{
	if (filter->never || payload == nullptr || filter->descriptor == nullptr)
		return false;
	bool matches = true;
	const MemoryContext old = MemoryContextSwitchTo(filter->scratch);
	for (int i = 0; matches && i < filter->key_count; i++) {
		const ScanKeyData &key = filter->keys[i];
		bool isnull = false;
		const Datum value = index_getattr(const_cast<IndexTuple>(payload), key.sk_attno, filter->descriptor, &isnull);
		if ((key.sk_flags & SK_SEARCHNULL) != 0) {
			matches = isnull;
		} else if ((key.sk_flags & SK_SEARCHNOTNULL) != 0) {
			matches = !isnull;
		} else if (isnull) {
			matches = false; // every filter operator is strict
		} else if ((key.sk_flags & SK_SEARCHARRAY) != 0) {
			matches = false;
			for (int j = 0; !matches && j < filter->array_counts[i]; j++)
				matches = DatumGetBool(FunctionCall2Coll(const_cast<FmgrInfo *>(&key.sk_func), key.sk_collation, value,
				                                         filter->array_values[i][j]));
		} else {
			matches = DatumGetBool(
			    FunctionCall2Coll(const_cast<FmgrInfo *>(&key.sk_func), key.sk_collation, value, key.sk_argument));
		}
	}
	MemoryContextSwitchTo(old);
	MemoryContextReset(filter->scratch);
	return matches;
}

} // namespace vecsearch::pg::hnsw
