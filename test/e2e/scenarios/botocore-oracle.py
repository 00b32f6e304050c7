"""The AWS CLI's engine (botocore) as the caller, against the sandbox: an oracle we did not write.

One process runs a list of calls (starting the AWS CLI once per call costs seconds on a loaded
machine). Reads JSON from stdin: {"endpoint": URL, "calls": [CALL, ...]}, where CALL is
  {"op": "assume-role", "keys": KEYS, "roleArn": ..., "externalId": ...?}
  {"op": "assume-role-with-web-identity", "roleArn": ..., "token": ...}      (unsigned)
  {"op": "converse", "keysFrom": INDEX, "modelId": ...}                       (the session of call INDEX)
KEYS = {"accessKeyId", "secretAccessKey", "sessionToken"?}. Writes one JSON list: per call
{"outcome": "accepted" | "denied" | "skipped", "code": AWS error code, "message": ..., "keys": session keys}.
"""
import json
import sys

import botocore.session
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError


def client(session, service, endpoint, keys):
    if keys is None:
        return session.create_client(service, region_name="us-east-1", endpoint_url=endpoint, config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}))
    return session.create_client(
        service,
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id=keys["accessKeyId"],
        aws_secret_access_key=keys["secretAccessKey"],
        aws_session_token=keys.get("sessionToken"),
        config=Config(retries={"max_attempts": 1}),
    )


def session_keys(answer):
    c = answer["Credentials"]
    return {"accessKeyId": c["AccessKeyId"], "secretAccessKey": c["SecretAccessKey"], "sessionToken": c["SessionToken"]}


def run(session, endpoint, call, results):
    op = call["op"]
    if op == "assume-role":
        params = {"RoleArn": call["roleArn"], "RoleSessionName": "botocore-oracle"}
        if call.get("externalId") is not None:
            params["ExternalId"] = call["externalId"]
        return {"outcome": "accepted", "keys": session_keys(client(session, "sts", endpoint, call["keys"]).assume_role(**params))}
    if op == "assume-role-with-web-identity":
        answer = client(session, "sts", endpoint, None).assume_role_with_web_identity(RoleArn=call["roleArn"], RoleSessionName="botocore-oracle", WebIdentityToken=call["token"])
        return {"outcome": "accepted", "keys": session_keys(answer)}
    if op == "converse":
        source = results[call["keysFrom"]]
        if source.get("outcome") != "accepted":
            return {"outcome": "skipped"}
        bedrock = client(session, "bedrock-runtime", endpoint, source["keys"])
        bedrock.converse(modelId=call["modelId"], messages=[{"role": "user", "content": [{"text": "Reply with the word OK."}]}], inferenceConfig={"maxTokens": 16})
        return {"outcome": "accepted"}
    raise ValueError("unknown op " + op)


def main():
    request = json.load(sys.stdin)
    session = botocore.session.get_session()
    results = []
    for call in request["calls"]:
        try:
            results.append(run(session, request["endpoint"], call, results))
        except ClientError as error:
            results.append({"outcome": "denied", "code": error.response["Error"]["Code"], "message": str(error)})
    json.dump(results, sys.stdout)


main()
