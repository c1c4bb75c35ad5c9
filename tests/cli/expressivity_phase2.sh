#!/usr/bin/env bash
# Issue #13 §4 (Kawaguchi-Sun): the expressivity condition certified where the paper needs it, at the
# two-phase recipe's switch point θ^(τ) after phase 1 and the perturbation ([verify] start = "phase2"),
# reached by replaying the [train] recipe. Then the phase-2 prediction applies to the run (its phase 2
# starts exactly there), and `nncert check` re-proves σ_min(J_S) at the replayed point in 256-bit
# arithmetic. Twins: the same run certified at θ0 is "not applicable" (phase 2 starts elsewhere); a
# witness edited to claim θ0 is rejected; start = "phase2" without a replayable recipe, or an unknown
# start, is bad input (exit 2).
set -u
NNCERT=${1:?usage: expressivity_phase2.sh NNCERT}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

problem() {  # problem NAME START-LINE TRAIN-EXTRA
  cat > "$T/$1.toml" <<TOML
theorem = "kawaguchi-sun-2021/expressivity"
[data]
source = "synthetic:gaussian"
n = 12
d = 3
seed = 1
[model]
kind = "mlp"
widths = [3, 8, 24, 1]
activation = "tanh"
seed = 2
[verify]
block = "output"
$2
[train]
algorithm = "kawaguchi-sun-two-phase"
tau = 100
perturbation_scale = 1e-3
block = "output"
steps = 300
record_every = 10
$3
TOML
}
prediction() { python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["prediction"]; print(p["applicable"], p.get("reason",""))' "$1"; }

problem phase2 'start = "phase2"' 'step_size = 0.05'
"$NNCERT" prove --problem "$T/phase2.toml" --out "$T/p2" > "$T/out" 2>&1 || fail "phase2 prove: $(cat "$T/out")"
[ "$(prediction "$T/p2/certificate.json" | cut -d' ' -f1)" = True ] || fail "phase2: prediction not applicable: $(prediction "$T/p2/certificate.json")"
python3 - "$T/p2/certificate.json" <<'PY' || exit 1
import json, sys
c = json.load(open(sys.argv[1]))
h = [h for h in c["hypotheses"] if h["verifier"] == "expressivity"][0]
assert h["witness"]["at"] == "phase2", h["witness"]
off = h["constants"]["phase2_start_offset"]
assert off["lower"] > 0, off  # phase 1 moved the parameters: the condition is certified away from θ0
PY
"$NNCERT" check "$T/p2/certificate.json" > "$T/check" 2>&1 || fail "check of the phase-2 certificate: $(cat "$T/check")"
grep -q "expressivity' (independent): re-proven" "$T/check" || fail "check did not re-prove at the replayed point: $(cat "$T/check")"

# Twin: certified at θ0, the same run's phase 2 starts elsewhere: not applicable, and says why.
problem theta0 '' 'step_size = 0.05'
"$NNCERT" prove --problem "$T/theta0.toml" --out "$T/t0" > "$T/out" 2>&1
[ $? -eq 3 ] || fail "theta0 twin: expected exit 3 (prediction not applicable): $(cat "$T/out")"
prediction "$T/t0/certificate.json" | grep -q "^False the constants are certified at theta_0" ||
  fail "theta0 twin: $(prediction "$T/t0/certificate.json")"

# A witness edited to claim θ0 (and the finding's start with it) no longer matches the replay.
python3 - "$T/p2/certificate.json" "$T/edited.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
for h in c["hypotheses"]:
    if h["verifier"] == "expressivity":
        h["witness"]["at"] = "theta_0"
json.dump(c, open(sys.argv[2], "w"))
PY
cp "$T/p2/trajectory.csv" "$T/p2/steps.csv" "$T/" 2> /dev/null
"$NNCERT" check "$T/edited.json" > "$T/check" 2>&1
[ $? -eq 1 ] || fail "an edited witness was not rejected: $(tail -3 "$T/check")"

# Bad input: phase 2 cannot be replayed without an explicit step size; an unknown start.
problem nostep 'start = "phase2"' ''
"$NNCERT" verify --problem "$T/nostep.toml" > /dev/null 2> "$T/err"
[ $? -eq 2 ] && grep -q "step_size" "$T/err" || fail "start = phase2 without step_size: $(cat "$T/err")"
problem bogus 'start = "middle"' 'step_size = 0.05'
"$NNCERT" verify --problem "$T/bogus.toml" > /dev/null 2> "$T/err"
[ $? -eq 2 ] && grep -q "middle" "$T/err" || fail "unknown start: $(cat "$T/err")"
grep -q "FAIL.*expressivity" "$T/check" || fail "the edited witness was rejected for another reason: $(grep FAIL "$T/check")"
echo "expressivity at phase 2: ok"
