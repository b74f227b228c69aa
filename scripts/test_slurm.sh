#!/usr/bin/env bash
# deno task test:slurm — the cluster path against a real scheduler. Starts a one-node Slurm on this
# machine (Debian's slurm-wlm and munge; state and logs in a temporary folder; daemons stopped at
# the end), then:
#   1. submits examples/slurm_grid.sh as an array of 3 over a smoke grid, waits, merges, and checks
#      that every run finished exactly once and that the merged table equals a single-machine run;
#   2. runs a longer grid, cancels one array task while it trains, resubmits the array, and checks
#      that the resumed grid's table equals the single-machine one;
#   3. runs Section 2 (smoke) as two arrays, selection then replication (examples/slurm_section2.sh),
#      and checks that the single-machine command then finds every run it wants finished.
# Needs root (it starts munged, slurmctld and slurmd) and: bash scripts/setup.sh --slurm.
# Ends with "slurm test: passed" or the failed check.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
for b in slurmctld slurmd sbatch squeue scancel munged; do
  command -v "$b" >/dev/null || { echo "the Slurm test needs $b: install with bash scripts/setup.sh --slurm (Debian: slurm-wlm munge)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "the Slurm test starts munged, slurmctld and slurmd: run it as root" >&2; exit 2; }

WORK=$(mktemp -d /tmp/slurm-test-XXXXXX)
export SLURM_CONF=$WORK/slurm.conf
HOST=$(hostname -s)
CPUS=$(nproc)
MEM=$(awk '/MemTotal/{print int($2/1024*0.9)}' /proc/meminfo)
mkdir -p "$WORK"/{spool,state,log,munge}
cat >"$SLURM_CONF" <<EOF
ClusterName=gib-test
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
JobCompType=jobcomp/none
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF

failures=0
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
ok() { echo "ok    $*"; }
cleanup() {
  [ -f "$WORK/slurmd.pid" ] && kill "$(cat "$WORK/slurmd.pid")" 2>/dev/null
  [ -f "$WORK/slurmctld.pid" ] && kill "$(cat "$WORK/slurmctld.pid")" 2>/dev/null
  [ -f "$WORK/munge/munged.pid" ] && kill "$(cat "$WORK/munge/munged.pid")" 2>/dev/null
  [ -L /run/munge/munge.socket.2 ] && [ "$(readlink /run/munge/munge.socket.2)" = "$WORK/munge/munge.socket" ] && rm -f /run/munge/munge.socket.2
  sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT

# munge: a key of its own for this test's daemon.
KEY=$WORK/munge/munge.key
dd if=/dev/urandom of="$KEY" bs=1024 count=1 status=none && chmod 400 "$KEY"
munged --key-file="$KEY" --socket="$WORK/munge/munge.socket" --pid-file="$WORK/munge/munged.pid" \
  --log-file="$WORK/munge/munged.log" --seed-file="$WORK/munge/munged.seed" --force ||
  { echo "munged did not start" >&2; exit 1; }
# Slurm's auth plugin finds munge's socket through its default path: point it at ours (unless a
# system munged already serves it).
if [ -S /run/munge/munge.socket.2 ] && [ ! -L /run/munge/munge.socket.2 ]; then
  echo "a system munged is running; stop it first (the test starts its own with a fresh key)" >&2
  exit 2
fi
mkdir -p /run/munge && ln -sf "$WORK/munge/munge.socket" /run/munge/munge.socket.2
slurmctld -f "$SLURM_CONF" || { cat "$WORK/log/slurmctld.log"; exit 1; }
slurmd -f "$SLURM_CONF" || { cat "$WORK/log/slurmd.log"; exit 1; }
for _ in $(seq 60); do
  sinfo -h -o %T 2>/dev/null | grep -qE '^idle' && break
  sleep 1
done
sinfo -h -o "%P %T %c" | sed 's/^/slurm: /'
sinfo -h -o %T | grep -qE '^idle' || { echo "the node never became idle"; cat "$WORK/log/slurmd.log" | tail -20; exit 1; }
t0=$(date +%s)

# A grid run by one machine, the reference for both parts.
grid_with_epochs() { python3 -c "import json,sys; g=json.load(open('examples/grid_smoke.json')); g['base']['epochs']=int(sys.argv[1]); print(json.dumps(g))" "$1"; }
merged() { # $1 grid, $2 runs dir → CSV without the timing column
  deno task grid merge "$1" --runs "$2" --out "$WORK/merged.csv" >/dev/null 2>&1 || return 1
  python3 - "$WORK/merged.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
drop = {k for k in rows[0] if "second" in k or "img/s" in k or "imagesPerSecond" in k} if rows else set()
for r in sorted(rows, key=lambda r: r.get("key", "")):
    print({k: v for k, v in r.items() if k not in drop})
PY
}
submit() { # $1 grid, $2 results dir → job id
  RESULTS_DIR=$2 sbatch --parsable --array=0-2 --cpus-per-task=1 --output="$2/slurm-%A_%a.log" \
    --export=ALL,RESULTS_DIR="$2",PROFILE=smoke examples/slurm_grid.sh "$1"
}
wait_job() { while squeue -h -j "$1" 2>/dev/null | grep -q .; do sleep 1; done; }

same_table() { # $1 grid, $2 and $3 runs dirs: both tables have all 6 runs and are equal
  local a b
  a=$(merged "$1" "$2") && b=$(merged "$1" "$3") && [ "$(wc -l <<<"$a")" = 6 ] && [ "$a" = "$b" ]
}

# 1. An array of 3 over the smoke grid.
grid_with_epochs 1 >"$WORK/grid1.json"
PROFILE=smoke RESULTS_DIR="$WORK/single1" deno task grid run "$WORK/grid1.json" --runs "$WORK/single1/runs" >/dev/null 2>&1
mkdir -p "$WORK/array1"
job=$(submit "$WORK/grid1.json" "$WORK/array1")
wait_job "$job"
runs=$(ls "$WORK/array1/smoke/runs" 2>/dev/null | wc -l)
finished=$(ls "$WORK"/array1/smoke/runs/*/result.json 2>/dev/null | wc -l)
trained=$(cat "$WORK"/array1/slurm-*.log 2>/dev/null | grep -cE '^\[[0-9]+/[0-9]+\] [0-9a-f]{16} *$')
[ "$finished" = 6 ] && [ "$runs" = 6 ] && ok "array of 3: all 6 runs finished" || fail "array of 3: $finished of 6 runs finished ($runs folders)"
[ "$trained" = 6 ] && ok "each run trained exactly once across the 3 tasks" || fail "runs trained $trained times in all (want 6)"
if same_table "$WORK/grid1.json" "$WORK/array1/smoke/runs" "$WORK/single1/runs"; then
  ok "the merged table equals the single-machine run"
else
  fail "the merged table differs from the single-machine run"
fi

# 2. Cancel one task while it trains, resubmit, compare.
grid_with_epochs 12 >"$WORK/grid2.json"
PROFILE=smoke RESULTS_DIR="$WORK/single2" deno task grid run "$WORK/grid2.json" --runs "$WORK/single2/runs" >/dev/null 2>&1
mkdir -p "$WORK/array2"
job=$(submit "$WORK/grid2.json" "$WORK/array2")
for _ in $(seq 120); do # until task 1 has a checkpoint but no result: it is training
  ckpt=$(ls -d "$WORK"/array2/smoke/runs/*/checkpoint 2>/dev/null | wc -l)
  [ "$ckpt" -gt 0 ] && squeue -h -j "${job}_1" -t R 2>/dev/null | grep -q . && break
  sleep 0.5
done
scancel "${job}_1" && cancelled=1 || cancelled=0
wait_job "$job"
before=$(ls "$WORK"/array2/smoke/runs/*/result.json 2>/dev/null | wc -l)
[ "$cancelled" = 1 ] && [ "$before" -lt 6 ] && ok "task 1 cancelled mid-run ($before of 6 runs finished)" ||
  fail "could not cancel a task mid-run (cancelled=$cancelled, $before of 6 finished)"
job=$(submit "$WORK/grid2.json" "$WORK/array2")
wait_job "$job"
after=$(ls "$WORK"/array2/smoke/runs/*/result.json 2>/dev/null | wc -l)
[ "$after" = 6 ] && ok "resubmitted: all 6 runs finished" || fail "resubmitted: $after of 6 runs finished"
if same_table "$WORK/grid2.json" "$WORK/array2/smoke/runs" "$WORK/single2/runs"; then
  ok "the resumed grid's table equals the single-machine run"
else
  fail "the resumed grid's table differs from the single-machine run"
fi
# 3. Section 2 as the README runs the paper's protocol on a cluster: two arrays, the second after the first.
mkdir -p "$WORK/section2"
s2() { sbatch --parsable --array=0-2 --cpus-per-task=1 --output="$WORK/section2/slurm-%A_%a.log" "$@"; }
sel=$(s2 --export=ALL,RESULTS_DIR="$WORK/section2",PROFILE=smoke examples/slurm_section2.sh select)
rep=$(s2 --dependency=afterok:"$sel" --export=ALL,RESULTS_DIR="$WORK/section2",PROFILE=smoke examples/slurm_section2.sh replicate)
wait_job "$sel"
wait_job "$rep"
phases=$(grep -h "^section 2, " "$WORK"/section2/slurm-*.log 2>/dev/null | wc -l)
[ "$phases" = 6 ] && ok "Section 2: select then replicate arrays, all 6 tasks done" ||
  fail "Section 2: $phases of 6 array tasks reported done ($(tail -n 3 "$WORK"/section2/slurm-*.log 2>/dev/null | tail -n 3))"
# The single-machine command on the cluster's results must find every run it wants finished.
single=$(PROFILE=smoke RESULTS_DIR="$WORK/section2" deno task section2 2>&1)
wanted=$(grep -cE '^\[[0-9]+/[0-9]+\] [0-9a-f]{16}' <<<"$single")
skipped=$(grep -cE '^\[[0-9]+/[0-9]+\] [0-9a-f]{16} .*\(done, skipped\)$' <<<"$single")
[ "$wanted" -gt 20 ] && [ "$wanted" = "$skipped" ] &&
  ok "Section 2: the single-machine command finds all $wanted of its runs finished by the arrays" ||
  fail "Section 2: the single-machine command trained $((wanted - skipped)) of $wanted runs the arrays should have"
echo "slurm test took $(($(date +%s) - t0)) s after the daemons started"
if [ "$failures" = 0 ]; then echo "slurm test: passed"; else echo "slurm test: $failures check(s) failed"; exit 1; fi
