// vecsearch_hnsw_check(index regclass): a structural checker that walks every page of an hnsw index and
// returns one row per problem (none when the index is sound): bad pages or tuples, neighbour pointers that do
// not lead to an element on the right layer, elements of committed rows a search from the entry point cannot
// reach, and heap TIDs that point at unused line pointers (a vacuum that missed them). Tests call it after
// every stressful scenario. C++ regime for the walk; page reads through PgCall.
#include "core/hnsw/layer_walk.hpp"
#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_filter.hpp"
#include "pg/hnsw/hnsw_page.hpp"
#include "pg/hnsw/hnsw_pages.hpp"
#include "pg/memory.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

struct ElementRecord {
	int level = 0;
	uint8 state = kElementLive;
	bool live = false;
	bool reached = false;
	std::pmr::vector<uint64> links; // every layer's neighbours, layer 0 first
	std::pmr::vector<int> layer_of_link;
	uint8 code = 0;                     // its filter code, from its payload (indexes with filter codes)
	std::pmr::vector<uint8> link_codes; // the codes kept beside its layer-0 links
};

class Checker {
public:
	Checker(Relation index, std::pmr::memory_resource *memory)
	    : index_(index), memory_(memory), elements_(memory), problems_(memory), heap_tids_(memory)
	{
	}

	void Run()
	{
		BlockNumber blocks = 0;
		PgCall([&] { blocks = RelationGetNumberOfBlocks(index_); });
		if (blocks == 0) {
			Problem("index has no metapage");
			return;
		}
		ReadMetaPage();
		if (!meta_valid_)
			return; // every later check reads lists and vectors sized by the metapage
		for (BlockNumber block = 1; block < blocks; block++)
			ReadElementPage(block);
		CheckLinks();
		CheckReachability();
		CheckHeapTids();
	}

	const std::pmr::vector<std::pmr::string> &Problems() const { return problems_; }

private:
	template <typename... Args> void Problem(const char *format, Args... args)
	{
		// Status formats without allocating (and without port.h's printf renames, being core code).
		problems_.emplace_back(Status::Error(ErrorCode::kInternal, format, args...).message());
	}

	void ReadMetaPage()
	{
		bool page_ok = false;
		PgCall([&] {
			const Buffer buffer = ReadBuffer(index_, kMetaBlock);
			LockBuffer(buffer, BUFFER_LOCK_SHARE);
			const Page page = BufferGetPage(buffer);
			page_ok = !PageIsNew(page) && PageGetSpecialSize(page) == MAXALIGN(sizeof(PageOpaque)) &&
			          GetOpaque(page)->page_id == kPageId && GetOpaque(page)->flags == kMetaPageFlag;
			page_ok = page_ok && CopyMeta(page, &meta_);
			UnlockReleaseBuffer(buffer);
		});
		if (!page_ok) {
			Problem("metapage is not an hnsw metapage of format %u to %u", kOldestReadableVersion, kFormatVersion);
			meta_valid_ = false;
		} else if (const char *bad = InvalidMetaField(meta_, IndexRelationGetNumberOfKeyAttributes(index_) - 1)) {
			Problem("metapage has an invalid %s", bad);
			meta_valid_ = false;
		}
	}

	void ReadElementPage(BlockNumber block)
	{
		// Copy the page, then inspect the copy without holding the buffer.
		std::pmr::vector<char> image(BLCKSZ, memory_);
		char *target = image.data();
		PgCall([&] {
			const Buffer buffer = ReadBuffer(index_, block);
			LockBuffer(buffer, BUFFER_LOCK_SHARE);
			std::memcpy(target, BufferGetPage(buffer), BLCKSZ);
			UnlockReleaseBuffer(buffer);
		});
		const Page page = image.data();
		if (PageIsNew(page))
			return; // left by an extension a crash cut short (its WAL record never came): unused, not damage
		if (PageGetSpecialSize(page) != MAXALIGN(sizeof(PageOpaque)) || GetOpaque(page)->page_id != kPageId ||
		    GetOpaque(page)->flags != kElementPageFlag) {
			Problem("block %u is not an hnsw element page", block);
			return;
		}
		const int m = meta_.m;
		const OffsetNumber max = PageGetMaxOffsetNumber(page);
		for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset++) {
			const ItemId item = PageGetItemId(page, offset);
			if (!ItemIdIsNormal(item)) {
				Problem("(%u,%u) is not a normal item", block, offset);
				continue;
			}
			const auto *bytes = reinterpret_cast<const uint8 *>(PageGetItem(page, item));
			if (bytes[0] == kNeighborTupleKind)
				continue; // checked through its element
			if (bytes[0] != kElementTupleKind || ItemIdGetLength(item) < ElementTupleSize(ShapeOf(meta_))) {
				Problem("(%u,%u) is neither an element nor a neighbour tuple", block, offset);
				continue;
			}
			const auto *element = reinterpret_cast<const ElementTuple *>(bytes);
			if (!ElementMatchesShape(element, ItemIdGetLength(item), ShapeOf(meta_)) ||
			    element->level > MaxLevelForM(m)) {
				Problem("element (%u,%u) has a bad header", block, offset);
				continue;
			}
			// Filter values: an index tuple of the filter columns after the element, within the item.
			uint8 code = 0;
			if (meta_.filter_columns > 0) {
				const IndexTupleData *payload =
				    PayloadOf(element, ItemIdGetLength(item), ShapeOf(meta_).BytesOf(element->vector));
				if (payload == nullptr || (IndexTupleHasNulls(payload) &&
				                           IndexInfoFindDataOffset(payload->t_info) > IndexTupleSize(payload))) {
					Problem("element (%u,%u) has no valid filter values", block, offset);
					continue;
				}
				PgCall([&] { code = FilterCodeOf(FilterDescriptor(index_), payload); });
			}
			ElementRecord record;
			record.links = std::pmr::vector<uint64>(memory_);
			record.layer_of_link = std::pmr::vector<int>(memory_);
			record.link_codes = std::pmr::vector<uint8>(memory_);
			record.code = code;
			record.level = element->level;
			record.state = element->deleted;
			record.live = element->heap_tid_count > 0 && element->deleted == kElementLive;
			const uint64 id = NodeIdOf(block, offset);
			for (int i = 0; i < element->heap_tid_count; i++)
				heap_tids_.push_back({id, element->heap_tids[i]});
			ReadNeighborTuple(id, element->neighbors, element->level, &record);
			elements_.insert_or_assign(id, std::move(record));
		}
	}

	void ReadNeighborTuple(uint64 id, ItemPointerData where, int level, ElementRecord *record)
	{
		const BlockNumber block = ItemPointerGetBlockNumberNoCheck(&where);
		const OffsetNumber offset = ItemPointerGetOffsetNumberNoCheck(&where);
		const int m = meta_.m;
		const bool codes = (meta_.flags & kMetaFlagFilterCodes) != 0;
		std::pmr::vector<ItemPointerData> slots(static_cast<std::size_t>(NeighborSlotCount(m, level)), memory_);
		ItemPointerData *target = slots.data();
		std::pmr::vector<uint8> slot_codes(codes ? static_cast<std::size_t>(2 * m) : 0, memory_);
		bool found = false;
		BlockNumber blocks = 0;
		PgCall([&] { blocks = RelationGetNumberOfBlocks(index_); });
		if (block == kMetaBlock || block >= blocks) {
			Problem("element (%u,%u) points to neighbour tuple (%u,%u) outside the index", NodeBlock(id),
			        NodeOffset(id), block, offset);
			return;
		}
		PgCall([&] {
			const Buffer buffer = ReadBuffer(index_, block);
			LockBuffer(buffer, BUFFER_LOCK_SHARE);
			const Page page = BufferGetPage(buffer);
			if (offset >= FirstOffsetNumber && offset <= PageGetMaxOffsetNumber(page)) {
				const ItemId item = PageGetItemId(page, offset);
				const auto *tuple = reinterpret_cast<const NeighborTuple *>(PageGetItem(page, item));
				if (ItemIdIsNormal(item) && ItemIdGetLength(item) >= NeighborTupleSize(m, level, codes) &&
				    tuple->kind == kNeighborTupleKind && tuple->level == level) {
					std::memcpy(target, tuple->slots, sizeof(ItemPointerData) * NeighborSlotCount(m, level));
					if (codes)
						std::memcpy(slot_codes.data(), LayerZeroCodes(tuple, m, level), slot_codes.size());
					found = true;
				}
			}
			UnlockReleaseBuffer(buffer);
		});
		if (!found) {
			Problem("element (%u,%u) has no valid neighbour tuple at (%u,%u)", NodeBlock(id), NodeOffset(id), block,
			        offset);
			return;
		}
		for (int layer = 0; layer <= level; layer++) {
			const ItemPointerData *list = slots.data() + LayerFirstSlot(m, layer);
			for (int i = 0; i < LayerSlotCount(m, layer) && ItemPointerIsValid(&list[i]); i++) {
				record->links.push_back(
				    NodeIdOf(ItemPointerGetBlockNumber(&list[i]), ItemPointerGetOffsetNumber(&list[i])));
				record->layer_of_link.push_back(layer);
				if (codes && layer == 0)
					record->link_codes.push_back(slot_codes[static_cast<std::size_t>(i)]);
			}
		}
	}

	void CheckLinks()
	{
		for (const auto &[id, record] : elements_) {
			if (record.state == kElementFree)
				continue; // a free slot's old lists are dead data; nothing reads them
			for (std::size_t i = 0; i < record.links.size(); i++) {
				const uint64 target = record.links[i];
				const auto found = elements_.find(target);
				if (target == id)
					Problem("element (%u,%u) links to itself", NodeBlock(id), NodeOffset(id));
				else if (found == elements_.end())
					Problem("element (%u,%u) links to (%u,%u), which is not an element", NodeBlock(id), NodeOffset(id),
					        NodeBlock(target), NodeOffset(target));
				else if (record.live && found->second.state == kElementFree)
					Problem("live element (%u,%u) links to free slot (%u,%u)", NodeBlock(id), NodeOffset(id),
					        NodeBlock(target), NodeOffset(target));
				else if (found->second.level < record.layer_of_link[i])
					Problem("element (%u,%u) links on layer %d to (%u,%u), which is not on that layer", NodeBlock(id),
					        NodeOffset(id), record.layer_of_link[i], NodeBlock(target), NodeOffset(target));
				// A wrong code would hide a matching element from filtered walks.
				else if (i < record.link_codes.size() && found->second.state != kElementFree &&
				         record.link_codes[i] != found->second.code)
					Problem("element (%u,%u) keeps filter code %u for (%u,%u), whose code is %u", NodeBlock(id),
					        NodeOffset(id), record.link_codes[i], NodeBlock(target), NodeOffset(target),
					        found->second.code);
			}
		}
	}

	void CheckReachability()
	{
		if (meta_.entry_level < 0) {
			const auto in_use = std::count_if(elements_.begin(), elements_.end(),
			                                  [](const auto &entry) { return entry.second.state != kElementFree; });
			if (in_use > 0)
				Problem("index has %zu elements in use but no entry point", static_cast<std::size_t>(in_use));
			return;
		}
		const uint64 entry = NodeIdOf(meta_.entry_block, meta_.entry_offset);
		const auto found = elements_.find(entry);
		if (found == elements_.end()) {
			Problem("entry point (%u,%u) is not an element", meta_.entry_block, meta_.entry_offset);
			return;
		}
		if (found->second.level != meta_.entry_level)
			Problem("entry point level %d differs from its element's level %d", meta_.entry_level, found->second.level);
		// Layer 0 holds every element: a search reaches what layer-0 links reach from the entry point. (The
		// checker holds every element's record already: the walk's stack may take as many.)
		vecsearch::hnsw::LayerWalk<uint64> walk(elements_.size(), memory_);
		const auto first_visit = [&](uint64 id) {
			const auto next = elements_.find(id);
			if (next == elements_.end() || next->second.reached)
				return false;
			next->second.reached = true;
			return true;
		};
		const auto expand = [&](uint64 id, auto visit) {
			const ElementRecord &record = elements_.find(id)->second;
			for (std::size_t i = 0; i < record.links.size(); i++) {
				if (record.layer_of_link[i] == 0)
					visit(record.links[i]);
			}
		};
		walk.Visit(entry, first_visit);
		walk.Drain(first_visit, expand);
		std::pmr::unordered_set<uint64> unreached(memory_);
		for (const auto &[id, record] : elements_) {
			if (record.live && !record.reached)
				unreached.insert(id);
		}
		if (unreached.empty())
			return;
		// An insert appends its element before it links it, so an insert that never committed (cut off by a
		// crash, or still linking in another backend) can leave an unreachable element: its row is invisible and
		// vacuum removes it. Only elements holding a row whose insert committed must be reachable.
		Relation heap = nullptr;
		BlockNumber heap_blocks = 0;
		PgCall([&] {
			heap = table_open(IndexGetRelation(RelationGetRelid(index_), false), AccessShareLock);
			heap_blocks = RelationGetNumberOfBlocks(heap);
		});
		std::pmr::unordered_set<uint64> unreachable(memory_);
		for (const auto &[id, tid] : heap_tids_) {
			if (!unreached.contains(id) || unreachable.contains(id))
				continue;
			bool committed = true;
			PgCall([&] { committed = RowInsertCommitted(heap, heap_blocks, tid); });
			if (committed)
				unreachable.insert(id);
		}
		PgCall([&] { table_close(heap, AccessShareLock); });
		std::size_t reported = 0;
		for (const uint64 id : unreachable) {
			if (reported++ < 10)
				Problem("live element (%u,%u) is unreachable from the entry point", NodeBlock(id), NodeOffset(id));
		}
		if (unreachable.size() > 10)
			Problem("%zu live elements are unreachable in all", unreachable.size());
	}

	// PG regime. Whether the heap row at `tid` was inserted by a transaction that committed (or is this one),
	// as its tuple header and the commit log say. True when the TID leads nowhere (CheckHeapTids reports that).
	static bool RowInsertCommitted(Relation heap, BlockNumber heap_blocks, ItemPointerData tid)
	{
		const BlockNumber block = ItemPointerGetBlockNumberNoCheck(&tid);
		const OffsetNumber offset = ItemPointerGetOffsetNumberNoCheck(&tid);
		if (block >= heap_blocks)
			return true;
		const Buffer buffer = ReadBuffer(heap, block);
		LockBuffer(buffer, BUFFER_LOCK_SHARE);
		const Page page = BufferGetPage(buffer);
		bool committed = true;
		if (offset >= FirstOffsetNumber && offset <= PageGetMaxOffsetNumber(page)) {
			const ItemId item = PageGetItemId(page, offset);
			if (ItemIdIsDead(item)) {
				committed = false; // dead to every transaction
			} else if (ItemIdIsNormal(item)) {
				const auto tuple = reinterpret_cast<HeapTupleHeader>(PageGetItem(page, item));
				if (HeapTupleHeaderXminInvalid(tuple) && !HeapTupleHeaderXminCommitted(tuple)) {
					committed = false; // known aborted
				} else if (!HeapTupleHeaderXminCommitted(tuple)) {
					const TransactionId xmin = HeapTupleHeaderGetRawXmin(tuple);
					committed = TransactionIdIsCurrentTransactionId(xmin) ||
					            (!TransactionIdIsInProgress(xmin) && TransactionIdDidCommit(xmin));
				}
			}
		}
		UnlockReleaseBuffer(buffer);
		return committed;
	}

	// A heap TID must lead to a line pointer that is still in use (vacuum removes index entries before it
	// frees line pointers).
	void CheckHeapTids()
	{
		Relation heap = nullptr;
		PgCall([&] { heap = table_open(IndexGetRelation(RelationGetRelid(index_), false), AccessShareLock); });
		BlockNumber heap_blocks = 0;
		PgCall([&] { heap_blocks = RelationGetNumberOfBlocks(heap); });
		for (const auto &[id, tid] : heap_tids_) {
			const BlockNumber block = ItemPointerGetBlockNumberNoCheck(&tid);
			const OffsetNumber offset = ItemPointerGetOffsetNumberNoCheck(&tid);
			bool used = false;
			if (block < heap_blocks) {
				PgCall([&] {
					const Buffer buffer = ReadBuffer(heap, block);
					LockBuffer(buffer, BUFFER_LOCK_SHARE);
					const Page page = BufferGetPage(buffer);
					used = offset >= FirstOffsetNumber && offset <= PageGetMaxOffsetNumber(page) &&
					       ItemIdIsUsed(PageGetItemId(page, offset));
					UnlockReleaseBuffer(buffer);
				});
			}
			if (!used)
				Problem("element (%u,%u) keeps heap TID (%u,%u), whose line pointer is unused", NodeBlock(id),
				        NodeOffset(id), block, offset);
		}
		PgCall([&] { table_close(heap, AccessShareLock); });
	}

	Relation index_;
	std::pmr::memory_resource *memory_;
	MetaPageData meta_{};
	bool meta_valid_ = true;
	std::pmr::unordered_map<uint64, ElementRecord> elements_;
	std::pmr::vector<std::pmr::string> problems_;
	std::pmr::vector<std::pair<uint64, ItemPointerData>> heap_tids_;
};

Datum
CheckIndex(FunctionCallInfo fcinfo)
{
	const Oid index_oid = PG_GETARG_OID(0);
	Relation heap = nullptr;
	Relation index = nullptr;
	ReturnSetInfo *result_info = nullptr;
	PgCall([&] {
		InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
		result_info = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
		// The table first, then the index: the order every other command locks them in (amcheck's too).
		const Oid heap_oid = IndexGetRelation(index_oid, true);
		if (OidIsValid(heap_oid))
			heap = table_open(heap_oid, AccessShareLock);
		index = index_open(index_oid, AccessShareLock); // raises for what is not an index
		if (heap == nullptr || IndexGetRelation(index_oid, false) != heap_oid)
			ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
			                errmsg("could not open parent table of index \"%s\"", RelationGetRelationName(index))));
		if (index->rd_rel->relam != get_index_am_oid("hnsw", false))
			ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
			                errmsg("\"%s\" is not an hnsw index", RelationGetRelationName(index))));
		// Reading every page of somebody else's index is not for everyone: EXECUTE is revoked from PUBLIC
		// (the install script), and whoever may execute it must still own the table.
		if (!pg_class_ownercheck(heap_oid, GetUserId()))
			aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, RelationGetRelationName(heap));
	});
	{
		ContextMemoryResource memory(CurrentMemoryContext);
		Checker checker(index, &memory);
		checker.Run();
		for (const std::pmr::string &problem : checker.Problems()) {
			const char *text = problem.c_str();
			PgCall([&] {
				Datum value = CStringGetTextDatum(text);
				bool isnull = false;
				tuplestore_putvalues(result_info->setResult, result_info->setDesc, &value, &isnull);
			});
		}
	}
	PgCall([&] {
		index_close(index, AccessShareLock);
		table_close(heap, AccessShareLock);
	});
	return static_cast<Datum>(0);
}

} // namespace
} // namespace vecsearch::pg::hnsw

VECSEARCH_PG_FUNCTION(vecsearch_hnsw_check, vecsearch::pg::hnsw::CheckIndex)
