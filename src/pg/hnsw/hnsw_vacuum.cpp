// VACUUM for hnsw, in four passes over the index (design: README.md, "Vacuum"):
//   1. remove the heap TIDs the table's vacuum reports dead; an element left without any becomes deleted;
//   2. wait for the inserts that began before pass 1 (the insert lock, for a moment), move the entry point off a
//      deleted element, and re-link every live element that links to a deleted one (the core's INSERT over
//      pages: fresh neighbours, fresh back-links), side by side with new inserts;
//   3. re-link live elements a search could no longer reach on layer 0;
//   4. free the deleted elements, whose slots later inserts reuse.
// Deleted elements stay traversable until pass 4, so searches running meanwhile keep working. Every pass reads
// the index page by page and keeps its memory within maintenance_work_mem (autovacuum_work_mem in autovacuum).
// C++ regime; the callback and page changes run inside PgCall, one page at a time.
#include "core/hnsw/insert.hpp"
#include "core/hnsw/layer_walk.hpp"
#include "core/hnsw/reachability.hpp"
#include "core/hnsw/visited_set.hpp"
#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_filter.hpp"
#include "pg/hnsw/hnsw_maintenance.hpp"
#include "pg/hnsw/hnsw_options.hpp"
#include "pg/hnsw/hnsw_page_graph.hpp"
#include "pg/memory.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

// The element tuple at `offset`, or NULL when the item is not an element.
ElementTuple *
ElementAt(Page page, OffsetNumber offset)
{
	const ItemId item = PageGetItemId(page, offset);
	if (!ItemIdIsNormal(item) || ItemIdGetLength(item) < offsetof(ElementTuple, vector))
		return nullptr;
	auto *element = reinterpret_cast<ElementTuple *>(PageGetItem(page, item));
	if (element->kind != kElementTupleKind || element->heap_tid_count > kMaxHeapTids)
		return nullptr;
	return element;
}

bool
IsElementPage(Page page)
{
	return !PageIsNew(page) && PageGetSpecialSize(page) == MAXALIGN(sizeof(PageOpaque)) &&
	       GetOpaque(page)->page_id == kPageId && GetOpaque(page)->flags == kElementPageFlag;
}

// PG regime: removes dead TIDs from every element of `page` (only counting when !apply). Sets *any_deleted
// when an element is deleted, or is to be (kept none), whether by this vacuum or by one that was cut short.
int
PruneElements(Page page, IndexBulkDeleteCallback callback, void *callback_state, bool apply, double *live,
              bool *any_deleted)
{
	int removed = 0;
	const OffsetNumber max = PageGetMaxOffsetNumber(page);
	for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
		ElementTuple *element = ElementAt(page, offset);
		if (element != nullptr && element->deleted == kElementDeleted)
			*any_deleted = true;
		if (element == nullptr || element->deleted != kElementLive)
			continue;
		int kept = 0;
		for (int i = 0; i < element->heap_tid_count; i++) {
			if (callback(&element->heap_tids[i], callback_state)) {
				removed++;
				continue;
			}
			if (apply)
				element->heap_tids[kept] = element->heap_tids[i];
			kept++;
		}
		if (apply) {
			for (int i = kept; i < element->heap_tid_count; i++)
				ItemPointerSetInvalid(&element->heap_tids[i]);
			element->heap_tid_count = static_cast<uint8>(kept);
			if (kept == 0)
				element->deleted = kElementDeleted;
		}
		*any_deleted = *any_deleted || kept == 0;
		*live += kept;
	}
	return removed;
}

// PG regime: pass 1 on one page (one WAL record when something died). Sets *any_deleted as PruneElements.
void
PrunePage(Relation index, BlockNumber block, BufferAccessStrategy strategy, IndexBulkDeleteCallback callback,
          void *callback_state, IndexBulkDeleteResult *stats, double *live, bool *any_deleted)
{
	vacuum_delay_point();
	const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, strategy);
	LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
	Page page = BufferGetPage(buffer);
	if (IsElementPage(page)) {
		double counted = 0;
		// The callback is a pure lookup: look first, and change the page only when something is dead.
		if (PruneElements(page, callback, callback_state, false, &counted, any_deleted) > 0) {
			GenericXLogState *state = GenericXLogStart(index);
			page = GenericXLogRegisterBuffer(state, buffer, 0);
			counted = 0;
			stats->tuples_removed += PruneElements(page, callback, callback_state, true, &counted, any_deleted);
			GenericXLogFinish(state);
		}
		*live += counted;
	}
	UnlockReleaseBuffer(buffer);
}

// PG regime: pass 4 on one page; returns whether it freed anything.
bool
FreeDeletedOnPage(Relation index, BlockNumber block, BufferAccessStrategy strategy)
{
	vacuum_delay_point();
	const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, strategy);
	LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
	Page page = BufferGetPage(buffer);
	bool any = false;
	if (IsElementPage(page)) {
		const OffsetNumber max = PageGetMaxOffsetNumber(page);
		for (OffsetNumber offset = FirstOffsetNumber; offset <= max && !any; offset = OffsetNumberNext(offset)) {
			const ElementTuple *element = ElementAt(page, offset);
			any = element != nullptr && element->deleted == kElementDeleted;
		}
		if (any) {
			GenericXLogState *state = GenericXLogStart(index);
			page = GenericXLogRegisterBuffer(state, buffer, 0);
			for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
				ElementTuple *element = ElementAt(page, offset);
				if (element != nullptr && element->deleted == kElementDeleted)
					element->deleted = kElementFree;
			}
			GenericXLogFinish(state);
		}
	}
	UnlockReleaseBuffer(buffer);
	return any;
}

// One element as a pass over a page image sees it.
struct ElementSummary {
	uint64 id;
	int level;
	uint8 state;
	ItemPointerData neighbors;
};

// What a layer-0 walk learnt about each element: reached, expanded, and found live when expanded. Three bits
// per possible line pointer of every page, so its size follows the index's pages, not a hash table's overheads.
class ElementBits {
public:
	static constexpr std::size_t kKinds = 3; // reached, expanded, live: one word of each per 64 line pointers

	ElementBits(BlockNumber blocks, std::size_t bits_per_block, std::pmr::memory_resource *memory)
	    : bits_per_block_(bits_per_block), words_(WordsFor(blocks, bits_per_block), 0, memory)
	{
	}
	static std::size_t BytesFor(BlockNumber blocks, std::size_t bits_per_block)
	{
		return WordsFor(blocks, bits_per_block) * sizeof(uint64);
	}
	// Whether `id` has bits here (an element on a page past the end, or at an offset no page of this index can
	// hold, has none: the walk leaves it alone).
	bool Covers(uint64 id) const
	{
		return NodeOffset(id) >= FirstOffsetNumber && NodeOffset(id) <= bits_per_block_ &&
		       BitOf(id) / 64 * kKinds < words_.size();
	}
	bool Reached(uint64 id) const { return Get(id, 0); }
	bool Expanded(uint64 id) const { return Get(id, 1); }
	bool Live(uint64 id) const { return Get(id, 2); } // reached, expanded, and live then
	void SetReached(uint64 id) { Set(id, 0); }
	void SetExpanded(uint64 id) { Set(id, 1); }
	void SetLive(uint64 id) { Set(id, 2); }

private:
	static std::size_t WordsFor(BlockNumber blocks, std::size_t bits_per_block)
	{
		return (static_cast<std::size_t>(blocks) * bits_per_block + 63) / 64 * kKinds;
	}
	std::size_t BitOf(uint64 id) const
	{
		return static_cast<std::size_t>(NodeBlock(id)) * bits_per_block_ + (NodeOffset(id) - FirstOffsetNumber);
	}
	bool Get(uint64 id, std::size_t kind) const
	{
		const std::size_t bit = BitOf(id);
		return (words_[bit / 64 * kKinds + kind] >> (bit % 64) & 1) != 0;
	}
	void Set(uint64 id, std::size_t kind)
	{
		const std::size_t bit = BitOf(id);
		words_[bit / 64 * kKinds + kind] |= uint64{1} << (bit % 64);
	}

	std::size_t bits_per_block_;
	std::pmr::vector<uint64> words_; // reached, expanded and live words interleaved
};

// The repair passes. Nothing here grows with the index but the walk's bitmaps (three bits per possible line
// pointer, announced when they pass their share of the budget): deleted elements are gathered in rounds
// that fit the budget, elements are read page by page as they are needed, and the cache of element vectors
// the re-links read is cleared whenever it passes its share.
class Vacuum {
public:
	Vacuum(IndexVacuumInfo *info, std::size_t budget, std::pmr::memory_resource *memory)
	    : info_(info), index_(info->index), memory_(memory), budget_(budget), deleted_(memory), image_(BLCKSZ, memory),
	      page_elements_(memory)
	{
	}

	// Pass 1; returns whether any element is waiting to be unlinked and freed.
	bool Prune(IndexBulkDeleteCallback callback, void *callback_state, IndexBulkDeleteResult *stats)
	{
		double live = 0;
		bool any_deleted = false;
		PgCall([&] { blocks_ = RelationGetNumberOfBlocks(index_); });
		for (BlockNumber block = kMetaBlock + 1; block < blocks_; block++) {
			PgCall([&] {
				PrunePage(index_, block, info_->strategy, callback, callback_state, stats, &live, &any_deleted);
			});
			PollInterrupts();
		}
		stats->num_pages = blocks_;
		stats->num_index_tuples = live;
		return any_deleted;
	}

	// Passes 2-4, side by side with inserts. Taking the insert lock exclusively for a moment first waits for
	// every insert that began before pass 1 marked elements deleted (and so might still link to one); inserts
	// that begin later never link to a deleted element. The lock is not held across any pass: the repairs use
	// the inserts' compare-and-write protocol, for a re-linked element's own lists too (a back-link an insert
	// gives it meanwhile is kept), and pass 3 links whatever is unreachable all the same.
	void Repair()
	{
		PgCall([&] {
			ReadMeta(index_, &meta_);
			blocks_ = RelationGetNumberOfBlocks(index_); // inserts may have added pages since pass 1
		});
		params_ = GraphParamsOf(meta_);
		MoveEntryPointIfDeleted();
		if (meta_.entry_level >= 0) {
			PageGraph graph(index_, ShapeOf(meta_), meta_.m, DistanceOf(meta_), CoverDistanceOf(meta_), memory_);
			if ((meta_.flags & kMetaFlagFilterCodes) != 0) {
				TupleDesc descriptor = nullptr;
				PgCall([&] { descriptor = FilterDescriptor(index_); });
				graph.KeepFilterCodes(descriptor);
			}
			vecsearch::hnsw::HashVisitedSet visited(memory_);
			vecsearch::hnsw::InsertScratch<uint64> scratch(memory_);
			// Pass 2, in rounds: each gathers the deleted elements of as many pages as its share of the budget
			// holds, then re-links every live element that links to one of them.
			for (BlockNumber from = kMetaBlock + 1; from < blocks_;) {
				from = GatherDeleted(from);
				if (deleted_.empty())
					continue;
				ForEachElement([&](const ElementSummary &element) {
					if (element.state == kElementLive && LinksToDeleted(element))
						Relink(graph, visited, scratch, element.id);
				});
			}
			deleted_ = std::pmr::vector<uint64>(memory_); // give its memory back before the walk
			// A link given to a cut-off element can cost another its last in-link: walk again after any re-link,
			// a few times at most.
			for (int round = 0; round < kReachabilityRounds && RelinkUnreachable(graph, visited, scratch) > 0;
			     round++) {
			}
			graph.ReleasePins();
		}
		BlockNumber first_freed = InvalidBlockNumber;
		for (BlockNumber block = kMetaBlock + 1; block < blocks_; block++) {
			bool freed = false;
			PgCall([&] { freed = FreeDeletedOnPage(index_, block, info_->strategy); });
			if (freed && first_freed == InvalidBlockNumber)
				first_freed = block;
		}
		PgCall([&] {
			if (first_freed != InvalidBlockNumber)
				LowerFreeHint(index_, first_freed);
		});
	}

private:
	// Reads one page image into page_elements_ (nothing when it is not an element page).
	void ReadPageElements(BlockNumber block)
	{
		page_elements_.clear();
		char *target = image_.data();
		PgCall([&] { CopyPage(index_, block, info_->strategy, target); });
		const Page page = image_.data();
		if (!IsElementPage(page))
			return;
		const OffsetNumber max = PageGetMaxOffsetNumber(page);
		for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
			if (const ElementTuple *element = ElementAt(page, offset))
				page_elements_.push_back(
				    {NodeIdOf(block, offset), element->level, element->deleted, element->neighbors});
		}
	}

	// f(summary) for every element of the index, page by page (f may change the graph: the page's summaries
	// were copied before it runs).
	template <typename F> void ForEachElement(F f)
	{
		for (BlockNumber block = kMetaBlock + 1; block < blocks_; block++) {
			ReadPageElements(block);
			std::pmr::vector<ElementSummary> elements(page_elements_, memory_);
			for (const ElementSummary &element : elements)
				f(element);
			PollInterrupts();
		}
	}

	// Collects the deleted elements of pages from `from` on into deleted_ (sorted), stopping after the page
	// that fills its share of the budget; returns the first page not looked at.
	BlockNumber GatherDeleted(BlockNumber from)
	{
		const std::size_t capacity = std::max<std::size_t>(budget_ / 4 / sizeof(uint64), kMaxItemsPerPage);
		deleted_.clear();
		BlockNumber block = from;
		for (; block < blocks_ && deleted_.size() + kMaxItemsPerPage <= capacity; block++) {
			ReadPageElements(block);
			for (const ElementSummary &element : page_elements_) {
				if (element.state == kElementDeleted)
					deleted_.push_back(element.id);
			}
		}
		return block; // ids are gathered in block, then offset order: already sorted
	}

	bool LinksToDeleted(const ElementSummary &element)
	{
		uint64 buffer[2 * vecsearch::hnsw::kMaxM];
		for (int layer = 0; layer <= element.level; layer++) {
			int count = 0;
			const int m = meta_.m;
			PgCall([&] { count = ReadNeighbors(index_, element.neighbors, m, layer, buffer); });
			for (int i = 0; i < count; i++) {
				if (std::binary_search(deleted_.begin(), deleted_.end(), buffer[i]))
					return true;
			}
		}
		return false;
	}

	// Waits for the inserts that began before pass 1 (the insert lock, taken exclusively for a moment) and, when
	// the entry point is deleted, hands it over to the live element on the highest level (or to none). That
	// element is looked for without the lock (a pass over the index); under it, the entry point changes only if
	// it still is deleted (an insert may have raised a new one meanwhile).
	void MoveEntryPointIfDeleted()
	{
		const ElementShape shape = ShapeOf(meta_);
		const auto entry_deleted = [&] {
			if (meta_.entry_level < 0)
				return false;
			ElementInfo info{};
			PgCall([&] { info = ReadElementInfo(index_, NodeIdOf(meta_.entry_block, meta_.entry_offset), shape); });
			return info.deleted;
		};
		uint64 best_id = 0;
		int best_level = -1;
		const auto find_highest_live = [&] {
			ForEachElement([&](const ElementSummary &element) {
				if (element.state == kElementLive && element.level > best_level) {
					best_id = element.id;
					best_level = element.level;
				}
			});
		};
		if (entry_deleted())
			find_highest_live();
		PgCall([&] {
			LockPage(index_, kMetaBlock, ExclusiveLock);
			ReadMeta(index_, &meta_);
		});
		if (entry_deleted()) {
			// Only this vacuum deletes elements, so the element found above is still live. When there was none,
			// inserts may have added some since: look again, under the lock this time (the whole index was
			// deleted, and a deleted entry point must not be freed under their feet).
			if (best_level < 0)
				find_highest_live();
			PgCall([&] { SetEntryPoint(index_, best_id, best_level); });
			meta_.entry_block = NodeBlock(best_id);
			meta_.entry_offset = NodeOffset(best_id);
			meta_.entry_level = static_cast<int16>(best_level);
		}
		PgCall([&] { UnlockPage(index_, kMetaBlock, ExclusiveLock); });
	}

	// Recomputes an element's neighbours by searching the graph, never linking to deleted elements.
	void Relink(PageGraph &graph, vecsearch::hnsw::HashVisitedSet &visited,
	            vecsearch::hnsw::InsertScratch<uint64> &scratch, uint64 id)
	{
		PgCall([&] { vacuum_delay_point(); });
		PollInterrupts();
		// The cache of elements would otherwise hold every vector the passes touch: most of the index.
		if (graph.CachedBytes() > budget_ / 4)
			graph.Clear();
		const uint64 entry = NodeIdOf(meta_.entry_block, meta_.entry_offset);
		vecsearch::hnsw::InsertNode(graph, id, true, entry, meta_.entry_level, params_, visited, scratch);
	}

	// Pass 3: live elements a layer-0 walk from the entry point through live elements does not reach are
	// linked again; returns how many. The walk keeps a stack within its share of the budget; what does not
	// fit is found again by looking for reached elements that were not expanded yet.
	std::size_t RelinkUnreachable(PageGraph &graph, vecsearch::hnsw::HashVisitedSet &visited,
	                              vecsearch::hnsw::InsertScratch<uint64> &scratch)
	{
		// Every page holds fewer line pointers than this: each item takes its line pointer and at least the
		// smaller of the two tuple kinds.
		const std::size_t smallest_item =
		    std::min(MAXALIGN(ElementTupleSize(ShapeOf(meta_))), MAXALIGN(NeighborTupleSize(meta_.m, 0)));
		const std::size_t bits_per_block = kMaxItemSize / (smallest_item + sizeof(ItemIdData)) + 1;
		const std::size_t bytes = ElementBits::BytesFor(blocks_, bits_per_block);
		if (bytes > budget_ / 2) {
			const double megabytes = static_cast<double>(bytes) / (1024.0 * 1024.0);
			PgCall([&] {
				ereport(NOTICE, (errmsg("hnsw vacuum needs %.0f MB beyond maintenance_work_mem to check that every "
				                        "element is reachable",
				                        megabytes)));
			});
		}
		ElementBits bits(blocks_, bits_per_block, memory_);
		const std::size_t stack_capacity = std::max<std::size_t>(budget_ / 8 / sizeof(uint64), 1024);
		vecsearch::hnsw::LayerWalk<uint64> walk(stack_capacity, memory_);
		const auto first_visit = [&](uint64 id) {
			if (!bits.Covers(id) || bits.Reached(id))
				return false;
			bits.SetReached(id);
			return true;
		};
		uint64 buffer[2 * vecsearch::hnsw::kMaxM];
		const ElementShape shape = ShapeOf(meta_);
		const int m = meta_.m;
		std::size_t steps = 0;
		// Only live elements route the walk (the entry point is live: see above).
		const auto expand = [&](uint64 id, auto visit) {
			bits.SetExpanded(id);
			ElementInfo info{};
			PgCall([&] { info = ReadElementInfo(index_, id, shape); });
			if (info.deleted)
				return;
			bits.SetLive(id);
			int count = 0;
			PgCall([&] { count = ReadNeighbors(index_, info.neighbors, m, 0, buffer); });
			for (int i = 0; i < count; i++)
				visit(buffer[i]);
			if (++steps % 1024 == 0)
				PollInterrupts();
		};
		// Walks on from `id`: when the stack overflows, refills it with reached elements not expanded yet.
		const auto walk_from = [&](uint64 id) {
			walk.Visit(id, first_visit);
			while (!walk.Drain(first_visit, expand)) {
				ForEachElement([&](const ElementSummary &element) {
					if (bits.Covers(element.id) && bits.Reached(element.id) && !bits.Expanded(element.id))
						walk.Push(element.id);
				});
			}
		};
		walk_from(NodeIdOf(meta_.entry_block, meta_.entry_offset));
		std::size_t relinked = 0;
		ForEachElement([&](const ElementSummary &element) {
			if (element.state != kElementLive || !bits.Covers(element.id) || bits.Reached(element.id))
				return; // (reached meanwhile through an element linked before it)
			Relink(graph, visited, scratch, element.id);
			LinkFromReached(graph, visited, scratch, bits, element.id);
			relinked++;
			// What the element links to is now reachable through it: walk on from it before the next one.
			walk_from(element.id);
		});
		return relinked;
	}

	// Makes sure an element the walk reached links to `id` on layer 0. A re-link alone does not: its search
	// descends through the upper layers and can land among cut-off elements, whose back-links then lead
	// nowhere (deleting two fifths of 40,000 collinear vectors at m = 4 left 11,734 live elements unreachable
	// that way). So: descend as a search would, start from the last reached element on the way down, and search
	// layer 0 through reached live elements only, for one that links to `id` or can take the link (a free slot,
	// or a link whose drop is covered; the nearest drops its farthest otherwise). That search measures at most
	// kLinkSearchBudget elements: it may then offer a farther element, never none (its start is reached).
	void LinkFromReached(PageGraph &graph, vecsearch::hnsw::HashVisitedSet &visited,
	                     vecsearch::hnsw::InsertScratch<uint64> &scratch, const ElementBits &bits, uint64 id)
	{
		using Candidate = vecsearch::hnsw::Candidate<uint64>;
		// From the walk's bits alone: asking the graph whether an element is live would load (and cache) its
		// vector, for every element the search meets.
		const auto usable = [&](uint64 candidate) {
			return candidate != id && bits.Covers(candidate) && bits.Live(candidate);
		};
		const void *vector = graph.Vector(id);
		const uint64 entry = NodeIdOf(meta_.entry_block, meta_.entry_offset);
		Candidate best{graph.Distance(vector, entry), entry};
		Candidate start = best;
		for (int layer = meta_.entry_level; layer > 0; layer--) {
			visited.Reset(64);
			vecsearch::hnsw::SearchLayer(graph, vector, std::span<const Candidate>(&best, 1), layer, 1, visited,
			                             scratch.search);
			best = scratch.search.found.front();
			if (usable(best.id))
				start = best;
		}
		std::size_t budget = kLinkSearchBudget;
		const auto within_budget = [&](uint64 candidate) {
			if (budget == 0 || !usable(candidate))
				return false;
			budget--;
			return true;
		};
		vecsearch::hnsw::RestrictedView<PageGraph, decltype(within_budget)> view{graph, within_budget};
		const std::size_t ef = std::max<std::size_t>(static_cast<std::size_t>(params_.ef_construction), 64);
		visited.Reset(ef * static_cast<std::size_t>(meta_.m));
		vecsearch::hnsw::SearchLayer(view, vector, std::span<const Candidate>(&start, 1), 0, ef, visited,
		                             scratch.search);
		const std::size_t max_neighbors = static_cast<std::size_t>(params_.MaxNeighbors(0));
		std::pmr::vector<Candidate> found(scratch.search.found, memory_);
		using vecsearch::hnsw::ForcedDrop;
		for (const ForcedDrop drop : {ForcedDrop::kCovered, ForcedDrop::kFarthest}) {
			for (const Candidate &candidate : found) {
				if (candidate.id != id &&
				    vecsearch::hnsw::ForceBackLinkGuarded(graph, candidate.id, id, 0, max_neighbors, drop, scratch))
					return;
				if (drop == ForcedDrop::kFarthest)
					break; // only the nearest gives up an uncovered link
			}
		}
	}

	static constexpr int kReachabilityRounds = 4;
	static constexpr std::size_t kLinkSearchBudget = 4096;
	// Most element tuples one page can hold (a bound for a round's share of deleted ids).
	static constexpr std::size_t kMaxItemsPerPage =
	    kMaxItemSize / (offsetof(ElementTuple, vector) + sizeof(ItemIdData));

	IndexVacuumInfo *info_;
	Relation index_;
	std::pmr::memory_resource *memory_;
	std::size_t budget_;
	BlockNumber blocks_ = 0;
	MetaPageData meta_{};
	vecsearch::hnsw::Params params_;
	std::pmr::vector<uint64> deleted_; // sorted ids of one round's deleted elements
	std::pmr::vector<char> image_;
	std::pmr::vector<ElementSummary> page_elements_;
};

} // namespace

IndexBulkDeleteResult *
BulkDelete(IndexVacuumInfo *info, IndexBulkDeleteResult *stats, IndexBulkDeleteCallback callback, void *callback_state)
{
	MemoryContext context = nullptr;
	PgCall([&] {
		if (stats == nullptr)
			stats = static_cast<IndexBulkDeleteResult *>(palloc0(sizeof(IndexBulkDeleteResult)));
		context = AllocSetContextCreate(CurrentMemoryContext, "hnsw vacuum", ALLOCSET_DEFAULT_SIZES);
	});
	{
		// The budget of every pass over the whole index, as for the table's own vacuum.
		const int work_mem_kb =
		    IsAutoVacuumWorkerProcess() && autovacuum_work_mem != -1 ? autovacuum_work_mem : maintenance_work_mem;
		ContextMemoryResource memory(context);
		Vacuum vacuum(info, static_cast<std::size_t>(work_mem_kb) * 1024, &memory);
		if (vacuum.Prune(callback, callback_state, stats))
			vacuum.Repair();
	}
	PgCall([&] { MemoryContextDelete(context); });
	return stats;
}

IndexBulkDeleteResult *
VacuumCleanup(IndexVacuumInfo *info, IndexBulkDeleteResult *stats)
{
	if (info->analyze_only)
		return stats;
	if (stats == nullptr) {
		// No bulk delete ran (nothing was dead): report the index's size and its live TIDs.
		PgCall([&] {
			stats = static_cast<IndexBulkDeleteResult *>(palloc0(sizeof(IndexBulkDeleteResult)));
			Relation index = info->index;
			const BlockNumber blocks = RelationGetNumberOfBlocks(index);
			for (BlockNumber block = kMetaBlock + 1; block < blocks; block++) {
				vacuum_delay_point();
				const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, info->strategy);
				LockBuffer(buffer, BUFFER_LOCK_SHARE);
				const Page page = BufferGetPage(buffer);
				if (IsElementPage(page)) {
					const OffsetNumber max = PageGetMaxOffsetNumber(page);
					for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
						if (const ElementTuple *element = ElementAt(page, offset))
							stats->num_index_tuples += element->heap_tid_count;
					}
				}
				UnlockReleaseBuffer(buffer);
			}
			stats->num_pages = blocks;
		});
	}
	return stats;
}

} // namespace vecsearch::pg::hnsw
