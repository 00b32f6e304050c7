#!/usr/bin/env bash
# Install bedrock-xacct from the action's own checkout (the package is not published on npm):
# npm ci runs the build (prepare), then the CLI is bin/bedrock-xacct.js.
set -euo pipefail
cd "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is set by GitHub Actions}"
npm ci --no-audit --no-fund --loglevel=error
node bin/bedrock-xacct.js --version
