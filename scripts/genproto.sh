#!/usr/bin/env bash
# Generate Python code and type stubs from protos/ into the given output root (default: .).
set -euo pipefail
out="${1:-.}"
python="${PYTHON:-python}"
cd "$(dirname "$0")/.."
mapfile -t files < <(find protos -name '*.proto' | sort)
"$python" -m grpc_tools.protoc -I protos \
  --python_out="$out" --pyi_out="$out" --grpc_python_out="$out" "${files[@]}"
for dir in $(find protos/argus -type d); do
  pkg="$out/${dir#protos/}"
  mkdir -p "$pkg"
  [ -f "$pkg/__init__.py" ] || : > "$pkg/__init__.py"
done
