#!/usr/bin/env bash
# One command from a clean clone: installs everything the project needs on a
# Debian machine with Node.js (Deno from npm; Jupyter, the Vulkan software
# driver, WordNet, gcc, OpenBLAS, oneDNN and libjpeg-turbo from Debian; the native kernels; Deno's
# Jupyter kernel; the npm packages of deno.json), then re-makes every figure by executing every notebook in the
# profile named by $PROFILE (default: quick) into results/<profile>/.
#
#   bash scripts/setup.sh            # install + run all notebooks (quick)
#   PROFILE=smoke bash scripts/setup.sh
#   bash scripts/setup.sh --install-only
#   bash scripts/setup.sh --browser      # also Jupyter's web UI and Chromium, for deno task test:browser
#   bash scripts/setup.sh --slurm        # also slurm-wlm and munge, for deno task test:slurm
set -euo pipefail
cd "$(dirname "$0")/.."
DENO_VERSION=2.9.6
APT_PACKAGES=(jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client mesa-vulkan-drivers wordnet-base gcc libc6-dev libopenblas-dev libdnnl-dev libturbojpeg0)
# The browser test's: the classic notebook UI, headless Chromium, and the widgets extension the UI always requests.
BROWSER_PACKAGES=(jupyter-notebook chromium jupyter-nbextension-jupyter-js-widgets)
# The Slurm test's: a one-node Slurm and its authentication daemon.
SLURM_PACKAGES=(slurm-wlm munge)
INSTALL_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --install-only) INSTALL_ONLY=1 ;;
    --browser) APT_PACKAGES+=("${BROWSER_PACKAGES[@]}") ;;
    --slurm) APT_PACKAGES+=("${SLURM_PACKAGES[@]}") ;;
    *) echo "unknown option $arg (use --install-only, --browser, --slurm)" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

step() { printf '\n== %s\n' "$*"; }

step "System packages (Debian): ${APT_PACKAGES[*]}"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "all present"
fi

step "Deno $DENO_VERSION (npm registry)"
if ! command -v deno >/dev/null 2>&1 || ! deno --version | grep -q "deno $DENO_VERSION"; then
  $SUDO npm install -g --no-fund --no-audit "deno@$DENO_VERSION"
fi
deno --version | head -1

step "npm packages of deno.json (pinned by deno.lock)"
deno install --frozen

step "Native CPU kernels (optional: OpenBLAS through Deno's FFI)"
bash scripts/build_native.sh

step "Deno Jupyter kernel"
deno jupyter --install --force 2>&1 | grep -v "unstable" || true
# Read the whole list before matching: `| grep -q` closes the pipe early, and jupyter then dies of a broken pipe.
kernels=$(jupyter kernelspec list 2>/dev/null || true)
grep -q deno <<<"$kernels" || { echo "the deno kernel did not register" >&2; exit 1; }

if [ "$INSTALL_ONLY" = 1 ]; then
  echo "installed; skipping the notebooks (--install-only)"
  exit 0
fi

step "Re-making every figure: all notebooks, profile ${PROFILE:-quick}"
deno task notebooks
