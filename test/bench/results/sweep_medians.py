# Medians of the alternating rounds of an ef_search sweep, and QPS interpolated at equal recall on the median
# curves (BENCHMARKS.md). Usage: python3 sweep_medians.py DIR NAME  -- reads DIR/NAME-{vecsearch,vector}-rN.json
# (the --out files of vecsearch-bench query, one per system and round).
import glob, json, os, re, statistics, sys


def at(points, target):
    """QPS at a recall target, linear between the neighbouring points of a curve in ef_search order."""
    for (r0, q0, _), (r1, q1, _) in zip(points, points[1:]):
        if r0 <= target <= r1 and r1 > r0:
            return q0 + (q1 - q0) * (target - r0) / (r1 - r0)
    return None


def main(folder, name):
    rows = {}
    for system in ('vecsearch', 'vector'):
        for path in sorted(glob.glob(f'{folder}/{name}-{system}-r*.json')):
            if not re.search(r'-r\d+\.json$', path):
                continue
            for q in json.load(open(path))['queries']:
                rows.setdefault((system, q['clients'], q['ef_search']), []).append((q['recall'], q['qps']))
    clients = sorted({k[1] for k in rows})
    efs = sorted({k[2] for k in rows})
    print('| clients | ef_search | vecsearch recall | vecsearch QPS (runs) | median | pgvector recall | pgvector QPS (runs) | median | ratio |')
    print('|---:|---:|---:|---|---:|---:|---|---:|---:|')
    med = {}
    for c in clients:
        for e in efs:
            a, b = rows[('vecsearch', c, e)], rows[('vector', c, e)]
            ma, mb = statistics.median(x[1] for x in a), statistics.median(x[1] for x in b)
            ra, rb = statistics.median(x[0] for x in a), statistics.median(x[0] for x in b)
            med[('vecsearch', c, e)], med[('vector', c, e)] = (ra, ma), (rb, mb)
            runs_a = ', '.join(f'{x[1]:.0f}' for x in a)
            runs_b = ', '.join(f'{x[1]:.0f}' for x in b)
            print(f'| {c} | {e} | {ra:.3f} | {runs_a} | {ma:.1f} | {rb:.3f} | {runs_b} | {mb:.1f} | {ma / mb:.2f} |')
    print()
    for c in clients:
        for target in (0.90, 0.95, 0.99):
            qa = at([(*med[('vecsearch', c, e)], e) for e in efs], target)
            qb = at([(*med[('vector', c, e)], e) for e in efs], target)
            ratio = f'{qa / qb:.2f}' if qa and qb else 'n/a (a curve does not reach it)'
            qa_text = f'{qa:.1f}' if qa else '-'
            qb_text = f'{qb:.1f}' if qb else '-'
            print(f'clients {c} recall {target}: vecsearch {qa_text} pgvector {qb_text} ratio {ratio}')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
