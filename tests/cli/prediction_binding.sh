# Issue #16: a prediction is a theorem about the run that actually happens. Each adversarial run
# below must NOT say "prediction applicable": the trained protocol differs from the certified one, the
# model is outside the theorem's setting, the block does not enter the output linearly, or the
# theorem is an infinite-width statement about a finite net. Independent ground truth where it
# applies: the envelope comparison is recomputed in float64 from the run recorded at EVERY step
# (record_every = 1) and must equal the certificate of the sparsely recorded run.
set -u
NNCERT=${1:?usage: prediction_binding.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
write_positive "$T"

# expect NAME RC PHRASE: prove $T/NAME.toml exits RC and the certificate's prediction is not
# applicable with PHRASE in its reason (or, for refuted settings, in a hypothesis' reason).
expect() {
  "$NNCERT" prove --problem "$T/$1.toml" --out "$T/$1" > "$T/$1.out" 2>&1
  rc=$?
  [ $rc -eq "$2" ] || { echo "$1: expected exit $2, got $rc"; cat "$T/$1.out"; exit 1; }
  python3 - "$T/$1/certificate.json" "$3" "$1" <<'PY' || exit 1
import json, sys
c = json.load(open(sys.argv[1]))
phrase, name = sys.argv[2], sys.argv[3]
p = c["prediction"]
assert p["applicable"] is False, (name, "applicable", p["reason"])
assert c["confirmation"]["verdict"] != "confirmed", (name, c["confirmation"])
text = p["reason"] + " " + " ".join(h.get("reason", "") for h in c["hypotheses"])
assert phrase in text, (name, phrase, text)
PY
}

# Class 1: the block trained differs from the one certified (all parameters in phase 2).
sed -e 's/^perturbation_scale = 0/perturbation_scale = 0\nblock = "all"/' "$T/positive.toml" > "$T/all_params.toml"
expect all_params 3 "trains 'all'"
# Class 1: another algorithm: plain GD on every parameter with the certified read-out constants.
sed -e 's/^algorithm = .*/algorithm = "gd"/' -e '/^tau = /d' -e '/^perturbation_scale/d' "$T/positive.toml" > "$T/plain_gd.toml"
expect plain_gd 3 'trains with "gd"'
# Class 1: a perturbation at tau = 0 moves theta inside a whole-run conclusion (alignment theorem).
cat > "$T/aligned.toml" <<'TOML'
theorem = "kawaguchi-zhang-deng-2022/alignment"
[data]
source = "synthetic:gaussian"
n = 8
d = 3
seed = 11
[model]
kind = "mlp"
widths = [3, 10, 1]
activation = "tanh"
seed = 5
[train]
algorithm = "kawaguchi-sun-two-phase"
steps = 300
tau = 0
step_size = 0.05
perturbation_scale = 0
block = "output+output.bias"
record_every = 10
TOML
# Its positive twin: the same run without the perturbation is covered and confirmed.
"$NNCERT" prove --problem "$T/aligned.toml" --out "$T/aligned" > "$T/aligned.out" 2>&1 || {
  echo "aligned: expected exit 0"; cat "$T/aligned.out"; exit 1; }
sed -e 's/^perturbation_scale = 0/perturbation_scale = 0.5/' "$T/aligned.toml" > "$T/perturbed.toml"
expect perturbed 3 "perturbation"
# Class 1: a perturbation before phase 2 moves its start away from theta_0 (phase-2 conclusion).
sed -e 's/^perturbation_scale = 0/perturbation_scale = 0.5/' "$T/positive.toml" > "$T/perturbed2.toml"
expect perturbed2 3 "compared phase starts at"

# Class 2: a hidden bias-free ReLU layer passes the common model structure (Euler) but does not
# enter the output linearly: no linear rate.
cat > "$T/homogeneous.toml" <<'TOML'
theorem = "kawaguchi-zhang-deng-2022/alignment"
[data]
source = "synthetic:gaussian"
n = 8
d = 3
seed = 11
[model]
kind = "mlp"
widths = [3, 40, 1]
activation = "relu"
bias = false
seed = 5
[verify]
block = "layer:1"
[train]
algorithm = "kawaguchi-sun-two-phase"
steps = 50
tau = 0
step_size = 0.01
perturbation_scale = 0
block = "layer:1"
record_every = 10
TOML
expect homogeneous 3 "not the read-out layer"
# Class 2: Du et al.'s theorem on a tanh net and on a standard MLP: outside its setting, refuted.
cat > "$T/du_tanh.toml" <<'TOML'
theorem = "du-2019/h-infinity"
[data]
source = "synthetic:sphere"
n = 6
d = 4
seed = 6
[model]
kind = "scaled-shallow"
width = 200
activation = "tanh"
gamma = 1.0
seed = 1
[train]
algorithm = "node-scaled"
steps = 20
step_size = 0.5
record_every = 5
TOML
expect du_tanh 1 "outside the theorem's setting"
cat > "$T/du_mlp.toml" <<'TOML'
theorem = "du-2019/h-infinity"
[data]
source = "synthetic:sphere"
n = 6
d = 4
seed = 6
[model]
kind = "mlp"
widths = [4, 200, 1]
activation = "relu"
bias = false
seed = 1
[train]
algorithm = "gd"
steps = 20
step_size = 0.5
record_every = 5
TOML
expect du_mlp 1 "the theorem is about kind \"scaled-shallow\""
# Class 2: the NTK theorem on a standard-parameterised net.
sed -e 's#^theorem = .*#theorem = "arora-2019/ntk-gram"#' "$T/du_mlp.toml" > "$T/arora_standard.toml"
expect arora_standard 1 "ntk parameterisation"

# Class 3: Du et al. in its setting is an infinite-width theorem: a heuristic with both widths, exit 3
# even for a tiny step; and a step above the finite net's limit n / ||J||_F^2 fails its condition.
sed -e 's/^activation = "tanh"/activation = "relu"/' "$T/du_tanh.toml" > "$T/du_small_step.toml"
expect du_small_step 3 "heuristic"
grep -q "this net has width 200" "$T/du_small_step/certificate.json" || { echo "du: actual width not stated"; exit 1; }
sed -e "s/^step_size = 0.5/step_size = 50.0/" "$T/du_small_step.toml" > "$T/du_big_step.toml"
expect du_big_step 3 "lambda_max_J0"

# Class 4: the envelope is compared at every step whatever record_every says: the same run recorded
# every 25 steps and every step gives the same confirmation, and a float64 recomputation from the
# every-step rows agrees with it.
sed -e 's/^record_every = 10/record_every = 25/' "$T/positive.toml" > "$T/sparse.toml"
sed -e 's/^record_every = 10/record_every = 1/' "$T/positive.toml" > "$T/dense.toml"
"$NNCERT" prove --problem "$T/sparse.toml" --out "$T/sparse" > /dev/null 2>&1 || { echo "sparse: prove failed"; exit 1; }
"$NNCERT" prove --problem "$T/dense.toml" --out "$T/dense" > /dev/null 2>&1 || { echo "dense: prove failed"; exit 1; }
python3 - "$T/sparse" "$T/dense" <<'PY' || exit 1
import csv, json, sys
sparse = json.load(open(sys.argv[1] + "/certificate.json"))
dense = json.load(open(sys.argv[2] + "/certificate.json"))
for key in ("verdict", "worst_ratio", "first_violation_step", "points_compared"):
    assert sparse["confirmation"][key] == dense["confirmation"][key], (key, sparse["confirmation"], dense["confirmation"])
rows = list(csv.DictReader(open(sys.argv[2] + "/trajectory.csv")))
steps = list(csv.DictReader(open(sys.argv[1] + "/steps.csv")))
assert len(rows) == len(steps) == 302, (len(rows), len(steps))  # tau = 0: both phase starts at step 0
p = sparse["prediction"]
l0, rate = p["initial_loss"]["upper"], p["rate"]["upper"]
worst = max(float(r["loss"]) / (l0 * rate ** int(r["step"])) for r in rows
            if r["phase"] == "2" and float(r["loss"]) >= p["floor"] * p["initial_loss"]["lower"])
got = sparse["confirmation"]["worst_ratio"]
assert abs(worst - got) <= 1e-9 * worst, (worst, got)
PY

# The same machinery on a crossing: an over-optimistic theorem (rate squared once more) is crossed at
# the first step; the sparse run (rows only at 0 and 300) must still see it.
sed -e 's#^rate = .*#rate = "(1 - eta * lambda_min_G / n)^4 * 0.5"#' \
    "$(dirname "$HERE")/../proofs/kawaguchi-sun-2021-expressivity.toml" > "$T/optimistic.toml"
sed -e 's/^record_every = 10/record_every = 300/' "$T/positive.toml" > "$T/rows_miss.toml"
"$NNCERT" prove "$T/optimistic.toml" --problem "$T/rows_miss.toml" --out "$T/miss" > "$T/miss.out" 2>&1
rc=$?
[ $rc -eq 1 ] || { echo "optimistic theorem: expected exit 1 (violated), got $rc"; cat "$T/miss.out"; exit 1; }
python3 - "$T/miss/certificate.json" <<'PY' || exit 1
import json, sys
c = json.load(open(sys.argv[1]))["confirmation"]
assert c["verdict"] == "violated" and c["first_violation_step"] == 1, c
PY
echo "prediction binding ok"
