// SharedGraph's region layout and atomics, and the per-builder insert loop.
#include "core/hnsw/shared_graph.hpp"
#include "core/hnsw/reachability.hpp"

#include <cstring>
#include <new>
#include <thread>

namespace vecsearch::hnsw {

namespace {

constexpr std::size_t kHeaderBytes = 256; // room for SharedGraph::Header (static_assert below)

constexpr std::size_t
AlignUp(std::size_t bytes) noexcept
{
	return (bytes + 63) & ~std::size_t{63};
}

// Upper-layer lists to make room for: the expected count is capacity / (m - 1) (see
// InMemoryGraph::EstimateMemoryBytes); twice that plus a margin makes running out vanishingly unlikely.
std::size_t
UpperListCapacity(std::size_t capacity, const Params &params) noexcept
{
	return 2 * capacity / static_cast<std::size_t>(params.m - 1) + 64 * static_cast<std::size_t>(params.max_level);
}

// Byte offsets of the arrays inside the region, after the header.
struct Layout {
	std::size_t vectors, levels, upper_first, layer0, upper, layer0_distances, upper_distances, layer0_chosen,
	    upper_chosen, locks, total;
};

} // namespace

struct SharedGraph::Header {
	std::uint64_t capacity;
	std::uint64_t dims;
	std::uint64_t element_bytes;
	std::uint64_t upper_list_capacity;
	Params params;
	std::atomic<std::uint64_t> reserved_nodes; // ids handed out, may pass capacity when full
	std::atomic<std::uint64_t> upper_lists_used;
	std::atomic<std::uint64_t> entry; // 0: none; else (level + 1) << 32 | id
	std::atomic<std::uint32_t> overflowed;
};

namespace {

Layout
LayoutFor(std::size_t capacity, std::size_t element_bytes, std::size_t upper_lists, int m) noexcept
{
	Layout layout{};
	std::size_t at = kHeaderBytes;
	layout.vectors = at;
	at = AlignUp(at + capacity * element_bytes);
	layout.layer0 = at;
	at = AlignUp(at + capacity * (1 + 2 * static_cast<std::size_t>(m)) * sizeof(std::uint32_t));
	layout.upper = at;
	at = AlignUp(at + upper_lists * (1 + static_cast<std::size_t>(m)) * sizeof(std::uint32_t));
	layout.layer0_distances = at;
	at = AlignUp(at + capacity * (1 + 2 * static_cast<std::size_t>(m)) * sizeof(float));
	layout.upper_distances = at;
	at = AlignUp(at + upper_lists * (1 + static_cast<std::size_t>(m)) * sizeof(float));
	layout.layer0_chosen = at;
	at = AlignUp(at + capacity);
	layout.upper_chosen = at;
	at = AlignUp(at + upper_lists);
	layout.upper_first = at;
	at = AlignUp(at + capacity * sizeof(std::uint32_t));
	layout.locks = at;
	at = AlignUp(at + capacity * sizeof(std::atomic<std::uint32_t>));
	layout.levels = at;
	at = AlignUp(at + capacity);
	layout.total = at;
	return layout;
}

} // namespace

std::size_t
SharedGraph::RegionBytes(std::size_t capacity, std::size_t dims, const Params &params, ElementKind kind) noexcept
{
	static_assert(sizeof(Header) <= kHeaderBytes, "the header must fit the space LayoutFor leaves it");
	return LayoutFor(capacity, ElementBytes(kind, dims), UpperListCapacity(capacity, params), params.m).total;
}

void
SharedGraph::Initialize(void *region, std::size_t capacity, std::size_t dims, const Params &params,
                        ElementKind kind) noexcept
{
	const std::size_t upper_lists = UpperListCapacity(capacity, params);
	const Layout layout = LayoutFor(capacity, ElementBytes(kind, dims), upper_lists, params.m);
	auto *bytes = static_cast<char *>(region);
	auto *header = new (region) Header{};
	header->capacity = capacity;
	header->dims = dims;
	header->element_bytes = ElementBytes(kind, dims);
	header->upper_list_capacity = upper_lists;
	header->params = params;
	header->reserved_nodes.store(0, std::memory_order_relaxed);
	header->upper_lists_used.store(0, std::memory_order_relaxed);
	header->entry.store(0, std::memory_order_relaxed);
	header->overflowed.store(0, std::memory_order_relaxed);
	// Empty lists: a zero count is all a list needs. Locks start released.
	for (std::size_t i = 0; i < capacity; i++)
		bytes[layout.levels + i] = 0;
	auto *layer0 = reinterpret_cast<std::uint32_t *>(bytes + layout.layer0);
	for (std::size_t i = 0; i < capacity; i++)
		layer0[i * (1 + 2 * static_cast<std::size_t>(params.m))] = 0;
	auto *upper = reinterpret_cast<std::uint32_t *>(bytes + layout.upper);
	for (std::size_t i = 0; i < upper_lists; i++)
		upper[i * (1 + static_cast<std::size_t>(params.m))] = 0;
	std::fill(bytes + layout.layer0_chosen, bytes + layout.layer0_chosen + capacity, kUnknownSelection);
	std::fill(bytes + layout.upper_chosen, bytes + layout.upper_chosen + upper_lists, kUnknownSelection);
	auto *locks = reinterpret_cast<std::atomic<std::uint32_t> *>(bytes + layout.locks);
	for (std::size_t i = 0; i < capacity; i++)
		new (&locks[i]) std::atomic<std::uint32_t>(0);
	std::atomic_thread_fence(std::memory_order_release);
}

SharedGraph::SharedGraph(void *region, ElementDistance distance) noexcept
    : header_(static_cast<Header *>(region)), capacity_(header_->capacity), dims_(header_->dims),
      element_bytes_(header_->element_bytes), params_(header_->params), distance_(distance)
{
	const Layout layout = LayoutFor(header_->capacity, element_bytes_, header_->upper_list_capacity, params_.m);
	auto *bytes = static_cast<char *>(region);
	vectors_ = reinterpret_cast<std::byte *>(bytes + layout.vectors);
	levels_ = reinterpret_cast<std::uint8_t *>(bytes + layout.levels);
	upper_first_ = reinterpret_cast<std::uint32_t *>(bytes + layout.upper_first);
	layer0_ = reinterpret_cast<NodeId *>(bytes + layout.layer0);
	upper_ = reinterpret_cast<NodeId *>(bytes + layout.upper);
	layer0_distances_ = reinterpret_cast<float *>(bytes + layout.layer0_distances);
	upper_distances_ = reinterpret_cast<float *>(bytes + layout.upper_distances);
	layer0_chosen_ = reinterpret_cast<std::uint8_t *>(bytes + layout.layer0_chosen);
	upper_chosen_ = reinterpret_cast<std::uint8_t *>(bytes + layout.upper_chosen);
	locks_ = reinterpret_cast<std::atomic<std::uint32_t> *>(bytes + layout.locks);
}

std::optional<SharedGraph::NodeId>
SharedGraph::AddElement(const void *element, int level) noexcept
{
	const std::uint64_t id = header_->reserved_nodes.fetch_add(1, std::memory_order_relaxed);
	std::uint64_t first_upper = 0;
	if (id < header_->capacity && level > 0)
		first_upper = header_->upper_lists_used.fetch_add(static_cast<std::uint64_t>(level), std::memory_order_relaxed);
	if (id >= header_->capacity || first_upper + static_cast<std::uint64_t>(level) > header_->upper_list_capacity) {
		header_->overflowed.store(1, std::memory_order_release);
		return std::nullopt;
	}
	std::memcpy(vectors_ + id * element_bytes_, element, element_bytes_);
	levels_[id] = static_cast<std::uint8_t>(level);
	upper_first_[id] = static_cast<std::uint32_t>(first_upper);
	// Fresh upper lists are already empty (Initialize); layer 0's too.
	return static_cast<NodeId>(id);
}

bool
SharedGraph::Overflowed() const noexcept
{
	return header_->overflowed.load(std::memory_order_acquire) != 0;
}

std::size_t
SharedGraph::Size() const noexcept
{
	const std::uint64_t reserved = header_->reserved_nodes.load(std::memory_order_acquire);
	return static_cast<std::size_t>(reserved < header_->capacity ? reserved : header_->capacity);
}

void
SharedGraph::SpinLock(NodeId id) const noexcept
{
	std::atomic<std::uint32_t> &lock = locks_[id];
	for (unsigned spins = 0;; spins++) {
		if (lock.load(std::memory_order_relaxed) == 0 && lock.exchange(1, std::memory_order_acquire) == 0)
			return;
		// Holders keep a lock for a few distance computations; past that the holder was likely descheduled.
		if (spins < 1024) {
#if defined(__x86_64__) || defined(__i386__)
			__builtin_ia32_pause();
#endif
		} else
			std::this_thread::yield();
	}
}

std::optional<SharedGraph::Entry>
SharedGraph::LoadEntry() const noexcept
{
	const std::uint64_t packed = header_->entry.load(std::memory_order_acquire);
	if (packed == 0)
		return std::nullopt;
	return Entry{static_cast<NodeId>(packed & 0xffffffffu), static_cast<int>(packed >> 32) - 1};
}

std::optional<SharedGraph::NodeId>
SharedGraph::EntryPoint() const noexcept
{
	const std::optional<Entry> entry = LoadEntry();
	if (!entry)
		return std::nullopt;
	return entry->id;
}

bool
SharedGraph::SetFirstEntryPoint(NodeId id, int level) noexcept
{
	std::uint64_t expected = 0;
	const std::uint64_t wanted = (static_cast<std::uint64_t>(level) + 1) << 32 | id;
	return header_->entry.compare_exchange_strong(expected, wanted, std::memory_order_acq_rel);
}

bool
SharedGraph::RaiseEntryPoint(NodeId id, int level) noexcept
{
	const std::uint64_t wanted = (static_cast<std::uint64_t>(level) + 1) << 32 | id;
	std::uint64_t current = header_->entry.load(std::memory_order_acquire);
	while (current == 0 || static_cast<int>(current >> 32) - 1 < level) {
		if (header_->entry.compare_exchange_weak(current, wanted, std::memory_order_acq_rel))
			return true;
	}
	return false;
}

SharedGraphBuilder::SharedGraphBuilder(SharedGraph *graph, std::uint64_t seed, std::pmr::memory_resource *memory)
    : graph_(graph), random_(seed), visited_(memory), scratch_(memory)
{
}

std::optional<SharedGraph::NodeId>
SharedGraphBuilder::InsertElement(const void *element)
{
	const int level = DrawLevel(random_, graph_->GraphParams());
	const std::optional<SharedGraph::NodeId> node = graph_->AddElement(element, level);
	if (!node)
		return std::nullopt;
	std::optional<SharedGraph::Entry> entry = graph_->LoadEntry();
	// The first node of the graph: whoever sets the entry first has nothing to link to.
	if (!entry && graph_->SetFirstEntryPoint(*node, level))
		return node;
	entry = graph_->LoadEntry();
	if (InsertNode(*graph_, *node, true, entry->id, entry->level, graph_->GraphParams(), visited_, scratch_))
		graph_->RaiseEntryPoint(*node, level);
	return node;
}

std::size_t
SharedGraphBuilder::LinkUnreachableNodes()
{
	return LinkUnreachable(*graph_, visited_, scratch_);
}

} // namespace vecsearch::hnsw
