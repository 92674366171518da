// The HNSW index's on-disk format (see README.md in this directory for the byte-level picture): a metapage
// at block 0, then pages of element tuples (an element's vector, heap TIDs and level) and neighbour tuples
// (its neighbour lists for every layer). Standard PostgreSQL pages; every struct here is fixed by
// static_asserts so a format change fails the build instead of corrupting indexes.
#pragma once

#include "core/hnsw/element_distance.hpp"
#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

inline constexpr uint32 kMetaMagic = 0x56534857;    // "VSHW"
inline constexpr uint32 kFormatVersion = 2;         // what this code writes
inline constexpr uint32 kOldestReadableVersion = 1; // version 1: float32 elements only, a 36-byte metapage
inline constexpr BlockNumber kMetaBlock = 0;
inline constexpr uint16 kPageId = 0xA7C3; // last two bytes of every page's special space
inline constexpr int kMaxHeapTids = 10;   // heap rows sharing one element (duplicates, non-HOT updates)

// Special space of every page.
struct PageOpaque {
	uint32 reserved; // 0; room for a free-space link in a later format version
	uint16 flags;    // kMetaPageFlag or kElementPageFlag
	uint16 page_id;  // kPageId
};
static_assert(sizeof(PageOpaque) == 8);
static_assert(offsetof(PageOpaque, page_id) == 6, "page id in the last two bytes");
inline constexpr uint16 kMetaPageFlag = 1;
inline constexpr uint16 kElementPageFlag = 2;

// The metapage's contents (block 0, at PageGetContents).
struct MetaPageData {
	uint32 magic;
	uint32 version;
	uint32 dims;
	uint16 m;
	uint16 ef_construction;
	BlockNumber entry_block; // InvalidBlockNumber while the index is empty
	OffsetNumber entry_offset;
	int16 entry_level;      // -1 while the index is empty
	BlockNumber last_block; // the page new elements are appended to
	uint32 metric;          // Metric value of the operator class the index was built with
	BlockNumber free_hint;  // lowest block that may hold a free element slot; InvalidBlockNumber if none
	// Version 2 from here on (a version-1 metapage ends before; ReadMeta fills these as version 1 implies).
	uint16 element_kind;   // ElementKind of every element
	uint16 filter_columns; // key columns after the vector (0: none yet)
	uint16 code_kind;      // compact codes beside neighbour lists (0: none yet)
	uint16 code_bytes;     // bytes of one such code (0: none)
	uint32 flags;          // kMetaFlag* bits
};
static_assert(sizeof(MetaPageData) == 48);
inline constexpr Size kMetaPageDataV1Size = 36;
static_assert(offsetof(MetaPageData, entry_block) == 16 && offsetof(MetaPageData, last_block) == 24);

// MetaPageData::flags: neighbour tuples carry a filter code per layer-0 slot (indexes with filter columns).
inline constexpr uint32 kMetaFlagFilterCodes = 1;
inline constexpr uint32 kKnownMetaFlags = kMetaFlagFilterCodes;

// How distances are computed, fixed when the index is built (from the operator class).
enum class Metric : uint32 {
	kL2 = 1,           // squared Euclidean
	kInnerProduct = 2, // negative inner product
	kCosine = 3,       // negative inner product over normalised vectors
	kL1 = 4,           // taxicab
	kHamming = 5,      // differing bits (bit strings)
	kJaccard = 6,      // 1 - |a and b| / |a or b| (bit strings)
};

inline constexpr uint8 kElementTupleKind = 1;

// ElementTuple::deleted: an element's life. Vacuum turns live elements whose rows are all gone into deleted
// ones (still traversed, never returned or linked), unlinks them from the graph, then frees them; an insert
// reuses a free slot whose neighbour tuple is large enough for the new element's level.
inline constexpr uint8 kElementLive = 0;
inline constexpr uint8 kElementDeleted = 1;
inline constexpr uint8 kElementFree = 2;
inline constexpr uint8 kNeighborTupleKind = 2;

// Most non-zero elements of a sparse element (pgvector's limit): the element tuple must fit on a page.
inline constexpr std::size_t kMaxSparseNonZeros = 1000;

// How an index's elements are stored: their kind and dimensions (bits for bit strings).
struct ElementShape {
	vecsearch::hnsw::ElementKind kind;
	int dims;
	bool FixedSize() const { return vecsearch::hnsw::IsFixedSize(kind); }
	// Bytes of every element of a fixed-size kind; of the smallest sparse one.
	Size Bytes() const { return vecsearch::hnsw::ElementBytes(kind, static_cast<std::size_t>(dims)); }
	// Bytes of the largest element.
	Size MaxBytes() const { return FixedSize() ? Bytes() : vecsearch::hnsw::SparseElementBytes(kMaxSparseNonZeros); }
	// Bytes of this element.
	Size BytesOf(const void *element) const
	{
		return vecsearch::hnsw::ElementSize(kind, static_cast<std::size_t>(dims), element);
	}
	// What an element tuple's `dims` field holds: the dimensions, or 0 for sparse elements (whose dimensions, up
	// to a billion, are the metapage's; each starts with its own count).
	uint16 HeaderDims() const { return FixedSize() ? static_cast<uint16>(dims) : 0; }
};

// The most dimensions an index of each kind takes (pgvector's limits): an element tuple must fit on a page.
constexpr int
MaxDimsFor(vecsearch::hnsw::ElementKind kind)
{
	switch (kind) {
	case vecsearch::hnsw::ElementKind::kFloat16: return 4000;
	case vecsearch::hnsw::ElementKind::kBits: return 64000;
	case vecsearch::hnsw::ElementKind::kSparse: return 1000000000;
	case vecsearch::hnsw::ElementKind::kFloat32: break;
	}
	return 2000;
}

inline ElementShape
ShapeOf(const MetaPageData &meta)
{
	return {static_cast<vecsearch::hnsw::ElementKind>(meta.element_kind), static_cast<int>(meta.dims)};
}

// One indexed value. Its neighbour tuple is usually on the same page.
struct ElementTuple {
	uint8 kind;           // kElementTupleKind
	uint8 level;          // top layer of this element
	uint8 deleted;        // kElementLive, kElementDeleted (no heap TIDs, still routes) or kElementFree
	uint8 heap_tid_count; // valid entries of heap_tids
	ItemPointerData heap_tids[kMaxHeapTids];
	ItemPointerData neighbors; // its neighbour tuple
	uint16 dims;
	uint8 vector[FLEXIBLE_ARRAY_MEMBER]; // the element, ElementShape::Bytes() long (floats are 4-byte aligned)
};
static_assert(offsetof(ElementTuple, heap_tids) == 4);
static_assert(offsetof(ElementTuple, neighbors) == 64);
static_assert(offsetof(ElementTuple, dims) == 70);
static_assert(offsetof(ElementTuple, vector) == 72);

// Neighbour lists of one element: layer 0 has 2 * m slots, each layer above m slots; a list ends at its
// first invalid item pointer (or when its slots are full). Fixed size for the element's lifetime, so it is
// rewritten in place. In an index with filter columns, the slots are followed by one byte per layer-0 slot:
// the filter code of the element the slot names (hnsw_filter.hpp), written with the slot.
struct NeighborTuple {
	uint8 kind;  // kNeighborTupleKind
	uint8 level; // same as its element's
	uint16 unused;
	ItemPointerData slots[FLEXIBLE_ARRAY_MEMBER];
};
static_assert(offsetof(NeighborTuple, slots) == 4);

// Size of an element tuple of a fixed-size kind; of the smallest sparse one (ElementTupleSizeOf gives each one's).
constexpr Size
ElementTupleSize(ElementShape shape)
{
	return offsetof(ElementTuple, vector) +
	       vecsearch::hnsw::ElementBytes(shape.kind, static_cast<std::size_t>(shape.dims));
}

inline Size
ElementTupleSizeOf(ElementShape shape, const void *element)
{
	return offsetof(ElementTuple, vector) + shape.BytesOf(element);
}

constexpr int
NeighborSlotCount(int m, int level)
{
	return 2 * m + level * m;
}

// `codes`: the index keeps filter codes beside its layer-0 slots (kMetaFlagFilterCodes).
constexpr Size
NeighborTupleSize(int m, int level, bool codes = false)
{
	return offsetof(NeighborTuple, slots) + sizeof(ItemPointerData) * static_cast<Size>(NeighborSlotCount(m, level)) +
	       (codes ? static_cast<Size>(2 * m) : 0);
}

// The filter codes of a neighbour tuple of `level` (one per layer-0 slot, in slot order).
inline uint8 *
LayerZeroCodes(NeighborTuple *tuple, int m, int level)
{
	return reinterpret_cast<uint8 *>(tuple->slots + NeighborSlotCount(m, level));
}
inline const uint8 *
LayerZeroCodes(const NeighborTuple *tuple, int m, int level)
{
	return reinterpret_cast<const uint8 *>(tuple->slots + NeighborSlotCount(m, level));
}

// Index of the first slot of `layer` within a neighbour tuple.
constexpr int
LayerFirstSlot(int m, int layer)
{
	return layer == 0 ? 0 : 2 * m + (layer - 1) * m;
}

constexpr int
LayerSlotCount(int m, int layer)
{
	return layer == 0 ? 2 * m : m;
}

// Largest item a page can take (one line pointer included).
inline constexpr Size kMaxItemSize =
    BLCKSZ - MAXALIGN(SizeOfPageHeaderData) - MAXALIGN(sizeof(PageOpaque)) - sizeof(ItemIdData);
static_assert(MAXALIGN(ElementTupleSize({vecsearch::hnsw::ElementKind::kFloat32, 2000})) <= kMaxItemSize &&
                  MAXALIGN(ElementTupleSize({vecsearch::hnsw::ElementKind::kFloat16, 4000})) <= kMaxItemSize &&
                  MAXALIGN(ElementTupleSize({vecsearch::hnsw::ElementKind::kBits, 64000})) <= kMaxItemSize &&
                  MAXALIGN(offsetof(ElementTuple, vector) + vecsearch::hnsw::SparseElementBytes(kMaxSparseNonZeros)) <=
                      kMaxItemSize,
              "the largest element of every kind fits a page");

// The highest level whose neighbour tuple (with filter codes or without) still fits on a page for this m.
constexpr int
MaxLevelForM(int m, bool codes = false)
{
	int level = 0;
	while (level < 16 && MAXALIGN(NeighborTupleSize(m, level + 1, codes)) <= kMaxItemSize)
		level++;
	return level;
}

inline PageOpaque *
GetOpaque(Page page)
{
	return reinterpret_cast<PageOpaque *>(PageGetSpecialPointer(page));
}

inline MetaPageData *
GetMeta(Page page)
{
	return reinterpret_cast<MetaPageData *>(PageGetContents(page));
}

// Packs an item pointer into the 64-bit node id the core's search works with, and back.
inline uint64
NodeIdOf(BlockNumber block, OffsetNumber offset)
{
	return (static_cast<uint64>(block) << 16) | offset;
}
inline BlockNumber
NodeBlock(uint64 id)
{
	return static_cast<BlockNumber>(id >> 16);
}
inline OffsetNumber
NodeOffset(uint64 id)
{
	return static_cast<OffsetNumber>(id & 0xFFFF);
}

} // namespace vecsearch::pg::hnsw
