#!/usr/bin/env bash
# Lint the policy files given as globs in INPUT_LINT, writing SARIF to INPUT_SARIF. The exit code is
# recorded (output exit-code) rather than failing the step, so the SARIF upload still runs; the
# action's last step fails the job on lint errors.
set -uo pipefail
cli=(node "${GITHUB_ACTION_PATH:?}/bin/bedrock-xacct.js")
sarif="${INPUT_SARIF:-bedrock-xacct.sarif}"
shopt -s nullglob globstar
read -r -a patterns <<<"${INPUT_LINT:?INPUT_LINT names the policy files to lint}"
files=()
for pattern in "${patterns[@]}"; do
  matched=($pattern)
  if [ ${#matched[@]} -eq 0 ]; then
    echo "::error::lint: no file matches ${pattern}" >&2
    echo "exit-code=2" >>"${GITHUB_OUTPUT:-/dev/null}"
    exit 0
  fi
  files+=("${matched[@]}")
done
args=(lint)
if [ -n "${INPUT_LINT_SUPPRESSIONS:-}" ]; then args+=(--suppressions "$INPUT_LINT_SUPPRESSIONS"); fi
"${cli[@]}" "${args[@]}" --format sarif "${files[@]}" >"$sarif"
code=$?
# The findings as text too, for people reading the job's log (same exit code by construction).
"${cli[@]}" "${args[@]}" "${files[@]}" || true
if [ "$code" -eq 2 ]; then rm -f "$sarif"; else echo "sarif=$sarif" >>"${GITHUB_OUTPUT:-/dev/null}"; fi
echo "exit-code=$code" >>"${GITHUB_OUTPUT:-/dev/null}"
exit 0
