# Linear interpolation of QPS at a recall target along a sweep (used by medians.py).
import json, sys, statistics
def curve(path, clients):
    d = json.load(open(path))
    pts = sorted([(q['recall'], q['qps'], q['ef_search']) for q in d['queries'] if q['clients'] == clients], key=lambda p: p[2])
    return pts
def at(pts, target):
    # linear interpolation of QPS at recall target along ef order (recall increases with ef)
    for (r0, q0, e0), (r1, q1, e1) in zip(pts, pts[1:]):
        if r0 <= target <= r1 and r1 > r0:
            return q0 + (q1 - q0) * (target - r0) / (r1 - r0)
    return None
if __name__ == '__main__':
    a, b, target = sys.argv[1], sys.argv[2], float(sys.argv[3])
    clients = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    qa, qb = at(curve(a, clients), target), at(curve(b, clients), target)
    print(f"{target}: {qa} vs {qb} ratio {qa/qb if qa and qb else None}")
