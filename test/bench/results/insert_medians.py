# Medians over the rounds of syn128-insert.sh (usage: python3 insert_medians.py DIR): build seconds and index size, insert rows/s per client count, and the
# median of the per-round ratios (BENCHMARKS.md).
import glob, json, os, re, statistics, sys
R = sys.argv[1]
def rounds(kind, system):
    files = sorted(glob.glob(f'{R}/{kind}-{system}-round*.json'), key=lambda f: int(re.search(r'round(\d+)', f).group(1)))
    return [json.load(open(f)) for f in files]
builds = {s: [r['build'] for r in rounds('build', s)] for s in ('vecsearch', 'vector')}
print('| build | runs (s) | median | index MB |')
print('|---|---|---:|---:|')
for s, b in builds.items():
    runs = ', '.join('%.2f' % x['seconds'] for x in b)
    print(f"| {s} | {runs} | {statistics.median(x['seconds'] for x in b):.2f} | {b[0]['index_bytes'] / 2**20:.1f} |")
ratios = [a['seconds'] / b['seconds'] for a, b in zip(builds['vecsearch'], builds['vector'])]
print(f"build ratio per round: {', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f}\n")
inserts = {s: [r['inserts'] for r in rounds('insert', s)] for s in ('vecsearch', 'vector')}
print('| clients | vecsearch rows/s | median | pgvector rows/s | median | ratios per round | median ratio |')
print('|---:|---|---:|---|---:|---|---:|')
for i, c in enumerate(x['clients'] for x in inserts['vecsearch'][0]):
    a = [r[i]['rows_per_second'] for r in inserts['vecsearch']]
    b = [r[i]['rows_per_second'] for r in inserts['vector']]
    rr = [x / y for x, y in zip(a, b)]
    print(f"| {c} | {', '.join(f'{x:.0f}' for x in a)} | {statistics.median(a):.0f} | {', '.join(f'{x:.0f}' for x in b)} | {statistics.median(b):.0f} | {', '.join(f'{x:.2f}' for x in rr)} | **{statistics.median(rr):.2f}** |")
