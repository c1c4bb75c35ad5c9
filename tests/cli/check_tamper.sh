# nncert check's tamper suite: every field of a real certificate is mutated, one at a time and each
# also together with an `environment` change (a certificate claiming another build), and every
# mutation that changes a claim must be rejected. The fields whose mutation is accepted are printed;
# they must be exactly the informational fields that `check` prints and docs/threat-model.md lists.
# Also: wrong types, nulls, numbers beyond double range (1e999, 400-digit integers) give exit 2 from
# both `check` and `report` (never 4, never a report directory); a trajectory edited with its sha256
# recomputed, an extra top-level field and trajectory.file outside the certificate's directory are
# rejected.
set -u
NNCERT=${1:?usage: check_tamper.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=${NNCERT_SOURCE_DIR:-$(cd "$HERE/../.." && pwd)}
. "$HERE/prove_common.inc"
command -v python3 > /dev/null || { echo "check_tamper.sh needs python3"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
prove_positive "$NNCERT" "$T"
python3 - "$NNCERT" "$T" "$ROOT/docs/threat-model.md" <<'PY'
import copy, json, os, re, shutil, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor

nncert, tmp, threat_model = sys.argv[1], sys.argv[2], sys.argv[3]
src = os.path.join(tmp, "p")
original = json.load(open(os.path.join(src, "certificate.json")))
failures = []

def run(args, timeout=120):
    t0 = time.time()
    try:
        r = subprocess.run([nncert] + args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, "", "timeout", time.time() - t0
    return r.returncode, r.stdout, r.stderr, time.time() - t0

def fresh_dir(name):
    # A new directory per mutation, so that mutations can be checked two at a time.
    d = tempfile.mkdtemp(prefix=name + "-", dir=tmp)
    os.rmdir(d)
    shutil.copytree(src, d)
    return d

def parallel(tasks):
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda t: t(), tasks))

def write_text(d, text):
    with open(os.path.join(d, "certificate.json"), "w") as f:
        f.write(text)
    return os.path.join(d, "certificate.json")

def write_cert(d, c):
    return write_text(d, json.dumps(c, indent=2))

# Every leaf (scalar, null, empty container) with its path, as a list of keys / indices.
def leaves(v, path=()):
    if isinstance(v, dict) and v:
        for k in v:
            yield from leaves(v[k], path + (k,))
    elif isinstance(v, list) and v:
        for i, x in enumerate(v):
            yield from leaves(x, path + (i,))
    else:
        yield path, v

def objects_keys(v, path=()):
    if isinstance(v, dict):
        for k in v:
            yield path + (k,)
            yield from objects_keys(v[k], path + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from objects_keys(x, path + (i,))

def name(path):
    s = ""
    for p in path:
        s += "[%d]" % p if isinstance(p, int) else ("." if s else "") + p
    return s

def pattern(path):  # hypotheses[3].seconds -> hypotheses[].seconds
    return re.sub(r"\[\d+\]", "[]", name(path))

def get_parent(c, path):
    for p in path[:-1]:
        c = c[p]
    return c

def changed(v):
    """A value of the same JSON type that differs from v."""
    if isinstance(v, bool): return not v
    if isinstance(v, int): return v + 1
    if isinstance(v, float): return v * (1 + 2 ** -40) if v != 0 else 1e-300
    if isinstance(v, str): return v + "x" if v else "x"
    if v is None: return 0.5
    if isinstance(v, list): return ["x"]
    if isinstance(v, dict): return {"x": "x"}
    raise ValueError(v)

def wrong_type(v):
    if isinstance(v, str): return 12345
    return "x"

def with_environment_change(c):
    c["environment"]["git"] = "0" * 40
    c["environment"]["compiler"] = "another compiler 1.0"
    c["environment"]["blas"] = "another BLAS"
    return c

# 0. The fresh certificate is valid; an environment change alone is informational.
rc, out, err, secs = run(["check", os.path.join(src, "certificate.json")])
if rc != 0:
    print("fresh certificate: expected exit 0, got", rc, out, err); sys.exit(1)
m = re.search(r"^informational \(not checked, never a claim\): (.*)$", out, re.M)
if not m:
    print("check does not print its informational fields"); sys.exit(1)
printed = set(x.strip() for x in m.group(1).split(","))
print("fresh certificate checked in %.2f s" % secs)
d = fresh_dir("env")
rc, out, err, _ = run(["check", write_cert(d, with_environment_change(copy.deepcopy(original)))])
if rc != 0: failures.append("environment change alone: expected exit 0 (informational), got %d: %s" % (rc, err.strip()))

# 1. Every leaf changed (same type), alone and with an environment change.
accepted = set()
all_leaves = list(leaves(original))
def mutate_leaf(path, value, env):
    def task():
        c = copy.deepcopy(original)
        get_parent(c, path)[path[-1]] = changed(value)
        if env: with_environment_change(c)
        d = fresh_dir("m")
        rc, out, err, _ = run(["check", write_cert(d, c)])
        shutil.rmtree(d, ignore_errors=True)
        return path, env, rc, err
    return task
for path, env, rc, err in parallel([mutate_leaf(p, v, e) for p, v in all_leaves for e in (False, True)]):
    if rc == 0:
        accepted.add(pattern(path))
    elif rc not in (1, 2):
        failures.append("%s%s: exit %d (%s)" % (name(path), " +env" if env else "", rc, err.strip()[:200]))
    if rc == 0 and env and pattern(path) not in printed:
        failures.append("%s with another environment: accepted" % name(path))

# 2. Every key removed: rejected.
def remove_key(path):
    def task():
        c = copy.deepcopy(original)
        del get_parent(c, path)[path[-1]]
        d = fresh_dir("m")
        rc, out, err, _ = run(["check", write_cert(d, c)])
        shutil.rmtree(d, ignore_errors=True)
        return path, rc
    return task
for path, rc in parallel([remove_key(p) for p in objects_keys(original)]):
    if rc not in (1, 2): failures.append("%s removed: exit %d, expected 1 or 2" % (name(path), rc))

# 3. Every leaf with a wrong type: exit 2 from check and from report, naming the file and the field;
#    every leaf null: check rejects it, and report reads it iff check's reader does.
def typed_mutation(path, kind, mutated):
    def task():
        c = copy.deepcopy(original)
        get_parent(c, path)[path[-1]] = mutated
        d = fresh_dir("m")
        cert = write_cert(d, c)
        rc, out, err, _ = run(["check", cert])
        rrc, rout, rerr, _ = run(["report", cert, "--out", os.path.join(d, "r")])
        left = os.path.exists(os.path.join(d, "r"))
        shutil.rmtree(d, ignore_errors=True)
        return path, kind, cert, rc, err, rrc, rerr, left
    return task
tasks = [typed_mutation(p, k, m) for p, v in all_leaves for k, m in (("wrong type", wrong_type(v)), ("null", None))
         if not (v is None and m is None)]
for path, kind, cert, rc, err, rrc, rerr, left in parallel(tasks):
    label = "%s (%s)" % (name(path), kind)
    if rc not in (1, 2): failures.append("%s: check exit %d" % (label, rc))
    if rrc not in (0, 2): failures.append("%s: report exit %d (%s)" % (label, rrc, rerr.strip()[:200]))
    if rrc == 2 and rc != 2: failures.append("%s: report cannot read it but check exits %d" % (label, rc))
    if rrc == 2 and left: failures.append("%s: report left an output directory" % label)
    if kind == "wrong type":
        if rc != 2 or rrc != 2: failures.append("%s: expected exit 2 from check and report, got %d and %d" % (label, rc, rrc))
        elif cert not in err or cert not in rerr: failures.append("%s: message does not name the certificate: %s" % (label, err.strip()))
        elif not any(str(p) in err for p in path if not isinstance(p, int)): failures.append("%s: message does not name the field: %s" % (label, err.strip()))

# 4. Numbers beyond double range, written as text: exit 2 from both, naming the file and the field.
text = open(os.path.join(src, "certificate.json")).read()
big = "9" * 400
for field, replacement in (("margin", "1e999"), ("margin", "-" + big), ("exit_code", big), ("points_compared", big),
                           ("step_size", "1e999"), ("lower", "-1e999")):
    new, count = re.subn(r'"%s": [^,\n]+' % field, '"%s": %s' % (field, replacement), text, count=1)
    if count != 1: failures.append("no field %s to replace" % field); continue
    d = fresh_dir("m")
    cert = write_text(d, new)
    for args in (["check", cert], ["report", cert, "--out", os.path.join(d, "r")]):
        rc, out, err, _ = run(args)
        label = "%s = %s... (%s)" % (field, replacement[:8], args[0])
        if rc != 2: failures.append("%s: expected exit 2, got %d (%s)" % (label, rc, err.strip()[:200]))
        elif field not in err or cert not in err: failures.append("%s: message names neither field nor file: %s" % (label, err.strip()[:200]))
        if len(err.strip().splitlines()) != 1 or len(err) > 1000: failures.append("%s: expected one short line on stderr" % label)
    if os.path.exists(os.path.join(d, "r")): failures.append("%s: report left an output directory" % field)

# 5. A trajectory row edited and its sha256 recomputed: the replay rejects it.
d = fresh_dir("csv")
lines = open(os.path.join(d, "trajectory.csv")).read().splitlines()
header = lines[0].split(",")
cells = lines[5].split(",")
loss = header.index("loss")
cells[loss] = repr(float(cells[loss]) * 0.999)
lines[5] = ",".join(cells)
open(os.path.join(d, "trajectory.csv"), "w").write("\n".join(lines) + "\n")
import hashlib
c = copy.deepcopy(original)
c["trajectory"]["sha256"] = hashlib.sha256(open(os.path.join(d, "trajectory.csv"), "rb").read()).hexdigest()
rc, out, err, _ = run(["check", write_cert(d, c)])
if rc != 1: failures.append("trajectory.csv edited with its sha256 recomputed: expected exit 1, got %d" % rc)
# ... which --no-replay cannot see beyond the hash (the losses are taken as recorded): it must not say
# plain "valid".
rc, out, err, _ = run(["check", "--no-replay", os.path.join(d, "certificate.json")])
if rc == 0 and "valid without replay" not in out: failures.append("--no-replay does not say its verdict is weaker")

# 6. An extra top-level field: exit 2 naming it.
c = copy.deepcopy(original)
c["extra"] = 1
d = fresh_dir("m")
rc, out, err, _ = run(["check", write_cert(d, c)])
if rc != 2 or "extra" not in err: failures.append("extra top-level field: expected exit 2 naming it, got %d (%s)" % (rc, err.strip()))

# 7. trajectory.file outside the certificate's directory, or not a regular file: exit 2 quickly.
for target in ("/etc/passwd", "/dev/zero", "/proc/self/mem", "../p/trajectory.csv", "sub/trajectory.csv", "", "."):
    c = copy.deepcopy(original)
    c["trajectory"]["file"] = target
    d = fresh_dir("m")
    cert = write_cert(d, c)
    for args in (["check", cert], ["report", cert, "--out", os.path.join(d, "r")]):
        rc, out, err, secs = run(args, timeout=20)
        if rc != 2 or secs > 10: failures.append("trajectory.file = %r (%s): expected exit 2 quickly, got %d after %.1f s" % (target, args[0], rc, secs))
for special in ("/dev/zero", "/etc/passwd"):
    d = fresh_dir("m")
    os.remove(os.path.join(d, "trajectory.csv"))
    os.symlink(special, os.path.join(d, "trajectory.csv"))
    rc, out, err, secs = run(["check", os.path.join(d, "certificate.json")], timeout=20)
    if rc != 2 or secs > 10: failures.append("trajectory.csv a link to %s: expected exit 2 quickly, got %d" % (special, rc))
d = fresh_dir("m")
os.remove(os.path.join(d, "trajectory.csv"))
rc, out, err, _ = run(["check", os.path.join(d, "certificate.json")])
if rc != 2 or os.path.join(d, "trajectory.csv") not in err: failures.append("missing trajectory: expected exit 2 naming the full path: %s" % err.strip())

# 8. A certificate file that is not a regular file, or nested too deep.
rc, out, err, secs = run(["check", "/dev/zero"], timeout=20)
if rc != 2 or secs > 10: failures.append("check /dev/zero: expected exit 2 quickly, got %d" % rc)
d = fresh_dir("m")
rc, out, err, _ = run(["check", write_text(d, "[" * 100000 + "]" * 100000)])
if rc != 2: failures.append("deeply nested JSON: expected exit 2, got %d" % rc)

# The accepted fields are exactly the informational ones, as printed and as documented.
documented = set()
if os.path.exists(threat_model):
    m = re.search(r"<!-- informational-fields -->(.*?)<!-- /informational-fields -->", open(threat_model).read(), re.S)
    if m: documented = set(re.findall(r"`([^`]+)`", m.group(1)))
print("fields accepted as informational: " + ", ".join(sorted(accepted)))
if accepted != printed:
    failures.append("accepted %s but check prints %s as informational" % (sorted(accepted), sorted(printed)))
if documented != printed:
    failures.append("docs/threat-model.md lists %s, check prints %s" % (sorted(documented), sorted(printed)))
print("%d leaves mutated (alone and with another environment), %d keys removed" % (len(all_leaves), len(list(objects_keys(original)))))
for f in failures: print("FAIL:", f)
sys.exit(1 if failures else 0)
PY
