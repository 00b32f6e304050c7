#!/usr/bin/env bash
# Baseline for bench/verify-vs-cli.mjs: verify's checklist done by hand with the AWS CLI, as an
# engineer would script it. Each step checks its own outcome; exit 0 only when all hold.
#
#   ROLE_ARN=arn:aws:iam::222222222222:role/BenchRole EXTERNAL_ID=… MODEL_ID=… TARGET_PROFILE=target \
#     bash bench/aws-cli-baseline.sh
#
# Credentials: the default profile is the caller in A; TARGET_PROFILE reads IAM and CloudTrail in B.
# Endpoints: AWS_ENDPOINT_URL (the sandbox). Steps: get-caller-identity, assume-role with and
# without ExternalId (the latter must be denied), iam get-role, bedrock-runtime converse as the
# role, cloudtrail lookup-events ×2 (AssumeRole and Converse events of this session).
set -euo pipefail
: "${ROLE_ARN:?}" "${EXTERNAL_ID:?}" "${MODEL_ID:?}" "${TARGET_PROFILE:?}"
role_name=${ROLE_ARN##*/}
session="baseline-$$-$RANDOM"

aws sts get-caller-identity --query Account --output text >/dev/null

read -r key secret token < <(aws sts assume-role --role-arn "$ROLE_ARN" --role-session-name "$session" \
  --external-id "$EXTERNAL_ID" --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)

if aws sts assume-role --role-arn "$ROLE_ARN" --role-session-name "$session-noext" >/dev/null 2>&1; then
  echo "AssumeRole without ExternalId was allowed" >&2
  exit 1
fi

aws iam get-role --role-name "$role_name" --profile "$TARGET_PROFILE" --query Role.Arn --output text >/dev/null

AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret AWS_SESSION_TOKEN=$token \
  aws bedrock-runtime converse --model-id "$MODEL_ID" \
  --messages '[{"role":"user","content":[{"text":"Reply with OK."}]}]' --query 'usage.totalTokens' --output text >/dev/null

for event in AssumeRole Converse; do
  found=$(aws cloudtrail lookup-events --profile "$TARGET_PROFILE" \
    --lookup-attributes "AttributeKey=EventName,AttributeValue=$event" --max-results 50 \
    --query "length(Events[?contains(CloudTrailEvent, '$session')])" --output text)
  if [ "$found" = "0" ]; then
    echo "CloudTrail shows no $event event for session $session" >&2
    exit 1
  fi
done
