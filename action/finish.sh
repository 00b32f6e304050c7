#!/usr/bin/env bash
# The action's last step: fail the job when lint found errors (exit 1) or could not run (exit 2),
# after the SARIF log was uploaded.
set -euo pipefail
code="${LINT_EXIT_CODE:-}"
if [ -z "$code" ]; then echo "::error::lint did not run" >&2; exit 2; fi
if [ "$code" -ne 0 ]; then echo "::error::bedrock-xacct lint exited $code (see the findings above and in code scanning)" >&2; fi
exit "$code"
