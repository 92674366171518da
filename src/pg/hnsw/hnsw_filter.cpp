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

// --- filter codes ---

// How a type's values become codes (FilterCodeOf).
enum class CodeKind { kNone, kInteger, kDay, kHour, kBool, kFloat, kText, kUuid, kArray };

// The kind of a scalar type; text only under a deterministic collation (equal strings are then equal bytes).
CodeKind
ScalarCodeKind(Oid type, Oid collation)
{
	switch (type) {
	case INT2OID:
	case INT4OID:
	case INT8OID: return CodeKind::kInteger;
	case DATEOID: return CodeKind::kDay;
	case TIMESTAMPOID:
	case TIMESTAMPTZOID: return CodeKind::kHour;
	case BOOLOID: return CodeKind::kBool;
	case FLOAT4OID:
	case FLOAT8OID: return CodeKind::kFloat;
	case TEXTOID:
	case VARCHAROID:
		return OidIsValid(collation) && !get_collation_isdeterministic(collation) ? CodeKind::kNone : CodeKind::kText;
	case UUIDOID: return CodeKind::kUuid;
	default: return CodeKind::kNone;
	}
}

// The kind of a column's type: a scalar kind, or kArray for an array of a scalar kind other than float.
CodeKind
ColumnCodeKind(Oid type, Oid collation, Oid *element_type)
{
	const Oid element = get_element_type(type);
	*element_type = element;
	if (!OidIsValid(element))
		return ScalarCodeKind(type, collation);
	const CodeKind kind = ScalarCodeKind(element, collation);
	return kind == CodeKind::kNone || kind == CodeKind::kFloat ? CodeKind::kNone : CodeKind::kArray;
}

// The ordered unit of a value of an integer, date or timestamp type (its code is the low 8 bits).
int64
CodeUnit(CodeKind kind, Oid type, Datum value)
{
	switch (kind) {
	case CodeKind::kInteger:
		return type == INT2OID ? DatumGetInt16(value) : type == INT4OID ? DatumGetInt32(value) : DatumGetInt64(value);
	case CodeKind::kDay: return DatumGetDateADT(value);
	case CodeKind::kHour: {
		const int64 micros = DatumGetInt64(value);
		return micros >= 0 ? micros / USECS_PER_HOUR : -((-(micros + 1)) / USECS_PER_HOUR) - 1; // floor
	}
	default: return 0;
	}
}

uint8
HashCode(const void *bytes, Size length)
{
	return static_cast<uint8>(hash_bytes(static_cast<const unsigned char *>(bytes), static_cast<int>(length)));
}

// The code of a non-NULL scalar value of `type`, whose kind is `kind`.
uint8
ScalarCode(CodeKind kind, Oid type, Datum value)
{
	switch (kind) {
	case CodeKind::kInteger:
	case CodeKind::kDay:
	case CodeKind::kHour: return static_cast<uint8>(static_cast<uint64>(CodeUnit(kind, type, value)));
	case CodeKind::kBool: return DatumGetBool(value) ? 1 : 0;
	case CodeKind::kFloat: {
		double number = type == FLOAT4OID ? static_cast<double>(DatumGetFloat4(value)) : DatumGetFloat8(value);
		if (number == 0.0)
			number = 0.0; // -0 equals 0
		if (std::isnan(number))
			number = std::numeric_limits<double>::quiet_NaN(); // every NaN equals every other in PostgreSQL
		return HashCode(&number, sizeof(number));
	}
	case CodeKind::kText: {
		text *string = DatumGetTextPP(value);
		const uint8 code = HashCode(VARDATA_ANY(string), VARSIZE_ANY_EXHDR(string));
		if (reinterpret_cast<Pointer>(string) != DatumGetPointer(value))
			pfree(string);
		return code;
	}
	case CodeKind::kUuid: return HashCode(DatumGetUUIDP(value), UUID_LEN);
	default: return 0;
	}
}

// The 8-bit Bloom filter of an array's non-NULL elements (each sets bit code & 7).
uint8
ArrayBloom(Oid element_type, Oid collation, Datum value)
{
	ArrayType *array = DatumGetArrayTypeP(value);
	int16 length = 0;
	bool by_value = false;
	char align = 0;
	get_typlenbyvalalign(element_type, &length, &by_value, &align);
	Datum *elements = nullptr;
	bool *nulls = nullptr;
	int count = 0;
	deconstruct_array(array, element_type, length, by_value, align, &elements, &nulls, &count);
	const CodeKind kind = ScalarCodeKind(element_type, collation);
	uint8 bloom = 0;
	for (int i = 0; i < count; i++)
		if (!nulls[i])
			bloom |= static_cast<uint8>(1u << (ScalarCode(kind, element_type, elements[i]) & 7));
	pfree(elements);
	pfree(nulls);
	return bloom;
}

void
SetCode(uint8 *mask, unsigned code)
{
	mask[code >> 3] |= static_cast<uint8>(1u << (code & 7));
}

// Every code c for which keep(c) holds.
template <typename Keep>
void
MaskOf(uint8 *mask, Keep keep)
{
	std::memset(mask, 0, 32);
	for (unsigned code = 0; code < 256; code++)
		if (keep(static_cast<uint8>(code)))
			SetCode(mask, code);
}

// Narrows filter->code_mask by the conditions on the first filter column (payload column 1): whatever meets
// them has a code in the mask. A condition that cannot narrow it (`<>`, a one-sided range, a cross-type
// comparison between kinds, a column of no kind) leaves it as it is.
void
NarrowCodes(ScanFilter *filter)
{
	std::memset(filter->code_mask, 0xFF, sizeof(filter->code_mask));
	filter->codes_narrow = false;
	if (filter->descriptor == nullptr)
		return;
	const Form_pg_attribute column = TupleDescAttr(filter->descriptor, 0);
	Oid element_type = InvalidOid;
	const CodeKind kind = ColumnCodeKind(column->atttypid, column->attcollation, &element_type);
	if (kind == CodeKind::kNone)
		return;
	const bool ordered = kind == CodeKind::kInteger || kind == CodeKind::kDay || kind == CodeKind::kHour;
	int64 low = PG_INT64_MIN;
	int64 high = PG_INT64_MAX;
	bool narrowed = false;
	uint8 key_mask[32];
	for (int i = 0; i < filter->key_count; i++) {
		const ScanKeyData &key = filter->keys[i];
		if (key.sk_attno != 1)
			continue;
		if ((key.sk_flags & SK_SEARCHNULL) != 0) {
			MaskOf(key_mask, [](uint8 code) { return code == 0; });
		} else if ((key.sk_flags & (SK_SEARCHNOTNULL | SK_ISNULL)) != 0) {
			continue;
		} else if (kind == CodeKind::kArray) {
			if (key.sk_strategy < 7 || key.sk_strategy > 9 || (key.sk_flags & SK_SEARCHARRAY) != 0)
				continue;
			const uint8 query = ArrayBloom(element_type, column->attcollation, key.sk_argument);
			if (key.sk_strategy == 7)
				MaskOf(key_mask, [&](uint8 code) { return (code & query) != 0; });
			else if (key.sk_strategy == 8)
				MaskOf(key_mask, [&](uint8 code) { return (code & query) == query; });
			else
				MaskOf(key_mask, [&](uint8 code) { return (code & ~query) == 0; });
		} else {
			// The comparison value must code as the column does: the same kind, and for dates and timestamps the
			// same type (a date compared with a timestamp, or timestamp with timestamptz, is measured otherwise).
			const Oid argument_type = OidIsValid(key.sk_subtype) ? key.sk_subtype : column->atttypid;
			if (ScalarCodeKind(argument_type, column->attcollation) != kind ||
			    (ordered && kind != CodeKind::kInteger && argument_type != column->atttypid))
				continue;
			if ((key.sk_flags & SK_SEARCHARRAY) != 0) {
				if (key.sk_strategy != BTEqualStrategyNumber)
					continue;
				std::memset(key_mask, 0, sizeof(key_mask));
				for (int j = 0; j < filter->array_counts[i]; j++)
					SetCode(key_mask, ScalarCode(kind, argument_type, filter->array_values[i][j]));
			} else if (key.sk_strategy == BTEqualStrategyNumber) {
				const uint8 wanted = ScalarCode(kind, argument_type, key.sk_argument);
				MaskOf(key_mask, [&](uint8 code) { return code == wanted; });
			} else if (ordered &&
			           (key.sk_strategy == BTLessStrategyNumber || key.sk_strategy == BTLessEqualStrategyNumber)) {
				high = std::min(high, CodeUnit(kind, argument_type, key.sk_argument));
				continue;
			} else if (ordered && (key.sk_strategy == BTGreaterStrategyNumber ||
			                       key.sk_strategy == BTGreaterEqualStrategyNumber)) {
				low = std::max(low, CodeUnit(kind, argument_type, key.sk_argument));
				continue;
			} else {
				continue;
			}
		}
		for (int b = 0; b < 32; b++)
			filter->code_mask[b] &= key_mask[b];
		narrowed = true;
	}
	// A range of fewer than 256 units (both ends bounded) names only the codes of its units.
	if (low > high) {
		std::memset(filter->code_mask, 0, sizeof(filter->code_mask));
		narrowed = true;
	} else if (low != PG_INT64_MIN && high != PG_INT64_MAX && high - low < 255) {
		std::memset(key_mask, 0, sizeof(key_mask));
		for (int64 unit = low; unit <= high; unit++)
			SetCode(key_mask, static_cast<uint8>(static_cast<uint64>(unit)));
		for (int b = 0; b < 32; b++)
			filter->code_mask[b] &= key_mask[b];
		narrowed = true;
	}
	int codes = 0;
	for (uint8 byte : filter->code_mask)
		codes += __builtin_popcount(byte);
	filter->codes_narrow = narrowed && codes < 256;
}

// `= ANY(array)` with more elements than this is checked by binary search over the sorted elements.
constexpr int kSortedArrayMin = 8;

// PG regime: sorts an `= ANY` key's elements by btree's comparison of the element type (in the btree operator
// family of the column's type, which holds the cross-type comparison too) and returns the column-to-element
// comparison for the search; nullptr, elements untouched, when btree has no such family or functions.
FmgrInfo *
SortForSearch(TupleDesc descriptor, const ScanKeyData &key, Oid element_type, Datum *values, int count)
{
	const Oid column_type = TupleDescAttr(descriptor, key.sk_attno - 1)->atttypid;
	const Oid opclass = GetDefaultOpClass(column_type, BTREE_AM_OID);
	if (!OidIsValid(opclass))
		return nullptr;
	const Oid family = get_opclass_family(opclass);
	const Oid column_compare = get_opfamily_proc(family, column_type, element_type, BTORDER_PROC);
	const Oid element_compare = get_opfamily_proc(family, element_type, element_type, BTORDER_PROC);
	if (!OidIsValid(column_compare) || !OidIsValid(element_compare))
		return nullptr;
	FmgrInfo elements;
	fmgr_info(element_compare, &elements);
	const Oid collation = key.sk_collation;
	std::sort(values, values + count,
	          [&](Datum a, Datum b) { return DatumGetInt32(FunctionCall2Coll(&elements, collation, a, b)) < 0; });
	auto *search = static_cast<FmgrInfo *>(palloc(sizeof(FmgrInfo)));
	fmgr_info(column_compare, search);
	return search;
}

// Whether `value` equals one of values[0..count), sorted by SortForSearch.
bool
SortedArrayContains(FmgrInfo *compare, Oid collation, Datum value, const Datum *values, int count)
{
	int low = 0;
	int high = count - 1;
	while (low <= high) {
		const int middle = low + (high - low) / 2;
		const int order = DatumGetInt32(FunctionCall2Coll(compare, collation, value, values[middle]));
		if (order == 0)
			return true;
		if (order < 0)
			high = middle - 1;
		else
			low = middle + 1;
	}
	return false;
}

} // namespace

uint8
FilterCodeOf(TupleDesc descriptor, const IndexTupleData *payload)
{
	if (descriptor == nullptr || payload == nullptr)
		return 0;
	const Form_pg_attribute column = TupleDescAttr(descriptor, 0);
	Oid element_type = InvalidOid;
	const CodeKind kind = ColumnCodeKind(column->atttypid, column->attcollation, &element_type);
	if (kind == CodeKind::kNone)
		return 0;
	bool isnull = false;
	const Datum value = index_getattr(const_cast<IndexTuple>(payload), 1, descriptor, &isnull);
	if (isnull)
		return 0;
	if (kind == CodeKind::kArray)
		return ArrayBloom(element_type, column->attcollation, value);
	return ScalarCode(kind, column->atttypid, value);
}

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
	filter->array_order = static_cast<FmgrInfo **>(palloc0(sizeof(FmgrInfo *) * Max(key_count, 1)));
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
			if (key.sk_strategy == BTEqualStrategyNumber && kept > kSortedArrayMin)
				filter->array_order[n] =
				    SortForSearch(filter->descriptor, filter->keys[n], ARR_ELEMTYPE(array), values, kept);
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
		pfree(filter->array_order);
		pfree(filter);
		return nullptr;
	}
	filter->scratch = AllocSetContextCreate(CurrentMemoryContext, "hnsw filter", ALLOCSET_SMALL_SIZES);
	NarrowCodes(filter);
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
		} else if ((key.sk_flags & SK_SEARCHARRAY) != 0 && filter->array_order[i] != nullptr) {
			matches = SortedArrayContains(filter->array_order[i], key.sk_collation, value, filter->array_values[i],
			                              filter->array_counts[i]);
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
