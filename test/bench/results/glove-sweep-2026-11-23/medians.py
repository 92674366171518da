# Medians of the three glove sweep rounds and QPS interpolated at equal recall (BENCHMARKS.md).
import json, os, statistics, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interp import at
R=os.path.dirname(os.path.abspath(__file__))
def load(sys_, r):
    return json.load(open(f'{R}/glove-{sys_}-r{r}.json'))['queries']
rows = {}
for s in ['vecsearch','vector']:
    for r in (1,2,3):
        for q in load(s, r):
            rows.setdefault((s, q['clients'], q['ef_search']), []).append((q['recall'], q['qps']))
clients = sorted({k[1] for k in rows}); efs = sorted({k[2] for k in rows})
print('| clients | ef_search | vecsearch recall | vecsearch QPS (3 runs) | median | pgvector recall | pgvector QPS (3 runs) | median | ratio |')
print('|---:|---:|---:|---|---:|---:|---|---:|---:|')
med = {}
for c in clients:
    for e in efs:
        a = rows[('vecsearch', c, e)]; b = rows[('vector', c, e)]
        ma = statistics.median(x[1] for x in a); mb = statistics.median(x[1] for x in b)
        ra = statistics.median(x[0] for x in a); rb = statistics.median(x[0] for x in b)
        med[('vecsearch', c, e)] = (ra, ma); med[('vector', c, e)] = (rb, mb)
        print(f"| {c} | {e} | {ra:.3f} | {', '.join(f'{x[1]:.0f}' for x in a)} | {ma:.1f} | {rb:.3f} | {', '.join(f'{x[1]:.0f}' for x in b)} | {mb:.1f} | {ma/mb:.2f} |")
print()
for c in clients:
    for t in (0.90, 0.95, 0.99):
        pa = [(med[('vecsearch', c, e)][0], med[('vecsearch', c, e)][1], e) for e in efs]
        pb = [(med[('vector', c, e)][0], med[('vector', c, e)][1], e) for e in efs]
        qa, qb = at(pa, t), at(pb, t)
        print(f"clients {c} recall {t}: vecsearch {qa:.1f} pgvector {qb:.1f} ratio {qa/qb:.2f}")
