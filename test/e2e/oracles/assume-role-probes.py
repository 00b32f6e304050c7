"""The AWS CLI's own library (botocore) as an oracle we did not write (issue 16).

Reads JSON on stdin: {endpoint, admin: {key, secret}, caller: {key, secret}, roleArn, cases:
[{name, trust, probes: {label: externalId-or-null}}]}. For each case it replaces the role's trust
(UpdateAssumeRolePolicy as B's admin), then calls AssumeRole as the caller once per probe. Prints
JSON {caseName: {label: true (credentials) | false (AccessDenied)}}; any other error aborts.
One process for the whole table: the CLI's start-up per call is what made a per-call oracle slow.
"""
import json
import sys

import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

spec = json.load(sys.stdin)
session = botocore.session.Session()
config = Config(retries={"max_attempts": 1})


def client(service, keys):
    return session.create_client(service, region_name="us-east-1", endpoint_url=spec["endpoint"], aws_access_key_id=keys["key"], aws_secret_access_key=keys["secret"], config=config)


iam = client("iam", spec["admin"])
sts = client("sts", spec["caller"])
role_name = spec["roleArn"].rsplit("/", 1)[1]
out = {}
for case in spec["cases"]:
    iam.update_assume_role_policy(RoleName=role_name, PolicyDocument=json.dumps(case["trust"]))
    seen = {}
    for label, external_id in case["probes"].items():
        params = {"RoleArn": spec["roleArn"], "RoleSessionName": "adversarial-" + label}
        if external_id is not None:
            params["ExternalId"] = external_id
        try:
            seen[label] = bool(sts.assume_role(**params)["Credentials"]["AccessKeyId"])
        except ClientError as error:
            if error.response["Error"]["Code"] != "AccessDenied":
                raise
            seen[label] = False
    out[case["name"]] = seen
json.dump(out, sys.stdout)
