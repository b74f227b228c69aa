#!/bin/bash
# Spreads a grid over a Slurm array: task i of n runs shard i/n; no coordinator needed.
# Submit from the project folder:  sbatch --array=0-7 examples/slurm_grid.sh examples/grid_smoke.json
#SBATCH --job-name=gib-grid
#SBATCH --cpus-per-task=2
#SBATCH --time=04:00:00
#SBATCH --output=results/slurm-%A_%a.log
set -euo pipefail
GRID=${1:?usage: sbatch --array=0-N examples/slurm_grid.sh <grid.json>}
export GRID_SHARDS=$SLURM_ARRAY_TASK_COUNT      # with SLURM_ARRAY_TASK_ID this gives the shard
export RESULTS_DIR=${RESULTS_DIR:-$PWD/results}  # a shared file system: every task writes its own run folders
deno task grid run "$GRID"
# When all tasks are done:  deno task grid merge "$GRID"
