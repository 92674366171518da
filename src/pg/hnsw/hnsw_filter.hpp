// Filter columns of a multi-column hnsw index (README.md, "Filter columns"): the key columns after the vector
// are stored beside each element as an index tuple of their own (the payload), and a scan's conditions on them
// are checked on that payload while the graph is walked, under the page lock the distance batch already holds.
// PG regime throughout (these raise).
#pragma once

#include "pg/hnsw/hnsw_page.hpp"

namespace vecsearch::pg::hnsw {

// Key columns after the vector (0 for a single-column index), after checking that column 1, and only column 1,
// is a vector (an operator class with a distance function): errors otherwise name what is allowed.
int FilterColumnCount(Relation index);

// The descriptor of the filter columns (key columns 2..n as columns 1..n-1), cached in the index's relcache
// entry; nullptr for a single-column index.
TupleDesc FilterDescriptor(Relation index);

// Where an element tuple's payload starts: the next 8-byte boundary after an element of `element_bytes`.
inline Size
PayloadOffset(Size element_bytes)
{
	return MAXALIGN(offsetof(ElementTuple, vector) + element_bytes);
}

// A row's payload (values[1..], isnull[1..] of an index row) in palloc'd memory, or nullptr for a single-column
// index. Raises 54000 when the element tuple it goes with (`element_bytes`) would not fit an index page.
IndexTuple FormPayload(Relation index, const Datum *values, const bool *isnull, Size element_bytes);

inline Size
PayloadSize(IndexTuple payload)
{
	return payload == nullptr ? 0 : IndexTupleSize(payload);
}

// Size of an element tuple holding `element_bytes` and `payload_size` bytes of payload.
inline Size
ElementTupleSizeWith(Size element_bytes, Size payload_size)
{
	return payload_size == 0 ? offsetof(ElementTuple, vector) + element_bytes
	                         : PayloadOffset(element_bytes) + payload_size;
}

// The payload of an element tuple of `item_length` bytes whose element is `element_bytes` long, or nullptr
// when its item cannot hold one (a corrupt or foreign tuple: the caller reports it).
const IndexTupleData *PayloadOf(const ElementTuple *element, Size item_length, Size element_bytes);

// Whether two payloads are the same bytes (an insert adds its heap TID to an identical element only if the
// filter values are identical too).
bool SamePayload(const IndexTupleData *a, const IndexTupleData *b);

// Filter codes: one byte per element summing up its first filter column, kept beside every layer-0 link to it
// (kMetaFlagFilterCodes), so that a filtered walk knows which neighbours cannot match without visiting them.
// Integers and dates: the value's low 8 bits (a range narrower than 256 values has few codes); timestamps: the
// hour's; bool: 0 or 1; float, text, varchar, uuid: 8 bits of a hash (equality and IN narrow, ranges do not);
// arrays: an 8-bit Bloom filter of their elements (&&, @>, <@); other types, and NULL: 0.
uint8 FilterCodeOf(TupleDesc descriptor, const IndexTupleData *payload);

// A scan's conditions on the index's columns, prepared once per rescan: `=`, `<>`, `<`, `<=`, `>`, `>=`, the
// array operators, `= ANY(array)` (one key holding the array), `IS [NOT] NULL`. Lives in the scan's memory.
struct ScanFilter {
	TupleDesc descriptor; // FilterDescriptor
	int key_count;
	ScanKeyData *keys;      // conditions on filter columns (column numbers of the payload: 1..)
	Datum **array_values;   // per key with SK_SEARCHARRAY: the array's non-null elements
	int *array_counts;      // and how many
	FmgrInfo **array_order; // for `= ANY`: btree's column-to-element comparison, the elements sorted by it (or
	                        // nullptr: the elements are tried one by one)
	bool never;             // some condition no row can meet (a NULL comparison value, an empty array)
	MemoryContext scratch;  // where comparison functions allocate (detoasting), reset after each check
	// The filter codes an element meeting the conditions can have (a 256-bit set), and whether that set leaves
	// any code out: only then does a walk skip neighbours by their codes.
	uint8 code_mask[32];
	bool codes_narrow;
};

// Whether an element of filter code `code` may meet the conditions (false: it certainly does not).
inline bool
CodeMayMatch(const ScanFilter *filter, uint8 code)
{
	return (filter->code_mask[code >> 3] >> (code & 7)) & 1;
}

// Prepares the scan keys of a scan (index column numbers) in the current memory context; nullptr when there
// are none, or none that can reject a row (IS NOT NULL on the vector: NULL vectors are never indexed).
ScanFilter *PrepareScanFilter(Relation index, const ScanKeyData *keys, int key_count);

// Whether an element's payload meets every condition. `payload` nullptr (an index without filter columns, or a
// damaged tuple, which the caller reports) never does.
bool FilterMatches(const ScanFilter *filter, const IndexTupleData *payload);

} // namespace vecsearch::pg::hnsw
