#!/usr/bin/env bash
# Verify the setups of INPUT_CONFIG with the job's AWS credentials (the caller in the source
# account), reading the target account with INPUT_TARGET_PROFILE, or through INPUT_TARGET_ROLE_ARN
# (a profile that assumes it from the job's credentials). Exits with verify's exit code.
set -uo pipefail
cli=(node "${GITHUB_ACTION_PATH:?}/bin/bedrock-xacct.js")
args=(verify --config "${INPUT_CONFIG:?INPUT_CONFIG names the config file}")
if [ -n "${INPUT_ONLY:-}" ]; then args+=(--only "$INPUT_ONLY"); fi
if [ -n "${INPUT_JUNIT:-}" ]; then args+=(--junit "$INPUT_JUNIT"); fi
if [ "${INPUT_STRICT:-false}" = "true" ]; then args+=(--strict); fi
if [ -n "${INPUT_TRAIL_TIMEOUT:-}" ]; then args+=(--trail-timeout "$INPUT_TRAIL_TIMEOUT"); fi
if [ -n "${INPUT_TARGET_ROLE_ARN:-}" ]; then
  # A profile of our own, in a copy of the config file, so the user's profiles stay as they are.
  config="$(mktemp)"
  if [ -f "${AWS_CONFIG_FILE:-$HOME/.aws/config}" ]; then cat "${AWS_CONFIG_FILE:-$HOME/.aws/config}" >"$config"; fi
  printf '\n[profile bedrock-xacct-target]\nrole_arn = %s\ncredential_source = Environment\nrole_session_name = bedrock-xacct-ci-reader\n' "$INPUT_TARGET_ROLE_ARN" >>"$config"
  export AWS_CONFIG_FILE="$config"
  args+=(--target-profile bedrock-xacct-target)
elif [ -n "${INPUT_TARGET_PROFILE:-}" ]; then
  args+=(--target-profile "$INPUT_TARGET_PROFILE")
fi
"${cli[@]}" "${args[@]}"
code=$?
echo "exit-code=$code" >>"${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
