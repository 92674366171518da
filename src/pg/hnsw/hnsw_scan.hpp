// Index scans: ORDER BY column <op> constant, returning heap TIDs nearest first (approximately: the order of
// the graph search). With hnsw.iterative_scan the scan goes on past ef_search results until the executor
// stops asking or hnsw.max_scan_tuples is reached.
#pragma once

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

// C++ regime (called from the guarded AM callbacks).
IndexScanDesc BeginScan(Relation index, int nkeys, int norderbys);
void Rescan(IndexScanDesc scan, ScanKey keys, int nkeys, ScanKey orderbys, int norderbys);
bool GetTuple(IndexScanDesc scan, ScanDirection direction);
void EndScan(IndexScanDesc scan);

} // namespace vecsearch::pg::hnsw
