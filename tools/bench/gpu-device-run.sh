#!/usr/bin/env bash
# The GPU indexing benchmark (issue 14 goal 6) in one command on the lent GPU machine
# (../shared/docs/gpu.md; docs/benchmarks.md "GPU indexing" has the exact device call).
#
#   bash .device/setup.sh && . /tmp/devnode/env && export PATH=/tmp/devnode:$PATH && bash tools/bench/gpu-device-run.sh
#
# 1. builds the size-accurate random ViT-B/32 there with its own python3 + torch
#    (make-bench-model.py; ~600 MB that never travel), tokenizer files from the tracked
#    models/fixtures/shapes-clip (../shared does not travel; the tokenizer costs the image tower nothing);
# 2. renders the 12 MP JPEGs on every core and runs tools/bench/gpu-index-bench.ts through tsx
#    (a production dependency, so .device/ carries it: no build output needs to travel);
# 3. everything it prints goes to $OUT/run.log too; the bench writes $OUT/gpu-index-bench.json and
#    $OUT/placement.txt. The whole script keeps inside GPU_BENCH_TOTAL_S (default 400 s).
#
# Settings (environment): GPU_BENCH_DEVICE (gpu), GPU_BENCH_PHOTOS (256 rendered), GPU_BENCH_COPIES
# (2: each photo indexed twice under another path), GPU_BENCH_TOTAL_S (400), GPU_BENCH_PYTHON
# (python3: the GPU machine's has torch; here /usr/bin/python3 has Debian's). Other arguments go to
# gpu-index-bench.ts. Dry run here (no GPU, small):
#   GPU_BENCH_DEVICE=cpu GPU_BENCH_PHOTOS=8 GPU_BENCH_COPIES=1 GPU_BENCH_PYTHON=/usr/bin/python3 \
#     bash tools/bench/gpu-device-run.sh --batch 4 --decode-concurrency 2 --images 32 --no-sweep
set -euo pipefail
start=$SECONDS
cd "$(dirname "$0")/../.."
total=${GPU_BENCH_TOTAL_S:-400}
device=${GPU_BENCH_DEVICE:-gpu}
photos=${GPU_BENCH_PHOTOS:-256}
copies=${GPU_BENCH_COPIES:-2}
python=${GPU_BENCH_PYTHON:-python3}
out=${OUT:-.cache/gpu-bench/out}
mkdir -p "$out" .cache/gpu-bench
exec > >(tee "$out/run.log") 2>&1

echo "== machine"
nproc
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || echo "no nvidia-smi"
ldconfig -p 2>/dev/null | grep -m1 libvulkan.so.1 || echo "no Vulkan loader (libvulkan.so.1) registered"
echo "node $(node --version)"

model=.cache/gpu-bench/model
echo "== bench model (${python})"
if [ -f "$model/onnx/vision_model.onnx" ] && [ -f "$model/onnx/text_model.onnx" ]; then
  echo "reusing $model"
else
  rm -rf "$model"
  PYTHONUNBUFFERED=1 timeout 240 "$python" tools/bench/make-bench-model.py --out "$model" --ref models/fixtures/shapes-clip
fi
ls -la "$model/onnx"

left=$((total - (SECONDS - start) - 15))
echo "== gpu-index-bench ($left s left of $total)"
[ "$left" -gt 60 ] || { echo "too little time left for the benchmark"; exit 1; }
set +e
OUT="$out" node --import tsx tools/bench/gpu-index-bench.ts --device "$device" --model "$model" \
  --photos "$photos" --copies "$copies" --budget-s "$left" "$@"
code=$?
set -e
echo "== done in $((SECONDS - start)) s, exit $code; files in $out:"
ls -la "$out"
exit "$code"
