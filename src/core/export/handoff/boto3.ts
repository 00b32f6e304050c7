/**
 * A boto3 snippet for a notebook or a script in account A: assume the role (with the ExternalId
 * from the environment, never in the code) and call Converse. Runs as is with the caller's
 * credentials; tests run it with Python against the sandbox.
 */
import type { Setup } from '../../setup/model.js'
import type { SetupDocuments } from '../../policies/index.js'
import { HANDOFF_ENV, consumerDurationSeconds, consumerSessionName, firstModel } from './common.js'

/** A Python string literal (JSON's escaping is valid Python for these ASCII values). */
const py = (text: string) => JSON.stringify(text)

export function renderBoto3(setup: Setup, docs: SetupDocuments): string {
  return `"""${setup.name}: call Amazon Bedrock in account ${setup.targetAccountId} through the cross-account role.

Written by bedrock-xacct init. Run it with the caller's credentials in account ${setup.sourceAccountId};
the ExternalId comes from the ${HANDOFF_ENV.externalId} environment variable (see proxy.env).
"""
import os

import boto3

ROLE_ARN = ${py(docs.roleArn)}
REGION = ${py(setup.region)}
MODEL_ID = ${py(firstModel(setup))}
SESSION_NAME = ${py(consumerSessionName(setup, 'boto3'))}
DURATION_SECONDS = ${consumerDurationSeconds(setup)}


def bedrock_client():
    """A bedrock-runtime client with the role's temporary credentials."""
    params = {"RoleArn": ROLE_ARN, "RoleSessionName": SESSION_NAME, "DurationSeconds": DURATION_SECONDS}
    external_id = os.environ.get(${py(HANDOFF_ENV.externalId)})
    if external_id:
        params["ExternalId"] = external_id
    credentials = boto3.client("sts", region_name=REGION).assume_role(**params)["Credentials"]
    return boto3.client(
        "bedrock-runtime",
        region_name=REGION,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


if __name__ == "__main__":
    reply = bedrock_client().converse(
        modelId=MODEL_ID,
        messages=[{"role": "user", "content": [{"text": "Reply with one short sentence."}]}],
        inferenceConfig={"maxTokens": 64},
    )
    print(reply["output"]["message"]["content"][0]["text"])
`
}
