"""The heaviest functions of a V8 .cpuprofile (node --cpu-prof), by inclusive time: the share
of the samples in which each function is on the stack (once per stack, however deep it
recurses). Used by scripts/profile-wasm.sh.

    python3 benches/profile_summary.py PROFILE.cpuprofile [HOW_MANY]
"""
import collections
import json
import sys

profile = json.load(open(sys.argv[1]))
how_many = int(sys.argv[2]) if len(sys.argv) > 2 else 40
nodes = {n["id"]: n for n in profile["nodes"]}
parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
self_time = collections.Counter()
for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
    self_time[sample] += delta
total = sum(self_time.values())
inclusive = collections.Counter()
for node, t in self_time.items():
    seen = set()
    while node is not None:
        name = nodes[node]["callFrame"]["functionName"] or "(anonymous)"
        if name not in seen:
            seen.add(name)
            inclusive[name] += t
        node = parent.get(node)
print(f"{total / 1e6:.2f} s sampled")
for name, t in inclusive.most_common(how_many):
    print(f"{100 * t / total:5.1f}%  {name[:150]}")
