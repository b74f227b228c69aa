#!/bin/bash
# Section 2 of the paper (Table 1a with Appendix A's selection, Table 1b) on a Slurm cluster, in two arrays:
# the lr × wd selection runs of every method, then every seed at each method's chosen setting.
# Submit from the project folder, the second array after the first has finished:
#   sel=$(sbatch --parsable --array=0-7 examples/slurm_section2.sh select)
#   sbatch --dependency=afterok:$sel --array=0-7 examples/slurm_section2.sh replicate
# The paper's protocol: PROFILE=full DATASET_ROOT=/data/imagenet in the environment sbatch passes on.
#SBATCH --job-name=gib-section2
#SBATCH --cpus-per-task=2
#SBATCH --time=48:00:00
#SBATCH --output=results/slurm-section2-%A_%a.log
set -euo pipefail
PHASE=${1:?usage: sbatch --array=0-N examples/slurm_section2.sh select|replicate}
export GRID_SHARDS=$SLURM_ARRAY_TASK_COUNT      # with SLURM_ARRAY_TASK_ID this gives the shard
export RESULTS_DIR=${RESULTS_DIR:-$PWD/results}  # a shared file system: every task writes its own run folders
deno task section2 --phase "$PHASE"
# Then, anywhere: deno task notebooks 01 02 (they read the finished runs)
