// Module load: picks the SIMD kernel table for this CPU, defines vecsearch's own GUCs, and reports the SIMD
// choice to SQL (vecsearch_simd_info()). Index-specific GUCs are defined by the index code.
#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_options.hpp"
#include "pg/hnsw/hnsw_paths.hpp"
#include "pg/kernels.hpp"

#include "pg/prelude.hpp"

extern "C" {
PG_MODULE_MAGIC;
}

namespace vecsearch::pg {

const simd::KernelTable *active_kernels = nullptr;

namespace {

// vecsearch.max_simd_level: an upper bound on the kernels used, for testing every level and for working
// around a misbehaving CPU. "auto" means the best the CPU supports.
constexpr int kSimdAuto = -1;
const config_enum_entry kSimdLevelOptions[] = {
    {"auto", kSimdAuto, false},
    {"avx512", static_cast<int>(simd::Level::kAvx512), false},
    {"avx2", static_cast<int>(simd::Level::kAvx2), false},
    {"scalar", static_cast<int>(simd::Level::kScalar), false},
    {nullptr, 0, false},
};
int max_simd_level_setting = kSimdAuto;

simd::Level
SelectedLevel(int setting)
{
	const simd::Level cpu = simd::DetectCpuLevel();
	return setting == kSimdAuto ? cpu : simd::ClampToCpu(static_cast<simd::Level>(setting));
}

// GUC assign hooks must not fail; choosing a table cannot.
void
AssignMaxSimdLevel(int new_value, void *extra)
{
	active_kernels = &simd::KernelsFor(SelectedLevel(new_value));
}

void
Initialize()
{
	detail::InitBoundary();
	active_kernels = &simd::KernelsFor(simd::DetectCpuLevel());
	DefineCustomEnumVariable("vecsearch.max_simd_level", "Highest SIMD instruction set vecsearch may use.",
	                         "auto uses the best the CPU supports; a higher level than the CPU has is clamped.",
	                         &max_simd_level_setting, kSimdAuto, kSimdLevelOptions, PGC_SUSET, 0, nullptr,
	                         AssignMaxSimdLevel, nullptr);
	MarkGUCPrefixReserved("vecsearch");
	hnsw::DefineOptionsAndGucs();
	hnsw::InstallPathHook();
}

// vecsearch_simd_info() -> text, e.g. "cpu=avx512 selected=avx2 max_simd_level=avx2".
Datum
SimdInfo(FunctionCallInfo fcinfo)
{
	const char *setting = "auto";
	for (const config_enum_entry *entry = kSimdLevelOptions; entry->name != nullptr; entry++) {
		if (entry->val == max_simd_level_setting)
			setting = entry->name;
	}
	PG_RETURN_TEXT_P(
	    cstring_to_text(psprintf("cpu=%s selected=%s max_simd_level=%s", simd::LevelName(simd::DetectCpuLevel()),
	                             simd::LevelName(active_kernels->level), setting)));
}

} // namespace
} // namespace vecsearch::pg

void
_PG_init(void)
{
	vecsearch::pg::Guard([] { vecsearch::pg::Initialize(); });
}

VECSEARCH_PG_FUNCTION(vecsearch_simd_info, vecsearch::pg::SimdInfo)
