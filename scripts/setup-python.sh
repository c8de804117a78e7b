#!/usr/bin/env bash
# Installs the Python data-science stack that DeepAnalyze-8B's code uses, for the CPython worker
# executor (Debian packages; PyPI is not needed). Idempotent: does nothing when already present.
set -euo pipefail
PY=/usr/bin/python3
# nbformat: only the tests need it (NotebookExportTest validates exported notebooks with it); seccomp: the
# CPython worker's sandbox compiles its system-call filter with libseccomp's Python bindings
# jupyter_server, ipykernel: deepanalyze-jupyter's tests start a real local Jupyter Server
MODULES="pandas, numpy, matplotlib, seaborn, scipy, statsmodels, sklearn, openpyxl, networkx, nbformat, seccomp, jupyter_server, ipykernel"
if [ -x "$PY" ] && "$PY" -c "import $MODULES" 2>/dev/null && command -v bwrap >/dev/null \
   && [ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "The Python data stack is missing and this script is not root: run" >&2
  echo "  sudo apt-get install python3-pandas python3-matplotlib python3-seaborn python3-scipy python3-statsmodels python3-sklearn python3-openpyxl python3-networkx python3-nbformat fonts-noto-cjk fonts-wqy-zenhei bubblewrap python3-seccomp python3-jupyter-server python3-ipykernel" >&2
  exit 1
fi
echo "Installing the Python data stack (Debian packages)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends python3 python3-pandas python3-matplotlib python3-seaborn \
  python3-scipy python3-statsmodels python3-sklearn python3-openpyxl python3-networkx python3-nbformat fonts-noto-cjk fonts-wqy-zenhei bubblewrap python3-seccomp \
  python3-jupyter-server python3-ipykernel >/dev/null
"$PY" -c "import $MODULES; print('python data stack ready:', pandas.__version__)"
